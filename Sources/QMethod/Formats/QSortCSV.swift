import Foundation

/// Q data as CSV, in either orientation.
///
/// **Statements as rows** (``QDataFormat/csvStatementsAsRows``, the layout of the reference
/// `lipset.csv`): a header `statement,<sort id>,<sort id>,…`, then one row per statement: a label,
/// then that statement's score in every sort. Statements are numbered by row order, 1…n. The label
/// becomes the statement's text unless statement texts are given separately (a `.STA`-style file),
/// which then win; the writer writes each statement's text as its label, so text survives a round
/// trip (an empty text gives an empty label).
///
/// **Sorts as rows** (``QDataFormat/csvSortsAsRows``, what KADE's "Load CSV File" reads: it skips
/// the first row and takes each further row as a sort id followed by its scores in statement
/// order): a header `id,1,2,…,n`, then one row per sort: the sort id, then its n scores. A header
/// cell other than the statement's own number is kept as that statement's text, and the writer
/// writes a statement's text there (its number when the text is empty).
///
/// Both readers accept comma, semicolon or tab as the delimiter (from the first line), CRLF, a UTF-8
/// byte-order mark, quoted cells, blank lines and trailing empty cells (as spreadsheets save them).
/// The title is not stored in CSV.
enum QSortCSV {
  /// Header words that mark the sorts-as-rows layout when they head the first column.
  static let sortHeaderWords: Set<String> = [
    "id", "sort", "sort id", "sortid", "sort_id", "participant", "participants", "name", "respondent", "qsort",
    "q-sort", "q sort", "person", "subject",
  ]
  /// Header words that mark the statements-as-rows layout when they head the first column.
  static let statementHeaderWords: Set<String> = [
    "statement", "statements", "statement number", "statement_number", "stmt", "item", "items", "sta", "no", "nr",
    "number", "#",
  ]

  // MARK: Reading

  /// Which of the two layouts a CSV file uses, from its header: the first column's heading, or
  /// numbered statement columns `1,2,…`; statements as rows when nothing decides.
  static func sniffLayout(_ input: FormatInput) -> QDataFormat {
    var tokenizer = CSVTokenizer(input: input, delimiter: CSVTokenizer.sniffDelimiter(input.bytes))
    var cells: [CSVTokenizer.Cell] = []
    guard (try? nextNonEmptyRow(&tokenizer, &cells)) != nil, !cells.isEmpty else { return .csvStatementsAsRows }
    let header = cells.map { tokenizer.text($0).lowercased() }
    if WebSortCSV.isWebSortHeader(header) { return .webSortCSV }
    if isHeaderlessSortRow(cells, tokenizer) { return .csvSortsAsRows }
    let first = header[0]
    if sortHeaderWords.contains(first) { return .csvSortsAsRows }
    if statementHeaderWords.contains(first) { return .csvStatementsAsRows }
    let rest = cells.dropFirst().filter { !tokenizer.isEmpty($0) }
    if !rest.isEmpty, rest.enumerated().allSatisfy({ tokenizer.text($0.element) == String($0.offset + 1) }) {
      return .csvSortsAsRows
    }
    return .csvStatementsAsRows
  }

  static func readStatementsAsRows(
    _ input: FormatInput, statementTexts: [String]?, textsFileName: String?, distribution: Distribution?
  ) throws(QMethodError) -> QSortData {
    var tokenizer = CSVTokenizer(input: input, delimiter: CSVTokenizer.sniffDelimiter(input.bytes))
    var cells: [CSVTokenizer.Cell] = []
    guard let headerLine = try nextNonEmptyRow(&tokenizer, &cells) else {
      throw input.error(line: nil, field: nil, "the file is empty")
    }
    let width = usedWidth(cells, tokenizer)
    guard width >= 2 else {
      throw input.error(
        line: headerLine, field: "columns",
        "the header names no sorts; expected statement,<sort id>,<sort id>,… (one column per sort)")
    }
    let sortIDs = try readIDs(cells[1..<width], tokenizer: tokenizer, line: headerLine, columnOffset: 1)
    let m = sortIDs.count
    var statementMajor: [Int] = []
    var labels: [String] = []
    var rowLines: [Int] = []
    while let rowLine = try tokenizer.nextRow(into: &cells) {
      if cells.allSatisfy({ tokenizer.isEmpty($0) }) { continue }
      guard labels.count < FormatLimits.maxStatements else {
        throw input.error(
          line: rowLine, field: "statement \(labels.count + 1)",
          "the file holds more than \(FormatLimits.maxStatements) statements; is it laid out with sorts as rows?")
      }
      let statement = labels.count + 1
      try checkWidth(cells, width: width, tokenizer: tokenizer, line: rowLine, row: "statement \(statement)")
      // "sta12" and "… (sta12)" are the labels the writer gives statement 12 without text, or with
      // a text repeated (or NA), so that R accepts them as row names; they read back as the text.
      var label = tokenizer.text(cells[0])
      if label == "sta\(statement)" { label = "" }
      if label.hasSuffix(" (sta\(statement))") { label.removeLast(" (sta\(statement))".count) }
      labels.append(label)
      if statementMajor.isEmpty { statementMajor.reserveCapacity(m * 64) }
      for column in 1..<width {
        guard let score = FormatSupport.parseInteger(tokenizer.bytes, cells[column].range) else {
          throw scoreError(
            input, tokenizer, cells[column], line: rowLine, column: column,
            what: "the score of sort \(sortIDs[column - 1]) for statement \(statement)")
        }
        statementMajor.append(try bounded(score, input, line: rowLine, column: column))
      }
      rowLines.append(rowLine)
    }
    let n = labels.count
    guard n > 0 else {
      throw input.error(line: headerLine + 1, field: nil, "the file has a header but no statement rows")
    }
    var scores = [Int](repeating: 0, count: n * m)
    for statement in 0..<n {
      for sort in 0..<m { scores[sort * n + statement] = statementMajor[statement * m + sort] }
    }
    let parsed = ParsedSorts(texts: labels, sortIDs: sortIDs, scores: scores)
    return try FormatSupport.assemble(
      parsed, input: input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution
    ) { sort, statement in
      if let statement { return (rowLines[statement], "column \(sort + 2)") }
      return (headerLine, "column \(sort + 2)")
    }
  }

  static func readSortsAsRows(
    _ input: FormatInput, statementTexts: [String]?, textsFileName: String?, distribution: Distribution?
  ) throws(QMethodError) -> QSortData {
    var input = input
    var tokenizer = CSVTokenizer(input: input, delimiter: CSVTokenizer.sniffDelimiter(input.bytes))
    var cells: [CSVTokenizer.Cell] = []
    guard let headerLine = try nextNonEmptyRow(&tokenizer, &cells) else {
      throw input.error(line: nil, field: nil, "the file is empty")
    }
    let headerless = isHeaderlessSortRow(cells, tokenizer)
    var records: [SortRecord] = []
    var parsed = ParsedSorts()
    var expected: Int? = nil
    if headerless {
      records.append(sortRecord(cells, tokenizer, line: headerLine))
    } else {
      let width = usedWidth(cells, tokenizer)
      let n = width - 1
      guard n >= 2 else {
        throw input.error(
          line: headerLine, field: "columns",
          "the header names \(max(n, 0)) statements; expected id,1,2,…,n (one column per statement)")
      }
      guard n <= FormatLimits.maxStatements else {
        throw input.error(
          line: headerLine, field: "columns",
          "the header names \(n) statements; at most \(FormatLimits.maxStatements) are supported (is the file laid out with statements as rows?)"
        )
      }
      parsed.texts = (1..<width).map { column -> String in
        let text = tokenizer.text(cells[column])
        return text == String(column) ? "" : text
      }
      expected = n
    }
    while let rowLine = try tokenizer.nextRow(into: &cells) {
      if cells.allSatisfy({ tokenizer.isEmpty($0) }) { continue }
      records.append(sortRecord(cells, tokenizer, line: rowLine))
    }
    let kept = try SortRecords.collect(records, expectedLength: expected, into: &parsed, input: &input)
    return try FormatSupport.assemble(
      parsed, input: input, statementTexts: statementTexts, textsFileName: textsFileName, distribution: distribution
    ) { sort, statement in
      (kept[sort].line, statement.map { "column \($0 + 2)" } ?? "sort id")
    }
  }

  /// One row of the sorts-as-rows layout: an id, then the scores (trailing empty cells dropped).
  static func sortRecord(_ cells: [CSVTokenizer.Cell], _ tokenizer: CSVTokenizer, line: Int) -> SortRecord {
    let width = usedWidth(cells, tokenizer)
    var record = SortRecord(id: tokenizer.text(cells[0]), place: "line \(line)", line: line, scores: [])
    for column in 1..<max(width, 1) {
      guard let score = FormatSupport.parseInteger(tokenizer.bytes, cells[column].range),
        score.magnitude <= FormatLimits.maxScoreMagnitude
      else {
        let shown = FormatSupport.quoted(tokenizer.bytes, cells[column].range)
        record.problem =
          "column \(column + 1) (statement \(column)) is \(tokenizer.isEmpty(cells[column]) ? "empty" : shown), not a whole number"
        return record
      }
      record.scores.append(score)
    }
    return record
  }

  /// A first row that is already a sort (KADE's sorts sheet saved as CSV without a header): an id
  /// that is no header word, then at least two whole numbers that are not the column numbers 1, 2, ….
  static func isHeaderlessSortRow(_ cells: [CSVTokenizer.Cell], _ tokenizer: CSVTokenizer) -> Bool {
    let width = usedWidth(cells, tokenizer)
    guard width >= 3 else { return false }
    let first = tokenizer.text(cells[0]).lowercased()
    guard !first.isEmpty, !sortHeaderWords.contains(first), !statementHeaderWords.contains(first) else { return false }
    let values = (1..<width).map { FormatSupport.parseInteger(tokenizer.bytes, cells[$0].range) }
    guard values.allSatisfy({ $0 != nil }) else { return false }
    return values.enumerated().contains { $0.element != $0.offset + 1 }
  }

  /// Skips blank rows; returns the line of the first row with content.
  static func nextNonEmptyRow(_ tokenizer: inout CSVTokenizer, _ cells: inout [CSVTokenizer.Cell]) throws(QMethodError)
    -> Int?
  {
    while let line = try tokenizer.nextRow(into: &cells) {
      if !cells.allSatisfy({ tokenizer.isEmpty($0) }) { return line }
    }
    return nil
  }

  /// The header's width without trailing empty cells (spreadsheets save those).
  static func usedWidth(_ cells: [CSVTokenizer.Cell], _ tokenizer: CSVTokenizer) -> Int {
    var width = cells.count
    while width > 1, tokenizer.isEmpty(cells[width - 1]) { width -= 1 }
    return width
  }

  /// Sort ids from header cells: non-empty and unique.
  static func readIDs(
    _ cells: ArraySlice<CSVTokenizer.Cell>, tokenizer: CSVTokenizer, line: Int, columnOffset: Int
  ) throws(QMethodError) -> [String] {
    var ids: [String] = []
    ids.reserveCapacity(cells.count)
    var seen: [String: Int] = [:]
    for (offset, cell) in cells.enumerated() {
      let column = offset + columnOffset + 1
      let id = tokenizer.text(cell)
      guard !id.isEmpty else {
        throw tokenizer.input.error(
          line: line, field: "column \(column)", "the header cell of column \(column) is empty; every sort needs an id")
      }
      if let first = seen[id] {
        throw tokenizer.input.error(
          line: line, field: "column \(column)",
          "sort id \"\(id)\" appears twice in the header (columns \(first) and \(column)): delete one of the two "
            + "columns, or give one another id")
      }
      seen[id] = column
      ids.append(id)
    }
    return ids
  }

  /// A row must have as many cells as the header; extra cells are allowed only when empty.
  static func checkWidth(
    _ cells: [CSVTokenizer.Cell], width: Int, tokenizer: CSVTokenizer, line: Int, row: String
  ) throws(QMethodError) {
    if cells.count < width {
      throw tokenizer.input.error(
        line: line, field: "column \(cells.count + 1)",
        "the row of \(row) has \(cells.count) cells but the header has \(width); fill in the missing scores")
    }
    if cells.count > width, let extra = cells[width...].firstIndex(where: { !tokenizer.isEmpty($0) }) {
      throw tokenizer.input.error(
        line: line, field: "column \(extra + 1)",
        "the row of \(row) has more cells than the header's \(width); remove the extra cells or name their column")
    }
  }

  static func scoreError(
    _ input: FormatInput, _ tokenizer: CSVTokenizer, _ cell: CSVTokenizer.Cell, line: Int, column: Int, what: String
  ) -> QMethodError {
    if tokenizer.isEmpty(cell) {
      return input.error(line: line, field: "column \(column + 1)", "\(what) is missing")
    }
    return input.error(
      line: line, field: "column \(column + 1)",
      "\(what) is \(FormatSupport.quoted(tokenizer.bytes, cell.range)), not a whole number")
  }

  static func bounded(_ score: Int, _ input: FormatInput, line: Int, column: Int) throws(QMethodError) -> Int {
    guard score.magnitude <= FormatLimits.maxScoreMagnitude else {
      throw input.error(line: line, field: "column \(column + 1)", "the score \(score) is far outside any Q grid")
    }
    return score
  }

  // MARK: Writing

  static func encodeStatementsAsRows(_ data: QSortData) -> Data {
    var out = ByteWriter()
    out.bytes.reserveCapacity((data.sortCount + 1) * (data.statementCount + 1) * 3)
    out.append("statement")
    for id in data.sortIDs {
      out.append(byte: 0x2C)
      appendCell(id, to: &out)
    }
    out.append(byte: 0x0A)
    let n = data.statementCount
    for (index, label) in rowLabels(data).enumerated() {
      appendCell(label, to: &out)
      for sort in 0..<data.sortCount {
        out.append(byte: 0x2C)
        out.append(data.scores[sort * n + index])
      }
      out.append(byte: 0x0A)
    }
    return out.data
  }

  /// Row labels R's `read.csv(row.names = 1)` accepts: unique, never empty, never `NA`. A
  /// statement's text when it has one not used before, else `sta<number>` (the qmethod package's
  /// names), or the text followed by `(sta<number>)` when it repeats another statement's text.
  static func rowLabels(_ data: QSortData) -> [String] {
    var used = Set<String>()
    return data.statements.map { statement in
      let text = statement.text
      var label = text.isEmpty ? "sta\(statement.number)" : text
      // R reads a bare NA as a missing value, which row names may not be.
      if used.contains(label) || label == "NA" { label = "\(text) (sta\(statement.number))" }
      while used.contains(label) { label += "'" }
      used.insert(label)
      return label
    }
  }

  static func encodeSortsAsRows(_ data: QSortData) -> Data {
    var out = ByteWriter()
    out.bytes.reserveCapacity((data.sortCount + 1) * (data.statementCount + 1) * 3)
    out.append("id")
    for (index, statement) in data.statements.enumerated() {
      out.append(byte: 0x2C)
      appendCell(statement.text.isEmpty ? String(index + 1) : statement.text, to: &out)
    }
    out.append(byte: 0x0A)
    for sort in 0..<data.sortCount {
      appendCell(data.sortIDs[sort], to: &out)
      for score in data.sort(sort) {
        out.append(byte: 0x2C)
        out.append(score)
      }
      out.append(byte: 0x0A)
    }
    return out.data
  }

  /// Appends a cell, quoted when it holds a comma, quote, line break or surrounding blanks.
  static func appendCell(_ text: String, to out: inout ByteWriter) {
    let utf8 = text.utf8
    let needsQuotes =
      utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == 0x3B || $0 == 0x09 }
      || utf8.first.map(FormatSupport.isBlank) == true || utf8.last.map(FormatSupport.isBlank) == true
    guard needsQuotes else {
      out.append(text)
      return
    }
    out.append(byte: 0x22)
    for byte in utf8 {
      if byte == 0x22 { out.append(byte: 0x22) }
      out.append(byte: byte)
    }
    out.append(byte: 0x22)
  }
}
