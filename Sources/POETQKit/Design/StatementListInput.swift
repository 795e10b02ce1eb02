import Foundation
import QMethod

/// Reads a list of statements that a researcher pasted or uploaded.
///
/// Two shapes are accepted:
/// - **CSV** (an uploaded `.csv`, or pasted text whose first row names a `text` column): a header
///   row with `text` (or `statement`) and optionally `number` (or `no`, `#`) and `codes` (or
///   `code`); codes within a cell are separated by `;`.
/// - **Plain lines**: one statement per line, optionally numbered (`12. …`, `12) …`, `12<tab>…`),
///   optionally followed by codes after a `|` (`Trust grows slowly | Partnership; Partnership: trust`).
///   Blank lines are skipped.
/// Unnumbered statements are numbered on from `firstNumber`.
public enum StatementListInput {
  /// The statements in `text`, checked by ``QSetRules``.
  /// - Parameters:
  ///   - fileName: the uploaded file's name (a `.csv` name forces the CSV reading), or `nil` for pasted text.
  ///   - firstNumber: the number given to the first unnumbered statement.
  /// - Throws: ``DesignError`` naming the line and field of the first problem.
  public static func parse(_ text: String, fileName: String? = nil, firstNumber: Int = 1) throws(DesignError)
    -> [TemplateStatement]
  {
    let isCSVFile = fileName?.lowercased().hasSuffix(".csv") ?? false
    if isCSVFile || looksLikeCSVHeader(text) {
      return try parseCSV(text, fileName: fileName ?? "pasted text", firstNumber: firstNumber)
    }
    return try parseLines(text, firstNumber: firstNumber)
  }

  static let numberHeaders: Set<String> = ["number", "no", "no.", "#", "nr", "statement number"]
  static let textHeaders: Set<String> = ["text", "statement", "statement text"]
  static let codeHeaders: Set<String> = ["codes", "code", "themes", "theme"]

  private static func headerName(_ cell: String) -> String {
    cell.trimmingCharacters(in: .whitespaces).lowercased()
  }

  private static func looksLikeCSVHeader(_ text: String) -> Bool {
    guard let first = text.split(whereSeparator: \.isNewline).first else { return false }
    let cells = first.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" }).map {
      headerName(String($0)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
    return cells.count >= 2 && cells.contains(where: textHeaders.contains)
  }

  private static func parseCSV(_ text: String, fileName: String, firstNumber: Int) throws(DesignError)
    -> [TemplateStatement]
  {
    let rows: [CSVTable.Row]
    do {
      rows = try CSVTable.rows(data: Data(text.utf8), fileName: fileName)
    } catch {
      throw DesignError(field: "File", error.description)
    }
    guard let header = rows.first else { throw DesignError(field: "File", "\(fileName) holds no statements.") }
    let names = header.cells.map(headerName)
    guard let textColumn = names.firstIndex(where: textHeaders.contains) else {
      throw DesignError(
        field: "Header", line: header.line,
        "\(fileName) needs a column named \"text\" (and optionally \"number\", \"codes\").")
    }
    let numberColumn = names.firstIndex(where: numberHeaders.contains)
    let codeColumn = names.firstIndex(where: codeHeaders.contains)
    var statements: [TemplateStatement] = []
    var lines: [Int] = []
    var next = firstNumber
    for row in rows.dropFirst() {
      func cell(_ column: Int?) -> String {
        guard let column, column < row.cells.count else { return "" }
        return row.cells[column].trimmingCharacters(in: .whitespacesAndNewlines)
      }
      var number = next
      let numberText = cell(numberColumn)
      if !numberText.isEmpty {
        guard let parsed = Int(numberText) else {
          throw DesignError(field: "Number", line: row.line, "\"\(numberText)\" is not a whole number.")
        }
        number = parsed
      }
      next = max(next, number) + 1
      let codes = QSetRules.codes(from: cell(codeColumn))
      statements.append(TemplateStatement(number: number, text: cell(textColumn), codes: codes))
      lines.append(row.line)
    }
    guard !statements.isEmpty else { throw DesignError(field: "File", "\(fileName) holds a header but no statements.") }
    return try QSetRules.checked(statements, lines: lines)
  }

  private static func parseLines(_ text: String, firstNumber: Int) throws(DesignError) -> [TemplateStatement] {
    var statements: [TemplateStatement] = []
    var lines: [Int] = []
    var next = firstNumber
    var lineNumber = 0
    text.enumerateLines { line, _ in
      lineNumber += 1
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty else { return }
      var body = Substring(trimmed)
      var codes: [String] = []
      if let bar = body.lastIndex(of: "|") {
        codes = QSetRules.codes(from: body[body.index(after: bar)...])
        body = body[..<bar]
      }
      var number = next
      let digits = body.prefix(while: \.isNumber)
      if !digits.isEmpty, digits.count <= 6, let parsed = Int(digits) {
        let rest = body.dropFirst(digits.count)
        // "12. …", "12) …", "12<tab>…", "12: …"; a bare "3 partners …" is text, not a number.
        if let separator = rest.first, ".)\t:".contains(separator) {
          number = parsed
          body = rest.dropFirst()
        }
      }
      next = max(next, number) + 1
      statements.append(TemplateStatement(number: number, text: String(body), codes: codes))
      lines.append(lineNumber)
    }
    guard !statements.isEmpty else {
      throw DesignError(field: "Statements", "the list is empty; paste one statement per line.")
    }
    return try QSetRules.checked(statements, lines: lines)
  }
}
