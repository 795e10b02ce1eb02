import Foundation

/// Writes Q data in any writable ``QDataFormat``.
///
/// ```swift
/// try QDataWriter.write(data, to: URL(filePath: "study.DAT"))  // also writes study.STA
/// try QDataWriter.write(data, to: URL(filePath: "study.csv"), format: .csvSortsAsRows)
/// ```
///
/// What each format keeps: the JSON dataset keeps everything. PQMethod `.DAT` keeps the title, sort
/// ids (at most 8 bytes), scores and grid (scores −6…+13, at most 999 sorts and statements); texts go
/// to the `.STA`. CSV keeps ids, scores and texts (as row labels or header cells) but not the title;
/// reading it back infers the distribution, so a free grid wider than the scores used, or a forced
/// one, is only recovered when the sorts imply it (pass the distribution when reading to be exact).
public enum QDataWriter {
  /// Writes `data` to `url`.
  /// - Parameters:
  ///   - data: the data to write.
  ///   - url: the file to create or replace.
  ///   - format: the format; taken from the extension when `nil` (``QDataFormat/forWriting(url:)``).
  ///     A `.DAT` also gets its statement texts written to a `.STA` next to it (same name, extension
  ///     `STA`, or `sta` when the `.dat` is lower case) when any statement has text.
  /// - Throws: `QMethodError.invalidOptions` for a read-only format or unknown extension,
  ///   `QMethodError.invalidData` when the data does not fit the format (see ``encode(_:format:)``),
  ///   `QMethodError.malformedInput` naming the file when it cannot be written.
  public static func write(_ data: QSortData, to url: URL, format: QDataFormat? = nil) throws(QMethodError) {
    let chosen: QDataFormat
    if let format { chosen = format } else { chosen = try QDataFormat.forWriting(url: url) }
    let contents = try encode(data, format: chosen)
    try save(contents, to: url)
    if chosen == .pqmethodDAT, data.statements.contains(where: { !$0.text.isEmpty }) {
      let ext = url.pathExtension == url.pathExtension.lowercased() && !url.pathExtension.isEmpty ? "sta" : "STA"
      try save(PQMethodFile.encodeStatementTexts(data), to: url.deletingPathExtension().appendingPathExtension(ext))
    }
  }

  /// The file contents of `data` in `format`.
  /// - Throws: `QMethodError.invalidOptions` for ``QDataFormat/htmlqJSON`` (read only);
  ///   `QMethodError.invalidData` when a `.DAT` cannot hold the data (sort ids over 8 bytes, more
  ///   than 999 sorts or statements, scores outside −6…+13).
  public static func encode(_ data: QSortData, format: QDataFormat) throws(QMethodError) -> Data {
    switch format {
    case .pqmethodDAT: return try PQMethodFile.encode(data)
    case .csvStatementsAsRows: return QSortCSV.encodeStatementsAsRows(data)
    case .csvSortsAsRows: return QSortCSV.encodeSortsAsRows(data)
    case .json: return DatasetJSON.encode(data)
    case .htmlqJSON, .webSortCSV, .kadeXLSX:
      throw .invalidOptions("\(format.rawValue) is read only; write .DAT, .csv or .json instead")
    }
  }

  /// The statement texts of `data` as a PQMethod `.STA` file: one text per line.
  public static func encodeStatementTexts(_ data: QSortData) -> Data {
    PQMethodFile.encodeStatementTexts(data)
  }

  static func save(_ contents: Data, to url: URL) throws(QMethodError) {
    do {
      try contents.write(to: url, options: .atomic)
    } catch {
      throw .malformedInput(
        file: url.lastPathComponent, line: nil, field: nil,
        message: "cannot be written: \(error.localizedDescription)")
    }
  }
}
