import Foundation
import QMethod

/// Every table of an analysis as a CSV file (RFC 4180, UTF-8, header row first), bundled in a ZIP
/// with the `.LIS` text report and the engine's JSON result. Text cells are guarded against formula
/// injection (``SpreadsheetCSV``); numbers are written in full precision.
public enum CSVTables {
  /// One table as CSV text.
  public static func csv(_ table: ReportTable) -> String {
    var out = SpreadsheetCSV.line(table.columns.map(SpreadsheetCSV.text))
    for index in 0..<table.rowCount { out += line(table.row(index)) }
    return out
  }

  /// One row as a CSV line.
  static func line(_ cells: [ReportCell]) -> String {
    SpreadsheetCSV.line(
      cells.map { cell in
        switch cell {
        case .text(let text): return SpreadsheetCSV.text(text)
        case .integer(let value): return String(value)
        case .number(let value, _): return value.isFinite ? String(value) : ""
        case .empty: return ""
        }
      })
  }

  /// Writes `tables.zip` to `url`: `<name>.csv` per table, `report.lis` and `result.json`.
  public static func write(_ input: ReportInput, to url: URL) throws {
    let package = try ZipPackage(creating: url)
    try write(input, into: package)
  }

  /// The bundle as bytes.
  public static func data(_ input: ReportInput) throws -> Data {
    try ZipPackage.data { try write(input, into: $0) }
  }

  static func write(_ input: ReportInput, into package: ZipPackage) throws {
    for table in ReportTables.all(input) {
      try package.add("\(table.name).csv") { out in
        try out.write(SpreadsheetCSV.line(table.columns.map(SpreadsheetCSV.text)))
        for index in 0..<table.rowCount { try out.write(line(table.row(index))) }
      }
    }
    try package.add("report.lis", input.textReport)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try package.add("result.json", String(decoding: try encoder.encode(input.result), as: UTF8.self))
  }
}
