/// Why a piece of a study's design was refused, naming the field (and the line of a pasted or
/// uploaded list) so the researcher can find and fix it.
public struct DesignError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The field as the researcher sees it ("Text", "Number", "Capacity of +3", "Options").
  public var field: String
  /// The 1-based line of a pasted or uploaded list, when the error comes from one.
  public var line: Int?
  public var message: String

  public init(field: String, line: Int? = nil, _ message: String) {
    self.field = field
    self.line = line
    self.message = message
  }

  /// "Line 4, Text: a statement needs some text." or "Text: a statement needs some text."
  public var description: String {
    if let line { return "Line \(line), \(field): \(message)" }
    return "\(field): \(message)"
  }
}
