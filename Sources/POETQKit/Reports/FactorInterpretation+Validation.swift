import Foundation
import QMethod

/// A refused interpretation, naming the field at fault (`quotes[2].sort`) so that an API answers
/// 422 with it and a page marks the input.
public struct InterpretationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The JSON path of the field at fault: `factor`, `name`, `codeNotes.People`, `quotes[0].sort`, …
  public var field: String
  public var message: String

  public init(field: String, message: String) {
    self.field = field
    self.message = message
  }

  public var description: String { "\(field): \(message)" }
}

extension FactorInterpretation {
  /// The longest text each field takes, in characters.
  public enum Limits {
    public static let name = 120
    public static let argument = 500
    public static let description = 20_000
    public static let viewedByOthers = 5_000
    public static let codeNote = 2_000
    public static let quote = 2_000
    public static let quotes = 30
  }

  /// Checks the interpretation of factor `factor` (1-based) of `result` and returns it with its
  /// texts trimmed of surrounding blanks.
  ///
  /// Refused: an unknown factor; a text over its limit (``Limits``); a code note for a code the
  /// Q-set does not have (when `codes` is given); more than ``Limits/quotes`` quotes; a quote whose
  /// sort is not an exemplar (defining sort) of this factor, whose statement is not in the analysis,
  /// or whose text is empty or too long.
  /// - Throws: ``InterpretationError`` naming the first field at fault.
  public func validated(factor: Int, in result: AnalysisResult, codes: [String]? = nil) throws(InterpretationError)
    -> FactorInterpretation
  {
    guard (1...max(result.factorLabels.count, 1)).contains(factor), factor <= result.factorLabels.count else {
      throw InterpretationError(
        field: "factor", message: "the analysis has no factor \(factor) (it has \(result.factorLabels.count))")
    }
    var checked = self
    checked.name = try Self.trimmed(name, field: "name", limit: Limits.name)
    checked.argument = try Self.trimmed(argument, field: "argument", limit: Limits.argument)
    checked.description = try Self.trimmed(description, field: "description", limit: Limits.description)
    checked.viewedByOthers = try Self.trimmed(viewedByOthers, field: "viewedByOthers", limit: Limits.viewedByOthers)
    var notes: [String: String] = [:]
    for (code, note) in codeNotes.sorted(by: { $0.key < $1.key }) {
      let field = "codeNotes.\(code)"
      if let codes, !codes.contains(code) {
        let known = codes.isEmpty ? "the Q-set has no codes" : "codes: " + codes.joined(separator: ", ")
        throw InterpretationError(field: field, message: "no statement has the code “\(code)” (\(known))")
      }
      let text = try Self.trimmed(note, field: field, limit: Limits.codeNote)
      if !text.isEmpty { notes[code] = text }
    }
    checked.codeNotes = notes
    guard quotes.count <= Limits.quotes else {
      throw InterpretationError(
        field: "quotes", message: "\(quotes.count) quotes; a factor takes at most \(Limits.quotes)")
    }
    let exemplars = Set(result.exemplars[factor - 1].map(\.sort))
    checked.quotes = try quotes.enumerated().map { (index, quote) throws(InterpretationError) -> PinnedQuote in
      guard exemplars.contains(quote.sort) else {
        throw InterpretationError(
          field: "quotes[\(index)].sort",
          message:
            "sort “\(quote.sort)” is not an exemplar (defining sort) of factor \(result.factorLabels[factor - 1])")
      }
      guard result.statements.contains(quote.statement) else {
        throw InterpretationError(
          field: "quotes[\(index)].statement", message: "the analysis has no statement \(quote.statement)")
      }
      let text = try Self.trimmed(quote.text, field: "quotes[\(index)].text", limit: Limits.quote)
      guard !text.isEmpty else {
        throw InterpretationError(field: "quotes[\(index)].text", message: "a quote needs some text")
      }
      return PinnedQuote(sort: quote.sort, statement: quote.statement, text: text)
    }
    return checked
  }

  private static func trimmed(_ text: String, field: String, limit: Int) throws(InterpretationError) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard trimmed.count <= limit else {
      throw InterpretationError(
        field: field, message: "\(trimmed.count) characters; at most \(limit) are kept")
    }
    return trimmed
  }
}
