import Foundation

/// A CSV file as rows of text cells, for small tables such as a study's statement list.
///
/// The engine's readers stream scores straight from bytes; this is the convenient form for callers
/// outside the engine (the study builder's CSV upload), with the same tokenizer, delimiter sniffing
/// (comma, semicolon or tab), encodings and size limits.
public enum CSVTable {
  /// One row: the 1-based line it starts on and its cells' text.
  public struct Row: Sendable, Equatable {
    public var line: Int
    public var cells: [String]
  }

  /// The non-blank rows of `data`.
  /// - Parameter fileName: the name used in error messages.
  /// - Throws: ``QMethodError/malformedInput(file:line:field:message:)`` for an unclosed quote,
  ///   an over-long cell or an over-large file.
  public static func rows(data: Data, fileName: String) throws(QMethodError) -> [Row] {
    let input = try FormatInput(fileName: fileName, data: data)
    var tokenizer = CSVTokenizer(input: input, delimiter: CSVTokenizer.sniffDelimiter(input.bytes))
    var cells: [CSVTokenizer.Cell] = []
    var rows: [Row] = []
    while let line = try tokenizer.nextRow(into: &cells) {
      if cells.allSatisfy({ tokenizer.isEmpty($0) }) { continue }
      rows.append(Row(line: line, cells: cells.map { tokenizer.text($0) }))
    }
    return rows
  }
}
