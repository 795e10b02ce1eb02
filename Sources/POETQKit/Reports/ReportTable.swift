import Foundation

/// One cell of a report table: text, a number with the places it is shown with, or nothing.
///
/// Writers keep numbers as numbers (XLSX `<v>`, CSV digits) and show them rounded to `places` in
/// HTML and DOCX.
public enum ReportCell: Sendable, Equatable {
  case text(String)
  case number(Double, places: Int)
  case integer(Int)
  case empty

  /// The cell as people read it: numbers rounded to their places, "−0.00" shown as "0.00".
  public var display: String {
    switch self {
    case .text(let text): return text
    case .integer(let value): return String(value)
    case .number(let value, let places): return ReportFormat.fixed(value, places)
    case .empty: return ""
    }
  }

  /// A number cell, or an empty one for `nil`.
  public static func number(_ value: Double?, _ places: Int) -> ReportCell {
    value.map { .number($0, places: places) } ?? .empty
  }

  /// An integer cell, or an empty one for `nil`.
  public static func integer(_ value: Int?) -> ReportCell { value.map { .integer($0) } ?? .empty }
}

/// A table of a report, shared by every writer: the HTML page, the DOCX, one XLSX sheet, one CSV
/// file, and the text alternative of a figure.
///
/// Rows are produced on demand by `row(_:)` so that a writer can stream a table of 10,000 sorts to
/// a file without holding it twice (the result already holds the numbers).
public struct ReportTable: Sendable {
  /// A short name, safe as a file or sheet name ("loadings", "factor-arrays").
  public var name: String
  /// The caption people read.
  public var title: String
  public var columns: [String]
  public var rowCount: Int
  /// A note under the table (how to read it, the rule behind it).
  public var note: String
  private let makeRow: @Sendable (Int) -> [ReportCell]

  public init(
    name: String, title: String, columns: [String], rowCount: Int, note: String = "",
    row: @escaping @Sendable (Int) -> [ReportCell]
  ) {
    self.name = name
    self.title = title
    self.columns = columns
    self.rowCount = rowCount
    self.note = note
    self.makeRow = row
  }

  /// A table from rows already built.
  public init(name: String, title: String, columns: [String], rows: [[ReportCell]], note: String = "") {
    self.init(name: name, title: title, columns: columns, rowCount: rows.count, note: note) { rows[$0] }
  }

  /// Row `index` (0-based), one cell per column.
  public func row(_ index: Int) -> [ReportCell] { makeRow(index) }

  /// Every row (for small tables and tests).
  public var rows: [[ReportCell]] { (0..<rowCount).map(makeRow) }
}

/// Number formatting shared by the report writers.
public enum ReportFormat {
  /// A participant's words as quoted: “text”, then the language named when it is not the report's
  /// (“C'est juste” (French)). The words are the participant's own, never translated.
  public static func quoted(_ text: String, language: String?) -> String {
    "“\(text)”" + (language.map { " (\($0))" } ?? "")
  }

  /// `value` with `places` decimals, never "-0.00".
  public static func fixed(_ value: Double, _ places: Int) -> String {
    // Digits by integer arithmetic: String(format:) is slow on Linux and tables call this often.
    if value.isFinite, abs(value) < 1e12, (0...9).contains(places) {
      var scale = 1
      for _ in 0..<places { scale *= 10 }
      let units = Int((abs(value) * Double(scale)).rounded())
      var text = String(units / scale)
      if places > 0 {
        let fraction = String(units % scale)
        text += "." + String(repeating: "0", count: places - fraction.count) + fraction
      }
      return value < 0 && units != 0 ? "-" + text : text
    }
    let text = String(format: "%.\(places)f", value)
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
    return text
  }

  /// A signed score as printed on a grid: "+3", "0", "−2" (a true minus sign).
  public static func score(_ value: Int) -> String {
    value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0"
  }
}
