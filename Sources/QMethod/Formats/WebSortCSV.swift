import Foundation

/// Results tables of online Q-sort tools, one row per participant (read only):
/// - **HTMLQ / FlashQ** (`;`-separated, CRLF): header `sid;uid;s1;…;sN;npos;nneu;nneg;` then form,
///   comment and duration columns and `datetime`; scores written `+2`, ` 0`, `-3`.
/// - **EQ Web Sort / Quince CSV**: the columns of their JSON records (`partId`, `randomId`,
///   `urlUsercode`, `sort` as "v1|v2|…", `s0…sN`, answers, durations).
///
/// The layout is told by the header: a `sort` column (not first) or numbered `s0`/`s1`… columns.
/// Each row becomes a record read as ``HtmlqJSON`` reads one (ids, scores), named by its line; every
/// other column with a heading is kept as the sort's metadata (site, answers, comments, durations).
enum WebSortCSV {
  /// Whether a header row (lower-cased cells) is a collection tool's results table.
  static func isWebSortHeader(_ header: [String]) -> Bool {
    // `statement,s1,s2,…` is the engine's own statements-as-rows layout with sorts named s1, s2: not
    // a collection tool's export, whose rows are participants.
    if let first = header.first,
      QSortCSV.statementHeaderWords.contains(first.trimmingCharacters(in: .whitespaces).lowercased())
    {
      return false
    }
    return header.dropFirst().contains("sort") || header.filter { HtmlqJSON.isScoreKey($0) }.count >= 2
  }

  static func read(
    _ input: FormatInput, statementTexts: [String]?, textsFileName: String?, distribution: Distribution?
  ) throws(QMethodError) -> QSortData {
    var tokenizer = CSVTokenizer(input: input, delimiter: CSVTokenizer.sniffDelimiter(input.bytes))
    var cells: [CSVTokenizer.Cell] = []
    guard try QSortCSV.nextNonEmptyRow(&tokenizer, &cells) != nil else {
      throw input.error(line: nil, field: nil, "the file is empty")
    }
    let header = cells.map { tokenizer.text($0) }
    let keys = header.map { name -> String in
      let lower = name.lowercased()
      return lower == "sort" || HtmlqJSON.isScoreKey(lower) ? lower : name
    }
    var records: [HtmlqJSON.Record] = []
    while let line = try tokenizer.nextRow(into: &cells) {
      if cells.allSatisfy({ tokenizer.isEmpty($0) }) { continue }
      var object: [String: Any] = [:]
      for (column, cell) in cells.enumerated() where column < keys.count && !keys[column].isEmpty {
        let text = tokenizer.text(cell)
        let key = keys[column]
        // An empty score cell ends the sort (a shorter sort is then reported by SortRecords).
        if HtmlqJSON.isScoreKey(key), text.isEmpty { continue }
        object[key] = text
      }
      records.append(HtmlqJSON.Record(key: String(records.count), object: object, place: "line \(line)", line: line))
    }
    guard !records.isEmpty else { throw input.error(line: nil, field: nil, "the table has a header but no rows") }
    return try HtmlqJSON.assemble(
      records, keyed: false, container: nil, input: input, statementTexts: statementTexts,
      textsFileName: textsFileName, distribution: distribution)
  }
}
