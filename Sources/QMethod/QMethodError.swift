/// Errors the engine reports. Every case carries a message a researcher can act on.
public enum QMethodError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A file could not be read as the format it claims to be. `line` and `field` are 1-based when known.
  case malformedInput(file: String, line: Int?, field: String?, message: String)
  /// The grid is inconsistent (capacities, range).
  case invalidDistribution(String)
  /// The data cannot be analysed as asked (too few sorts, a sort that does not fit, …).
  case invalidData(String)
  /// The analysis options contradict the data (more factors than sorts, unknown sort in a flag, …).
  case invalidOptions(String)
  /// An error with what the reader can do about it, as data (``Remedy``): the message itself names no
  /// command-line flag or form control; ``described(remedies:)`` words the remedies for a front end.
  indirect case remedied(QMethodError, [Remedy])

  public var description: String {
    switch self {
    case .malformedInput(let file, let line, let field, let message):
      var location = file
      if let line { location += ", line \(line)" }
      if let field { location += ", \(field)" }
      return "\(location): \(message)"
    case .invalidDistribution(let message): return "Invalid distribution: \(message)"
    case .invalidData(let message): return "Invalid data: \(message)"
    case .invalidOptions(let message): return "Invalid options: \(message)"
    case .remedied: return described { $0.neutralWording }
    }
  }
}
