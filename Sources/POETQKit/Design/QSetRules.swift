import Foundation

/// What makes a Q-set acceptable: every statement has a positive number that no other statement
/// has, some text of reasonable length, and short codes.
public enum QSetRules {
  /// Longer statements do not fit a card a participant can read on a phone.
  public static let maxTextLength = 500
  public static let maxCodeLength = 80
  /// Participants sort 30–80 statements; 200 leaves room for pilots without inviting mistakes.
  public static let maxStatements = 200

  /// A statement's text and codes, cleaned (surrounding blanks dropped, inner runs of blanks kept).
  /// - Throws: ``DesignError`` naming `Text` or `Codes` (with `line` when given).
  public static func checked(_ statement: TemplateStatement, line: Int? = nil) throws(DesignError)
    -> TemplateStatement
  {
    let text = statement.text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard statement.number > 0 else {
      throw DesignError(field: "Number", line: line, "statement numbers start at 1 (got \(statement.number)).")
    }
    guard !text.isEmpty else { throw DesignError(field: "Text", line: line, "a statement needs some text.") }
    guard text.count <= maxTextLength else {
      throw DesignError(
        field: "Text", line: line,
        "statement \(statement.number) is \(text.count) characters; keep it under \(maxTextLength).")
    }
    var codes: [String] = []
    for code in statement.codes.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !code.isEmpty {
      guard code.count <= maxCodeLength else {
        throw DesignError(
          field: "Codes", line: line, "the code \"\(code.prefix(20))…\" is longer than \(maxCodeLength) characters.")
      }
      if !codes.contains(code) { codes.append(code) }
    }
    return TemplateStatement(number: statement.number, text: text, codes: codes)
  }

  /// A whole Q-set, each statement checked, numbers unique.
  /// - Parameter lines: the line each statement came from, for messages about a pasted list.
  /// - Throws: ``DesignError`` for the first problem found.
  public static func checked(_ statements: [TemplateStatement], lines: [Int]? = nil) throws(DesignError)
    -> [TemplateStatement]
  {
    guard statements.count <= maxStatements else {
      throw DesignError(
        field: "Statements", "\(statements.count) statements is more than the \(maxStatements) POETQ accepts.")
    }
    var seen: [Int: Int?] = [:]
    var result: [TemplateStatement] = []
    for (index, statement) in statements.enumerated() {
      let line = lines?[index]
      let clean = try checked(statement, line: line)
      if let first = seen[clean.number] {
        let place = first.map { " (line \($0))" } ?? ""
        throw DesignError(
          field: "Number", line: line,
          "statement number \(clean.number) is used twice\(place); numbers must be unique.")
      }
      seen[clean.number] = line
      result.append(clean)
    }
    return result
  }

  /// Codes written as one text, separated by semicolons ("Partnership; Partnership: trust"), trimmed,
  /// empty ones dropped. The one way codes are read from a form, a pasted line, a CSV cell or storage.
  public static func codes(from text: some StringProtocol) -> [String] {
    text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
  }

  /// How many statements carry each code, sorted by code: the balance of the sampling framework.
  public static func codeCounts(_ statements: [TemplateStatement]) -> [(code: String, count: Int)] {
    var counts: [String: Int] = [:]
    for statement in statements {
      for code in statement.codes { counts[code, default: 0] += 1 }
    }
    return counts.map { (code: $0.key, count: $0.value) }.sorted { $0.code < $1.code }
  }
}
