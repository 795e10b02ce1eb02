import Foundation

/// CSV that is safe to open in a spreadsheet: text cells that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading apostrophe, and cells
/// are quoted as RFC 4180 asks. Numbers we write ourselves are not text cells and stay as they are.
public enum SpreadsheetCSV {
  /// The characters that make a spreadsheet read a cell as a formula.
  static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

  /// `text` with a leading apostrophe when a spreadsheet would take it for a formula.
  public static func neutralised(_ text: String) -> String {
    guard let first = text.first, formulaStarts.contains(first) || first.unicodeScalars.first == "\r" else {
      return text
    }
    return "'" + text
  }

  /// A text cell: neutralised, then quoted when it holds a delimiter, a quote or a line break.
  public static func text(_ text: String) -> String { quoted(neutralised(text)) }

  /// `text` quoted when it must be (comma, semicolon, quote, line break, surrounding blanks).
  public static func quoted(_ text: String) -> String {
    let needsQuotes =
      text.contains { $0 == "," || $0 == ";" || $0 == "\"" || $0.isNewline || $0 == "\t" }
      || text.first == " " || text.last == " "
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// `text` always quoted, as R's `write.csv` writes character cells (neutralised first).
  public static func alwaysQuoted(_ text: String) -> String {
    "\"" + neutralised(text).replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One line of cells that are already formatted, ended by a line feed.
  public static func line(_ cells: [String]) -> String { cells.joined(separator: ",") + "\n" }
}
