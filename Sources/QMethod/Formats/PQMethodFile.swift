import Foundation

/// PQMethod's `.DAT` (sorts) and `.STA` (statement texts) files.
///
/// The `.DAT` layout, in fixed columns (as PQMethod 2.35 writes it, and as KADE's and the R
/// package qmethod's `import.pqmethod` read it):
/// - line 1: `  0` (I3), number of sorts (I3), number of statements (I3), a blank, the title from
///   column 11;
/// - line 2: lowest score (I3), highest score (I3), then 20 I3 counts for the scores −6 … +13
///   (how many statements each column of the grid holds);
/// - then one line per sort: the sort id in columns 1–8, blank columns 9–10, then exactly 2
///   columns per statement holding the right-aligned score (` 3`, `-2`, `10`), so a sort of
///   n statements is a line of 10 + 2n columns. Sorts are never wrapped onto a second line (the
///   readers of KADE, qmethod and PQMethod's own tools all take one sort per line).
///
/// The reader tolerates CRLF line ends, trailing blanks, blank lines between sorts and a line 2
/// whose counts are shifted (qmethod's `export.pqmethod` lets the user pad them). The counts are
/// a forced distribution when they add up to the number of statements; otherwise the data is read
/// as free over lowest…highest. The writer writes a forced grid's capacities, and for a free grid
/// the most statements any sort puts in each column (so PQMethod's entry screen can hold every sort).
enum PQMethodFile {
  /// The column of line 2's first count: the score −6.
  static let firstCountScore = -6
  /// Line 2 holds counts for 20 scores, −6 … +13.
  static let countColumns = 20
  /// The widest sort id PQMethod stores.
  static let idWidth = 8
  /// Header lines longer than this are refused (a title is at most ~70 characters in PQMethod).
  static let maxHeaderLineBytes = 4_096

  static func read(
    _ input: FormatInput, statementTexts: [String]?, textsFileName: String?, distribution override: Distribution?
  ) throws(QMethodError) -> QSortData {
    var input = input
    let bytes = input.bytes
    let lines = FormatSupport.lineRanges(bytes)
    guard let line1 = lines.first else { throw input.error(line: nil, field: nil, "the file is empty") }
    guard line1.count <= maxHeaderLineBytes else {
      throw input.error(
        line: 1, field: nil, "line 1 is \(line1.count) characters long; this is not a PQMethod .DAT file")
    }
    func header(_ columns: Range<Int>, line: Range<Int>, lineNumber: Int, field: String) throws(QMethodError) -> Int {
      let start = line.lowerBound + columns.lowerBound
      let end = min(line.lowerBound + columns.upperBound, line.upperBound)
      guard start < end, let value = FormatSupport.parseInteger(bytes, start..<end) else {
        let shown = start < end ? FormatSupport.quoted(bytes, start..<end) : "nothing"
        throw input.error(
          line: lineNumber, field: field,
          "columns \(columns.lowerBound + 1)–\(columns.upperBound) should hold the \(field), found \(shown); is this a PQMethod .DAT file?"
        )
      }
      return value
    }
    let declaredSorts = try header(3..<6, line: line1, lineNumber: 1, field: "number of sorts")
    let n = try header(6..<9, line: line1, lineNumber: 1, field: "number of statements")
    guard n >= 2, n <= FormatLimits.maxStatements else {
      throw input.error(
        line: 1, field: "number of statements",
        "the file announces \(n) statements; a Q-set holds 2 to \(FormatLimits.maxStatements)")
    }
    guard declaredSorts >= 0 else {
      throw input.error(line: 1, field: "number of sorts", "the number of sorts cannot be negative")
    }
    var parsed = ParsedSorts()
    if line1.count > 10 {
      let title = FormatSupport.trimmed(bytes, (line1.lowerBound + 10)..<line1.upperBound)
      parsed.title = FormatSupport.decodeText(bytes[title])
    }
    parsed.texts = Array(repeating: "", count: n)

    guard lines.count >= 2 else {
      throw input.error(
        line: 2, field: "lowest score",
        "the file ends after line 1; line 2 must give the score range and the distribution")
    }
    let line2 = lines[1]
    guard line2.count <= maxHeaderLineBytes else {
      throw input.error(line: 2, field: nil, "line 2 is \(line2.count) characters long; expected 66")
    }
    let low = try header(0..<3, line: line2, lineNumber: 2, field: "lowest score")
    let high = try header(3..<6, line: line2, lineNumber: 2, field: "highest score")
    guard low < high else {
      throw input.error(
        line: 2, field: "highest score", "the highest score \(high) must be above the lowest \(low)")
    }
    var counts: [Int] = []
    var column = 6
    while line2.lowerBound + column < line2.upperBound, counts.count < countColumns {
      let end = min(line2.lowerBound + column + 3, line2.upperBound)
      let cell = (line2.lowerBound + column)..<end
      guard let count = FormatSupport.parseInteger(bytes, cell), count >= 0 else {
        let score = firstCountScore + counts.count
        throw input.error(
          line: 2, field: "count for score \(score)",
          "columns \(column + 1)–\(column + 3) should hold how many statements score \(score) takes, found \(FormatSupport.quoted(bytes, cell))"
        )
      }
      counts.append(count)
      column += 3
    }
    parsed.declared = try declaredDistribution(low: low, high: high, counts: counts, n: n, input: input)

    // Sort lines are records: a repeated id is a problem of that record, named with the others
    // (and left out with --skip-invalid) by `SortRecords`, as in the collection tools' exports.
    var records: [SortRecord] = []
    records.reserveCapacity(max(declaredSorts, 0))
    let width = 10 + 2 * n
    for lineIndex in 2..<lines.count {
      let lineNumber = lineIndex + 1
      let line = FormatSupport.trimmedTrailing(bytes, lines[lineIndex])
      if line.isEmpty { continue }
      if line.count > width {
        throw input.error(
          line: lineNumber, field: "columns \(width + 1)–\(line.count)",
          "the line goes on after the \(n) scores line 1 announces (columns 11–\(width)); check the number of statements on line 1"
        )
      }
      let idRange = line.lowerBound..<min(line.lowerBound + idWidth, line.upperBound)
      let id = FormatSupport.decodeText(bytes[FormatSupport.trimmed(bytes, idRange)])
      guard !id.isEmpty else {
        throw input.error(
          line: lineNumber, field: "sort id",
          "columns 1–8 hold no sort id: write the sort's id (up to 8 characters) at the start of the line")
      }
      for offset in idWidth..<10 where line.lowerBound + offset < line.upperBound {
        guard FormatSupport.isBlank(bytes[line.lowerBound + offset]) else {
          throw input.error(
            line: lineNumber, field: "columns 9–10",
            "columns 9–10 must be blank; PQMethod sort ids are at most 8 characters and the scores start in column 11"
          )
        }
      }
      var scores: [Int] = []
      scores.reserveCapacity(n)
      for statement in 0..<n {
        let start = line.lowerBound + 10 + 2 * statement
        guard start + 2 <= line.upperBound else {
          throw input.error(
            line: lineNumber, field: "statement \(statement + 1)",
            "sort \(id) ends after \(statement) of the \(n) scores line 1 announces (each score takes 2 columns from column 11)"
          )
        }
        guard let score = FormatSupport.parseInteger(bytes, start..<(start + 2)) else {
          throw input.error(
            line: lineNumber, field: "statement \(statement + 1)",
            "columns \(11 + 2 * statement)–\(12 + 2 * statement) should hold a score, found \(FormatSupport.quoted(bytes, start..<(start + 2)))"
          )
        }
        scores.append(score)
      }
      records.append(SortRecord(id: id, place: "line \(lineNumber)", line: lineNumber, scores: scores))
    }
    // Records that cannot be used are named first (a repeated id also makes the count look wrong).
    let sortLines = try SortRecords.collect(records, expectedLength: n, into: &parsed, input: &input).map {
      $0.line ?? 0
    }
    guard records.count == declaredSorts else {
      throw input.error(
        line: 1, field: "number of sorts",
        "line 1 announces \(declaredSorts) sorts but the file holds \(records.count); correct columns 4–6 of line 1"
      )
    }
    return try FormatSupport.assemble(
      parsed, input: input, statementTexts: statementTexts, textsFileName: textsFileName,
      distribution: override
    ) { sort, statement in
      (sortLines[sort], statement.map { "statement \($0 + 1)" } ?? "sort \(parsed.sortIDs[sort])")
    }
  }

  /// The grid line 2 declares: forced when its counts add up to the statements, otherwise free.
  static func declaredDistribution(low: Int, high: Int, counts: [Int], n: Int, input: FormatInput) throws(QMethodError)
    -> Distribution
  {
    let columns = high - low + 1
    var capacities: [Int]? = nil
    let first = low - firstCountScore
    if first >= 0, first + columns <= counts.count,
      counts.enumerated().allSatisfy({ $0.offset >= first && $0.offset < first + columns || $0.element == 0 })
    {
      capacities = Array(counts[first..<(first + columns)])
    } else if let start = counts.firstIndex(where: { $0 != 0 }), let end = counts.lastIndex(where: { $0 != 0 }),
      end - start + 1 == columns
    {
      // Counts padded with the wrong number of zeros (qmethod's export.pqmethod asks the user for
      // them): the non-zero block still spans exactly the range.
      capacities = Array(counts[start...end])
    }
    do {
      if let capacities, capacities.reduce(0, +) == n {
        return try Distribution(minScore: low, maxScore: high, capacities: capacities)
      }
      return try Distribution.free(minScore: low, maxScore: high)
    } catch {
      throw input.error(line: 2, field: "lowest score", error.description)
    }
  }

  /// The `.DAT` file for `data`.
  /// - Throws: `QMethodError.invalidData` when the data does not fit PQMethod's columns (a sort id
  ///   over 8 bytes, more than 999 sorts or statements, scores outside −6…+13).
  static func encode(_ data: QSortData) throws(QMethodError) -> Data {
    let distribution = data.distribution
    guard data.sortCount <= 999, data.statementCount <= 999 else {
      throw .invalidData(
        "PQMethod files hold at most 999 sorts and 999 statements; this data has \(data.sortCount) sorts and \(data.statementCount) statements"
      )
    }
    guard distribution.minScore >= firstCountScore, distribution.maxScore < firstCountScore + countColumns else {
      throw .invalidData(
        "PQMethod scores run from −6 to +13; this grid runs from \(distribution.minScore) to \(distribution.maxScore)")
    }
    var out = ByteWriter()
    out.append("  0")
    out.append(data.sortCount, width: 3)
    out.append(data.statementCount, width: 3)
    let title = singleLine(data.title)
    if !title.isEmpty { out.append(" " + title) }
    out.append(byte: 0x0A)
    out.append(distribution.minScore, width: 3)
    out.append(distribution.maxScore, width: 3)
    let capacities = distribution.capacities ?? widestColumns(data)
    for column in 0..<countColumns {
      let score = firstCountScore + column
      out.append(distribution.scores.contains(score) ? capacities[score - distribution.minScore] : 0, width: 3)
    }
    out.append(byte: 0x0A)
    let n = data.statementCount
    for sort in 0..<data.sortCount {
      let id = data.sortIDs[sort]
      guard id.utf8.count <= idWidth, !id.contains(where: \.isNewline) else {
        throw .invalidData(
          "sort id \"\(id)\" is longer than the 8 characters PQMethod stores; shorten the sort ids before writing a .DAT file"
        )
      }
      out.append(id)
      out.bytes.append(contentsOf: repeatElement(0x20, count: 10 - id.utf8.count))
      for score in data.scores[(sort * n)..<((sort + 1) * n)] { out.append(score, width: 2) }
      out.append(byte: 0x0A)
    }
    return out.data
  }

  /// For a free grid: the most statements any sort puts at each score.
  static func widestColumns(_ data: QSortData) -> [Int] {
    let distribution = data.distribution
    var widest = [Int](repeating: 0, count: distribution.maxScore - distribution.minScore + 1)
    var counts = widest
    let n = data.statementCount
    for sort in 0..<data.sortCount {
      for column in counts.indices { counts[column] = 0 }
      for score in data.scores[(sort * n)..<((sort + 1) * n)] { counts[score - distribution.minScore] += 1 }
      for column in counts.indices { widest[column] = max(widest[column], counts[column]) }
    }
    return widest
  }

  /// The `.STA` file: one statement text per line, in statement order.
  static func encodeStatementTexts(_ data: QSortData) -> Data {
    var out = ByteWriter()
    for statement in data.statements {
      out.append(singleLine(statement.text))
      out.append(byte: 0x0A)
    }
    return out.data
  }

  /// `text` with line breaks turned into spaces and surrounding blanks dropped.
  static func singleLine(_ text: String) -> String {
    String(text.map { $0.isNewline ? " " : $0 }).trimmingCharacters(in: .whitespaces)
  }
}

extension FormatSupport {
  /// `range` without trailing blanks.
  static func trimmedTrailing(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
    var upper = range.upperBound
    while upper > range.lowerBound, isBlank(bytes[upper - 1]) { upper -= 1 }
    return range.lowerBound..<upper
  }
}
