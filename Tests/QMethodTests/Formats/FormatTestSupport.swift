import Foundation
import TestSupport
import Testing

@testable import QMethod

/// Helpers shared by the format tests.
enum FormatTestSupport {
  /// The reference folder; without it the test is reported as skipped (a failure under CI).
  static func requireReferenceDirectory(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
    try ReferenceFolder.require(sourceLocation: sourceLocation)
  }

  /// A fresh empty temporary directory.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-formats-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Reads `text` as the file `fileName` and returns the `malformedInput` it must throw.
  static func malformed(
    _ text: String, fileName: String, format: QDataFormat? = nil, statementTexts: [String]? = nil,
    distribution: Distribution? = nil
  ) -> (file: String, line: Int?, field: String?, message: String, remedies: [Remedy])? {
    malformed(
      Data(text.utf8), fileName: fileName, format: format, statementTexts: statementTexts,
      distribution: distribution)
  }

  static func malformed(
    _ data: Data, fileName: String, format: QDataFormat? = nil, statementTexts: [String]? = nil,
    distribution: Distribution? = nil
  ) -> (file: String, line: Int?, field: String?, message: String, remedies: [Remedy])? {
    do {
      let read = try QDataReader.read(
        data: data, fileName: fileName, format: format, statementTexts: statementTexts, distribution: distribution)
      Issue.record("expected malformedInput, read \(read.sortCount) sorts")
      return nil
    } catch {
      // The engine's message names no flag; what to do about it comes as data (``Remedy``).
      guard case .malformedInput(let file, let line, let field, let message) = error.withoutRemedies else {
        Issue.record("expected malformedInput, got \(error)")
        return nil
      }
      return (file, line, field, message, error.remedies)
    }
  }

  /// The distribution the readers must infer for CSV and htmlq data (restated here, not borrowed
  /// from the reader): forced with the common shape when all sorts share it, else free.
  static func inferredDistribution(_ data: QSortData) throws -> Distribution {
    let sorts = (0..<data.sortCount).map { Array(data.sort($0)) }
    func shape(_ sort: [Int]) -> [Int: Int] { sort.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
    let first = shape(sorts[0])
    if sorts.allSatisfy({ shape($0) == first }) { return try Distribution.inferred(fromSort: sorts[0]) }
    return try Distribution.free(minScore: data.scores.min()!, maxScore: data.scores.max()!)
  }

  /// `data` with another title and distribution (QSortData's fields are settable except scores).
  static func with(_ data: QSortData, title: String? = nil, distribution: Distribution? = nil, texts: [String]? = nil)
    throws -> QSortData
  {
    let statements =
      texts.map { texts in zip(data.statements, texts).map { Statement(number: $0.number, text: $1) } }
      ?? data.statements
    return try QSortData(
      title: title ?? data.title, statements: statements, sortIDs: data.sortIDs,
      distribution: distribution ?? data.distribution, scores: data.scores, validateForced: false)
  }
}

/// SplitMix64, kept private to these tests so generated datasets are reproducible.
struct FormatsSeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random datasets that every writable format can hold.
enum FormatsRandomDataset {
  static let textPieces = [
    "We accept", "improvements", "of the lower classes", "a, b", "\"quoted\"", "semi;colon", "tab\there", "Größe",
    "naïve café", "🙂 emoji", "back\\slash", "100%", "", "x",
  ]

  /// A dataset of 2…40 statements and 1…12 sorts on a grid within −6…+6: forced (sorts are
  /// shuffles of the grid's slots) or free (random scores in the range, every score used).
  static func make(seed: UInt64) throws -> QSortData {
    var rng = FormatsSeededGenerator(seed: seed)
    let low = Int.random(in: -6 ... -1, using: &rng)
    let high = Int.random(in: 1...6, using: &rng)
    let columns = high - low + 1
    let n = Int.random(in: max(columns, 2)...max(columns, 40), using: &rng)
    let sortCount = Int.random(in: 1...12, using: &rng)
    let forced = Bool.random(using: &rng)
    let distribution: Distribution
    var scores: [Int] = []
    if forced {
      distribution = try Distribution.quasiNormal(statementCount: n, minScore: low, maxScore: high)
      let slots = distribution.slots!
      for _ in 0..<sortCount { scores += slots.shuffled(using: &rng) }
    } else {
      distribution = try Distribution.free(minScore: low, maxScore: high)
      for _ in 0..<sortCount {
        // Use the lowest and highest score somewhere so the inferred range equals the grid's.
        var sort = (0..<n).map { _ in Int.random(in: low...high, using: &rng) }
        sort[0] = low
        sort[1] = high
        scores += sort
      }
    }
    var ids: [String] = []
    let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789")
    while ids.count < sortCount {
      let id = String((0..<Int.random(in: 1...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
      if !ids.contains(id), Int(id) == nil { ids.append(id) }
    }
    let statements = (1...n).map { number -> Statement in
      let words = (0..<Int.random(in: 0...3, using: &rng)).map { _ in textPieces.randomElement(using: &rng)! }
      let text = words.joined(separator: " ").trimmingCharacters(in: .whitespaces)
      return Statement(number: number, text: Int(text) == nil ? text : text + " text")
    }
    return try QSortData(
      title: "Study \(seed % 1000): random", statements: statements, sortIDs: ids, distribution: distribution,
      scores: scores)
  }

  /// What a `.DAT` round trip gives back: the same data, except that a free grid whose widest
  /// columns add up to the statements (one sort, or all sorts alike) comes back forced.
  static func expectedAfterDAT(_ data: QSortData) throws -> QSortData {
    guard !data.distribution.isForced else { return data }
    let widest = PQMethodFile.widestColumns(data)
    guard widest.reduce(0, +) == data.statementCount else { return data }
    let forced = try Distribution(
      minScore: data.distribution.minScore, maxScore: data.distribution.maxScore, capacities: widest)
    return try FormatTestSupport.with(data, distribution: forced)
  }
}
