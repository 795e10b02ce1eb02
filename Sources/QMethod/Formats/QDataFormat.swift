import Foundation

/// The file formats ``QDataReader`` reads and ``QDataWriter`` writes.
public enum QDataFormat: String, Sendable, Hashable, CaseIterable, Codable {
  /// PQMethod's fixed-column `.DAT` file, with its `.STA` statement texts alongside.
  case pqmethodDAT
  /// CSV with a header `statement,<sort ids>` and one row per statement (label, then scores).
  case csvStatementsAsRows
  /// CSV with a header `id,1,2,…,n` and one row per sort (id, then scores) — what KADE reads.
  case csvSortsAsRows
  /// The engine's own JSON dataset (title, distribution, statements, sorts).
  case json
  /// easy-htmlq / EQ Web Sort / Quince results: participant objects with a `"sort": "v1|v2|…"` (read only).
  case htmlqJSON
  /// HTMLQ / FlashQ results CSV (`sid;uid;s1;…`) and EQ Web Sort / Quince CSV tables (read only).
  case webSortCSV
  /// KADE's Excel workbook: sheets `sorts`, `statements` and optionally `name`, `pattern` (read only).
  case kadeXLSX

  /// Whether ``QDataWriter`` can write this format (not the collection tools' exports).
  public var isWritable: Bool { ![.htmlqJSON, .webSortCSV, .kadeXLSX].contains(self) }

  /// The usual file extension, without the dot.
  public var fileExtension: String {
    switch self {
    case .pqmethodDAT: "DAT"
    case .csvStatementsAsRows, .csvSortsAsRows, .webSortCSV: "csv"
    case .json, .htmlqJSON: "json"
    case .kadeXLSX: "xlsx"
    }
  }

  /// Detects the format of an existing file from its extension and its first bytes.
  ///
  /// `.dat` is PQMethod; `.csv`/`.tsv`/`.txt` is CSV, its orientation taken from the header (a first
  /// column headed `id`/`participant`/… or statement columns numbered `1,2,…` mean sorts as rows;
  /// otherwise statements as rows); `.json` is the engine's dataset when it has top-level
  /// `"statements"` and `"sorts"`, otherwise an easy-htmlq export. Other extensions are sniffed.
  /// - Throws: `QMethodError.malformedInput` when the file cannot be read or is no known format.
  public static func detect(url: URL, options: ReadOptions = ReadOptions()) throws(QMethodError) -> QDataFormat {
    let data = try QDataReader.loadData(url)
    return try detect(data: data, fileName: url.lastPathComponent, options: options)
  }

  /// Detects the format of file contents already in memory; `fileName` supplies the extension.
  /// A ZIP archive (`.xlsx`, or bytes starting `PK`) is KADE's workbook.
  public static func detect(data: Data, fileName: String, options: ReadOptions = ReadOptions()) throws(QMethodError)
    -> QDataFormat
  {
    if isWorkbook(data: data, fileName: fileName) { return .kadeXLSX }
    return try detect(FormatInput(fileName: fileName, data: data, options: options))
  }

  static func isWorkbook(data: Data, fileName: String) -> Bool {
    let fileExtension = (fileName as NSString).pathExtension.lowercased()
    if fileExtension == "xlsx" { return true }
    return !["dat", "csv", "tsv", "txt", "json"].contains(fileExtension) && data.starts(with: [0x50, 0x4B, 0x03, 0x04])
  }

  /// The format to write a file with this extension in: `.dat` → PQMethod, `.csv` → statements as
  /// rows, `.json` → the engine's dataset.
  /// - Throws: `QMethodError.invalidOptions` for any other extension.
  public static func forWriting(url: URL) throws(QMethodError) -> QDataFormat {
    switch url.pathExtension.lowercased() {
    case "dat": return .pqmethodDAT
    case "csv", "tsv", "txt": return .csvStatementsAsRows
    case "json": return .json
    default:
      throw .invalidOptions(
        "cannot tell the format of \(url.lastPathComponent) from its extension; use .DAT, .csv or .json, or name the format"
      )
    }
  }

  static func detect(_ input: FormatInput) throws(QMethodError) -> QDataFormat {
    let fileExtension = (input.fileName as NSString).pathExtension.lowercased()
    switch fileExtension {
    case "dat": return .pqmethodDAT
    case "csv", "tsv", "txt": return QSortCSV.sniffLayout(input)
    case "json": return sniffJSON(input)
    default: break
    }
    guard let first = input.bytes.first(where: { !FormatSupport.isBlank($0) && $0 != 0x0A && $0 != 0x0D }) else {
      throw input.error(line: nil, field: nil, "the file is empty")
    }
    if first == 0x7B || first == 0x5B { return sniffJSON(input) }  // { or [
    if looksLikeDAT(input) { return .pqmethodDAT }
    if input.bytes.prefix(65_536).contains(where: { $0 == 0x2C || $0 == 0x3B || $0 == 0x09 }) {
      return QSortCSV.sniffLayout(input)
    }
    throw input.error(
      line: nil, field: nil, "the format cannot be recognised; expected a PQMethod .DAT, CSV or JSON file")
  }

  /// Line 1 of a `.DAT` file: three I3 numbers (`  0  9 33`).
  static func looksLikeDAT(_ input: FormatInput) -> Bool {
    guard let line = FormatSupport.lineRanges(input.bytes).first, line.count >= 9 else { return false }
    let bytes = input.bytes
    return (0..<3).allSatisfy { field in
      let start = line.lowerBound + 3 * field
      return FormatSupport.parseInteger(bytes, start..<(start + 3)) != nil
    }
  }

  /// The engine's dataset has top-level `"statements"` and `"sorts"`; anything else is an htmlq export.
  static func sniffJSON(_ input: FormatInput) -> QDataFormat {
    guard let object = try? JSONSerialization.jsonObject(with: Data(input.bytes)) as? [String: Any] else {
      return .htmlqJSON
    }
    return object["statements"] != nil && object["sorts"] != nil ? .json : .htmlqJSON
  }
}
