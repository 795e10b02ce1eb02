import Foundation

/// Limits that keep a hostile or mistaken file from exhausting memory or time.
enum FormatLimits {
  /// Files above this size are refused before they are read (2 GiB).
  static let maxFileBytes = 2 << 30
  /// The most statements a Q-set may hold (real Q-sets hold 20–80).
  static let maxStatements = 10_000
  /// The longest CSV cell or statement text, in bytes (1 MiB).
  static let maxFieldBytes = 1 << 20
  /// The widest score range that can be inferred from the data (−100…+100 is 201 columns).
  static let maxInferredColumns = 201
  /// The largest score magnitude any reader accepts; keeps arithmetic on scores far from overflow.
  static let maxScoreMagnitude = 999_999_999
}

/// The bytes of one input file and the name it is reported under.
///
/// Building one checks the things every format shares: the file is not empty, not binary, not
/// larger than ``FormatLimits/maxFileBytes``; its text is turned into UTF-8 from the encoding given
/// in `options` or detected (``TextDecoding``), and a byte-order mark is dropped.
struct FormatInput {
  /// The name used in error messages (the last path component).
  let fileName: String
  /// The file's bytes, as UTF-8 without a byte-order mark.
  let bytes: [UInt8]
  /// What the caller allows (skip invalid records, encoding, free distribution).
  var options: ReadOptions
  /// Things the reader did that the researcher should know (an encoding guessed, records left out).
  var notes: [String] = []
  /// Records left out (``ReadOptions/skipInvalid``).
  var skipped: [SkippedRecord] = []

  init(fileName: String, data: Data, options: ReadOptions = ReadOptions()) throws(QMethodError) {
    self.fileName = fileName
    self.options = options
    guard data.count <= FormatLimits.maxFileBytes else {
      throw .malformedInput(
        file: fileName, line: nil, field: nil,
        message: "the file is \(data.count) bytes long; files above 2 GB are refused")
    }
    let hasUTF16BOM =
      data.count >= 2
      && ((data[data.startIndex] == 0xFF && data[data.startIndex + 1] == 0xFE)
        || (data[data.startIndex] == 0xFE && data[data.startIndex + 1] == 0xFF))
    if !hasUTF16BOM, options.encoding != .utf16, data.prefix(65_536).withUnsafeBytes({ $0.contains(0) }) {
      throw .malformedInput(
        file: fileName, line: nil, field: nil,
        message: "the file holds binary data, not text; export the data as CSV, PQMethod .DAT or JSON")
    }
    let (bytes, note) = try TextDecoding.utf8(data, fileName: fileName, encoding: options.encoding)
    if let note { notes.append(note) }
    guard bytes.contains(where: { !FormatSupport.isBlank($0) && $0 != 0x0A && $0 != 0x0D }) else {
      throw .malformedInput(file: fileName, line: nil, field: nil, message: "the file is empty")
    }
    self.bytes = bytes
  }

  /// Input already decoded (a sheet of a workbook), with the options of the file it came from.
  init(fileName: String, utf8 bytes: [UInt8], options: ReadOptions) {
    self.fileName = fileName
    self.bytes = bytes
    self.options = options
  }

  /// A `malformedInput` error naming this file.
  func error(line: Int?, field: String?, _ message: String) -> QMethodError {
    .malformedInput(file: fileName, line: line, field: field, message: message)
  }
}

/// What a format reader extracted before the distribution is settled and the data validated.
struct ParsedSorts {
  var title = ""
  /// One text per statement, in statement order (empty when the file has none).
  var texts: [String] = []
  /// Statement numbers when the file carries them (engine JSON); otherwise 1…n.
  var numbers: [Int]? = nil
  var sortIDs: [String] = []
  /// Sort-major scores: `texts.count` scores per sort.
  var scores: [Int] = []
  /// The distribution the file declares, if it declares one.
  var declared: Distribution? = nil
  /// Other columns of a collection tool's export, by sort id (``QSortData/sortMetadata``).
  var metadata: [String: [String: String]] = [:]
}

/// Where a score sits in its file, for error messages: a 1-based line (when known) and a field.
typealias ScoreLocator = (_ sort: Int, _ statement: Int?) -> (line: Int?, field: String)

/// Shared helpers of the format readers and writers.
enum FormatSupport {
  static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  /// The line ranges of `bytes` (without terminators); `\n`, `\r\n` and a lone `\r` all end a line.
  /// A final terminator does not start another line.
  static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    var index = 0
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      if byte == 0x0A || byte == 0x0D {
        ranges.append(start..<index)
        if byte == 0x0D, index + 1 < count, bytes[index + 1] == 0x0A { index += 1 }
        start = index + 1
      }
      index += 1
    }
    if start < count { ranges.append(start..<count) }
    return ranges
  }

  /// `range` without leading and trailing blanks (spaces, tabs).
  static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
    var lower = range.lowerBound
    var upper = range.upperBound
    while lower < upper, isBlank(bytes[lower]) { lower += 1 }
    while upper > lower, isBlank(bytes[upper - 1]) { upper -= 1 }
    return lower..<upper
  }

  /// Parses an optionally signed whole number from `bytes[range]`, ignoring surrounding blanks.
  /// Accepts `+3`, `-2`, ` 4`, and `3.0` (spreadsheets write whole numbers that way); refuses
  /// more than 9 digits, so no arithmetic on a parsed score can overflow.
  static func parseInteger(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
    let field = trimmed(bytes, range)
    var index = field.lowerBound
    let end = field.upperBound
    guard index < end else { return nil }
    var negative = false
    if bytes[index] == 0x2D || bytes[index] == 0x2B {
      negative = bytes[index] == 0x2D
      index += 1
    }
    var value = 0
    var digits = 0
    while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
      value = value * 10 + Int(bytes[index] - 0x30)
      digits += 1
      index += 1
      if digits > 9 { return nil }
    }
    guard digits > 0 else { return nil }
    if index < end, bytes[index] == 0x2E {  // "3.0", "3." — a fraction of zeros only
      index += 1
      while index < end, bytes[index] == 0x30 { index += 1 }
    }
    guard index == end else { return nil }
    return negative ? -value : value
  }

  /// Decodes text as UTF-8, falling back to Windows-1252 (PQMethod and old Excel files on Windows).
  static func decodeText(_ bytes: ArraySlice<UInt8>) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      if byte >= 0x80, byte <= 0x9F, let scalar = Unicode.Scalar(windows1252High[Int(byte - 0x80)]) {
        scalars.append(scalar)
      } else {
        scalars.append(Unicode.Scalar(byte))
      }
    }
    return String(scalars)
  }

  /// Windows-1252 code points for the bytes 0x80…0x9F (curly quotes, dashes, €); the rest are Latin-1.
  private static let windows1252High: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
    0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0x9D, 0x017E, 0x0178,
  ]

  /// A field's text shortened for an error message.
  static func quoted(_ bytes: [UInt8], _ range: Range<Int>) -> String {
    let field = trimmed(bytes, range)
    let shown = decodeText(bytes[field.lowerBound..<min(field.upperBound, field.lowerBound + 24)])
    return "\"\(shown)\(field.count > 24 ? "…" : "")\""
  }

  /// A file's statement texts: one per line, surrounding blanks dropped. Empty lines are kept
  /// (a statement may have no text); ``assemble(_:input:statementTexts:textsFileName:distribution:locate:)``
  /// ignores empty lines beyond the last statement.
  static func statementTexts(_ input: FormatInput) -> [String] {
    lineRanges(input.bytes).map { range -> String in
      let text = trimmed(input.bytes, range)
      return decodeText(input.bytes[text])
    }
  }

  /// Turns what a reader parsed into a validated ``QSortData``.
  ///
  /// The distribution is, in order of precedence: `override`, the one the file declares, or one
  /// inferred from the sorts (see ``inferDistribution(_:input:)``). Every score is then checked
  /// against it, and errors name the file, line and field through `locate`.
  static func assemble(
    _ parsed: ParsedSorts, input: FormatInput, statementTexts: [String]?, textsFileName: String?,
    distribution override: Distribution?, locate: ScoreLocator
  ) throws(QMethodError) -> QSortData {
    var parsed = parsed
    let n = parsed.texts.count
    if var statementTexts {
      while statementTexts.count > n, statementTexts.last?.isEmpty == true { statementTexts.removeLast() }
      guard statementTexts.count == n else {
        throw .malformedInput(
          file: textsFileName ?? "statement texts", line: nil, field: "statements",
          message:
            "holds \(statementTexts.count) statement texts but \(input.fileName) has \(n) statements; give one statement per line, in statement order"
        )
      }
      parsed.texts = statementTexts
    }
    var input = input
    let distribution: Distribution
    // The sorts kept (as indices into the sorts parsed) when the inference leaves some out.
    var kept: [Int]? = nil
    if let given = override ?? parsed.declared {
      distribution = given
    } else {
      let inferred = try inferDistribution(&parsed, input: &input)
      distribution = inferred.0
      kept = inferred.1
    }
    try validate(parsed, against: distribution, input: input) { sort, statement in
      locate(kept.map { $0[sort] } ?? sort, statement)
    }
    let numbers = parsed.numbers ?? Array(stride(from: 1, through: n, by: 1))
    let statements = zip(numbers, parsed.texts).map { Statement(number: $0, text: $1) }
    do {
      var data = try QSortData(
        title: parsed.title, statements: statements, sortIDs: parsed.sortIDs, distribution: distribution,
        scores: parsed.scores, validateForced: false)
      data.notes = input.notes
      data.skippedRecords = input.skipped
      data.sortMetadata = parsed.metadata.filter { parsed.sortIDs.contains($0.key) }
      return data
    } catch {
      throw input.error(line: nil, field: nil, error.description)
    }
  }

  /// Infers the grid from the sorts.
  ///
  /// Forced with the sorts' common shape when every sort has the same number of statements at each
  /// score (``Distribution/inferred(fromSort:)``). When most sorts share one shape and a few break
  /// it, those few are named ("US1 is off the grid the other 8 sorts share: score +2 holds 5
  /// statements where the grid allows 4") and refused, unless ``ReadOptions/skipInvalid`` leaves
  /// them out or ``ReadOptions/free`` reads every sort with a free distribution (noted). Sorts that
  /// share no shape at all are read free over the lowest…highest score, and that is noted too.
  /// - Returns: the distribution and the indices (into the sorts as parsed) of the sorts kept.
  static func inferDistribution(_ parsed: inout ParsedSorts, input: inout FormatInput) throws(QMethodError) -> (
    Distribution, [Int]
  ) {
    let n = parsed.texts.count
    guard !parsed.sortIDs.isEmpty, n > 0 else {
      throw input.error(
        line: nil, field: nil,
        "the file holds no sorts, so the distribution cannot be inferred; give the distribution explicitly")
    }
    guard let low = parsed.scores.min(), let high = parsed.scores.max() else {
      throw input.error(line: nil, field: nil, "the file holds no scores")
    }
    guard low < high else {
      throw input.error(
        line: nil, field: nil, "every score is \(low); a Q sort needs at least two different scores")
    }
    let columns = high - low + 1  // both within ±maxScoreMagnitude, so no overflow
    guard columns <= FormatLimits.maxInferredColumns else {
      throw input.error(
        line: nil, field: nil,
        "the scores run from \(low) to \(high), which is no Q grid; give the distribution explicitly")
    }
    let sortCount = parsed.sortIDs.count
    var shapes: [[Int]] = []
    shapes.reserveCapacity(sortCount)
    for sort in 0..<sortCount {
      var counts = [Int](repeating: 0, count: columns)
      for score in parsed.scores[(sort * n)..<((sort + 1) * n)] { counts[score - low] += 1 }
      shapes.append(counts)
    }
    var tally: [[Int]: Int] = [:]
    for shape in shapes { tally[shape, default: 0] += 1 }
    let common = shapes.max { tally[$0]! < tally[$1]! }!
    let sharing = tally[common]!
    let all = Array(0..<sortCount)
    func forced(_ sorts: [Int]) throws(QMethodError) -> Distribution {
      do {
        return try Distribution.inferred(fromSort: Array(parsed.scores[(sorts[0] * n)..<((sorts[0] + 1) * n)]))
      } catch {
        throw input.error(line: nil, field: nil, error.description)
      }
    }
    func free() throws(QMethodError) -> Distribution {
      do { return try Distribution.free(minScore: low, maxScore: high) } catch {
        throw input.error(line: nil, field: nil, error.description)
      }
    }
    if sharing == sortCount { return (try forced(all), all) }
    // A shared grid: more than half the sorts, and at least two, have the same shape.
    guard sharing * 2 > sortCount, sharing >= 2 else {
      input.notes.append(
        "\(input.fileName): free distribution \(low)…\(high): the \(sortCount) sorts share no grid (\(tally.count) different shapes)"
      )
      return (try free(), all)
    }
    let offGrid = all.filter { shapes[$0] != common }
    let reasons = offGrid.map { sort -> String in
      let column = (0..<columns).first { shapes[sort][$0] != common[$0] }!
      let score = low + column
      return
        "\(parsed.sortIDs[sort]) is off the grid the other \(sharing) sorts share: score \(score > 0 ? "+" : "")\(score) holds \(shapes[sort][column]) statements where the grid allows \(common[column])"
    }
    if input.options.free {
      input.notes.append(
        "\(input.fileName): free distribution \(low)…\(high), as asked: \(reasons.joined(separator: "; "))")
      return (try free(), all)
    }
    if input.options.skipInvalid {
      for (sort, reason) in zip(offGrid, reasons) {
        input.notes.append("\(input.fileName): left out \(reason)")
        input.skipped.append(SkippedRecord(id: parsed.sortIDs[sort], place: "sort \(sort + 1)", reason: reason))
      }
      let kept = all.filter { shapes[$0] == common }
      var scores: [Int] = []
      scores.reserveCapacity(kept.count * n)
      for sort in kept { scores.append(contentsOf: parsed.scores[(sort * n)..<((sort + 1) * n)]) }
      parsed.sortIDs = kept.map { parsed.sortIDs[$0] }
      parsed.scores = scores
      return (try forced(kept), kept)
    }
    throw .remedied(
      input.error(
        line: nil, field: nil, "\(reasons.joined(separator: "; ")); correct \(offGrid.count == 1 ? "it" : "them")"),
      [.readFree, .skipInvalid(plural: offGrid.count > 1)])
  }

  /// Checks every score against the distribution's range and, when forced, every sort against its
  /// column capacities.
  static func validate(
    _ parsed: ParsedSorts, against distribution: Distribution, input: FormatInput, locate: ScoreLocator
  ) throws(QMethodError) {
    let n = parsed.texts.count
    if let count = distribution.statementCount, count != n {
      throw input.error(
        line: nil, field: "distribution",
        "the distribution holds \(count) statements but the file has \(n); give a distribution that fits")
    }
    var counts = [Int](repeating: 0, count: distribution.capacities?.count ?? 0)
    for sort in 0..<parsed.sortIDs.count {
      for column in counts.indices { counts[column] = 0 }
      for statement in 0..<n {
        let score = parsed.scores[sort * n + statement]
        guard distribution.scores.contains(score) else {
          let place = locate(sort, statement)
          throw input.error(
            line: place.line, field: place.field,
            "sort \(parsed.sortIDs[sort]) gives statement \(statement + 1) the score \(score), outside the grid \(distribution.minScore)…\(distribution.maxScore)"
          )
        }
        if !counts.isEmpty { counts[score - distribution.minScore] += 1 }
      }
      if let capacities = distribution.capacities, counts != capacities,
        let column = counts.indices.first(where: { counts[$0] != capacities[$0] })
      {
        let place = locate(sort, nil)
        throw input.error(
          line: place.line, field: place.field,
          "sort \(parsed.sortIDs[sort]) does not fit the forced distribution: score \(distribution.minScore + column) holds \(counts[column]) statements, the grid \(capacities[column]); correct the sort or read the file with a free distribution"
        )
      }
    }
  }
}

/// Appends text and numbers to a byte buffer; the writers build whole files this way.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

  mutating func append(byte: UInt8) { bytes.append(byte) }

  /// Appends `value` in decimal, right-aligned in `width` columns (no padding when `width` is 0).
  mutating func append(_ value: Int, width: Int = 0) {
    var digits: [UInt8] = []
    var magnitude = value.magnitude
    repeat {
      digits.append(UInt8(magnitude % 10) + 0x30)
      magnitude /= 10
    } while magnitude > 0
    if value < 0 { digits.append(0x2D) }
    if digits.count < width { bytes.append(contentsOf: repeatElement(0x20, count: width - digits.count)) }
    bytes.append(contentsOf: digits.reversed())
  }

  var data: Data { Data(bytes) }
}
