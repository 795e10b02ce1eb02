import Foundation

/// Reads Q data from any supported file format (see ``QDataFormat``).
///
/// ```swift
/// let data = try QDataReader.read(url: URL(filePath: "LIPSET.DAT"))   // finds LIPSET.STA itself
/// let web = try QDataReader.read(url: results, statementsFile: texts) // an easy-htmlq export
/// ```
///
/// The distribution comes from, in order: the `distribution` argument; the file (`.DAT` line 2,
/// the JSON dataset); otherwise it is inferred — forced with the sorts' common shape when every
/// sort puts the same number of statements at each score, else free over the lowest…highest score
/// found. Every score is checked against it.
///
/// Every problem with the input is a `QMethodError.malformedInput` naming the file, the 1-based
/// line (when the format has lines) and the field, with a message a researcher can act on. Files
/// above 2 GB and Q-sets above 10,000 statements are refused; any number of sorts is read.
public enum QDataReader {
  /// Reads a file.
  /// - Parameters:
  ///   - url: the data file.
  ///   - format: the format; detected from the extension and contents when `nil`
  ///     (``QDataFormat/detect(url:)``).
  ///   - statementsFile: statement texts, one per line in statement order (PQMethod's `.STA`
  ///     layout); they replace any texts or labels in the data file. When `nil` and the file is a
  ///     `.DAT`, a `.STA` of the same name next to it is used if there is one.
  ///   - distribution: the grid to read the sorts against, overriding the file's or the inferred one.
  /// - Returns: the validated data, statements numbered 1…n in file order (the JSON dataset keeps
  ///   its own numbers).
  /// - Throws: `QMethodError.malformedInput` naming the file, line and field at fault.
  ///   - options: what to do with invalid records, the text encoding, a free distribution.
  public static func read(
    url: URL, format: QDataFormat? = nil, statementsFile: URL? = nil, distribution: Distribution? = nil,
    options: ReadOptions = ReadOptions()
  ) throws(QMethodError) -> QSortData {
    let data = try loadData(url)
    let format = try resolved(format, data, url.lastPathComponent, options)
    var textsFile = statementsFile
    if textsFile == nil, format == .pqmethodDAT { textsFile = siblingSTA(of: url) }
    var textNotes: [String] = []
    let texts = try textsFile.map { url throws(QMethodError) in
      let input = try FormatInput(fileName: url.lastPathComponent, data: try loadData(url), options: options)
      textNotes = input.notes
      return try statementTexts(input)
    }
    var result = try read(
      data: data, fileName: url.lastPathComponent, format: format, statementTexts: texts,
      textsFileName: textsFile?.lastPathComponent, distribution: distribution, options: options)
    result.notes = textNotes + result.notes
    return result
  }

  /// Reads file contents already in memory (an upload, say).
  /// - Parameters:
  ///   - data: the file's bytes.
  ///   - fileName: the name errors report, and whose extension helps detect the format.
  ///   - format: the format; detected when `nil` (``QDataFormat/detect(data:fileName:)``).
  ///   - statementTexts: one text per statement, replacing any texts or labels in the data.
  ///   - distribution: the grid to read the sorts against, overriding the file's or the inferred one.
  /// - Throws: `QMethodError.malformedInput` naming the file, line and field at fault.
  ///   - options: what to do with invalid records, the text encoding, a free distribution.
  public static func read(
    data: Data, fileName: String, format: QDataFormat? = nil, statementTexts: [String]? = nil,
    distribution: Distribution? = nil, options: ReadOptions = ReadOptions()
  ) throws(QMethodError) -> QSortData {
    try read(
      data: data, fileName: fileName, format: format, statementTexts: statementTexts, textsFileName: nil,
      distribution: distribution, options: options)
  }

  static func read(
    data: Data, fileName: String, format: QDataFormat?, statementTexts: [String]?, textsFileName: String?,
    distribution: Distribution?, options: ReadOptions
  ) throws(QMethodError) -> QSortData {
    let format = try resolved(format, data, fileName, options)
    if format == .kadeXLSX {
      return try KADEWorkbook.read(
        data: data, fileName: fileName, options: options, statementTexts: statementTexts, textsFileName: textsFileName,
        distribution: distribution)
    }
    let input = try FormatInput(fileName: fileName, data: data, options: options)
    return try read(
      input, format: format, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution)
  }

  /// Statement texts from file contents in memory (an upload), one per line, in the encoding given
  /// or detected; the note says which encoding was guessed when the file was not UTF-8.
  public static func readStatementTexts(data: Data, fileName: String, encoding: TextEncoding? = nil)
    throws(QMethodError) -> (texts: [String], note: String?)
  {
    let input = try FormatInput(fileName: fileName, data: data, options: ReadOptions(encoding: encoding))
    return (try statementTexts(input), input.notes.first)
  }

  /// Reads statement texts: one per line, in statement order (PQMethod's `.STA` layout), UTF-8 or,
  /// when the file is not UTF-8, Windows-1252. Surrounding blanks are dropped; an empty line is a
  /// statement without text, and empty lines after the last statement are ignored when the texts
  /// are matched to the data.
  /// - Throws: `QMethodError.malformedInput` when the file cannot be read or holds no text.
  public static func readStatementTexts(url: URL, encoding: TextEncoding? = nil) throws(QMethodError) -> [String] {
    try statementTexts(
      FormatInput(fileName: url.lastPathComponent, data: loadData(url), options: ReadOptions(encoding: encoding)))
  }

  static func statementTexts(_ input: FormatInput) throws(QMethodError) -> [String] {
    let texts = FormatSupport.statementTexts(input)
    guard texts.count <= FormatLimits.maxStatements else {
      throw input.error(
        line: FormatLimits.maxStatements + 1, field: "statements",
        "the file holds more than \(FormatLimits.maxStatements) statement texts")
    }
    if let long = texts.firstIndex(where: { $0.utf8.count > FormatLimits.maxFieldBytes }) {
      throw input.error(line: long + 1, field: "statement \(long + 1)", "the statement text is longer than 1 MB")
    }
    return texts
  }

  static func read(
    _ input: FormatInput, format: QDataFormat, statementTexts: [String]?, textsFileName: String?,
    distribution: Distribution?
  ) throws(QMethodError) -> QSortData {
    switch format {
    case .pqmethodDAT:
      return try PQMethodFile.read(
        input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution)
    case .csvStatementsAsRows:
      return try QSortCSV.readStatementsAsRows(
        input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution)
    case .csvSortsAsRows:
      return try QSortCSV.readSortsAsRows(
        input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution)
    case .json:
      return try DatasetJSON.read(
        input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution)
    case .htmlqJSON:
      return try HtmlqJSON.read(
        input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution)
    case .webSortCSV:
      return try WebSortCSV.read(
        input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution)
    case .kadeXLSX:
      throw input.error(line: nil, field: nil, "an Excel workbook is read from its bytes, not as text")
    }
  }

  /// The format given, or the one detected from the name and contents.
  static func resolved(_ format: QDataFormat?, _ data: Data, _ fileName: String, _ options: ReadOptions)
    throws(QMethodError) -> QDataFormat
  {
    if let format { return format }
    return try QDataFormat.detect(data: data, fileName: fileName, options: options)
  }

  /// Reads a file's bytes, refusing files above the size limit before reading them.
  static func loadData(_ url: URL) throws(QMethodError) -> Data {
    let name = url.lastPathComponent
    let size: Int
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
      size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    } catch {
      throw .malformedInput(file: name, line: nil, field: nil, message: "cannot be opened: no such file or no access")
    }
    guard size <= FormatLimits.maxFileBytes else {
      throw .malformedInput(
        file: name, line: nil, field: nil, message: "the file is \(size) bytes long; files above 2 GB are refused")
    }
    let data: Data
    do {
      data = try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      throw .malformedInput(file: name, line: nil, field: nil, message: "cannot be read: \(error.localizedDescription)")
    }
    return data
  }

  /// `X.STA` or `X.sta` next to `X.DAT`, if it exists.
  static func siblingSTA(of url: URL) -> URL? {
    let base = url.deletingPathExtension()
    for ext in ["STA", "sta", "Sta"] {
      let candidate = base.appendingPathExtension(ext)
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
    }
    return nil
  }
}
