import Foundation

/// Writes CSV (RFC 4180, CRLF) that is safe to open in a spreadsheet: a text cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so it is never run as a
/// formula. Numbers we write ourselves go in as ``Cell/number`` and stay as they are.
struct CSVWriter {
  enum Cell {
    case text(String)
    case number(String)
  }

  private(set) var text = ""

  mutating func row(_ cells: [Cell]) {
    text += cells.map(Self.encode).joined(separator: ",") + "\r\n"
  }

  mutating func row(_ texts: [String]) { row(texts.map(Cell.text)) }

  static func encode(_ cell: Cell) -> String {
    switch cell {
    case .number(let value): return value
    case .text(let value):
      var value = value
      if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
        value = "'" + value
      }
      guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
  }
}
