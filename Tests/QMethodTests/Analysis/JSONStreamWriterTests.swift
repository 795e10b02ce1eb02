import Foundation
import Testing

@testable import QMethod

/// The streaming writer against `JSONEncoder` with the CLI's formatting: the same bytes (tolerance:
/// none), for numbers, strings and whole results of every shape the engine makes.
@Suite("Result JSON written as a stream")
struct JSONStreamWriterTests {
  static func encoderBytes(_ value: some Encodable) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(value))
  }

  static func streamed(_ write: (inout JSONStreamWriter) throws -> Void) throws -> [UInt8] {
    final class Sink { var bytes: [UInt8] = [] }
    let sink = Sink()
    var writer = JSONStreamWriter { sink.bytes += $0 }
    try write(&writer)
    try writer.finish()
    return sink.bytes
  }

  /// The result as `JSONEncoder` wrote it before the streaming writer: pretty, sorted keys,
  /// slashes unescaped, a final newline.
  static func encoderResultBytes(_ result: AnalysisResult) throws -> [UInt8] {
    try encoderBytes(result) + Array("\n".utf8)
  }

  @Test("doubles: random bit patterns, whole numbers around 2⁵³, powers of ten, subnormals, −0 — the encoder's digits")
  func doubles() throws {
    var rng = SplitMix64(seed: 11)
    var values: [Double] = [
      0, -0.0, 1, -1, 0.1, 1e-7, 1e15, 1e16, 1e21, 1e22, 123_456.789, .ulpOfOne, .leastNonzeroMagnitude,
      .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 9_007_199_254_740_991,
      9_007_199_254_740_992, 9_007_199_254_740_993, -9_007_199_254_740_992, 4_503_599_627_370_496.5,
    ]
    for exponent in -30...30 { values.append(pow(10, Double(exponent))) }
    for _ in 0..<20_000 {
      let value = Double(bitPattern: rng.next())
      if value.isFinite { values.append(value) }
      values.append(Double.random(in: -1...1, using: &rng))
      values.append(Double(Int.random(in: -1_000_000...1_000_000, using: &rng)))
    }
    #expect(try Self.streamed { try $0.array(values) } == Self.encoderBytes(values))
    let optional: [[Double?]] = [[1.5, nil, -0.25], [], [nil]]
    #expect(try Self.streamed { try $0.rows(optional) { try $0.array($1) } } == Self.encoderBytes(optional))
  }

  @Test("integers, booleans and empty containers")
  func scalars() throws {
    let integers = [0, 1, -1, 42, Int.max, Int.min, -1_000_000_007]
    #expect(try Self.streamed { try $0.array(integers) } == Self.encoderBytes(integers))
    let arrays: [[Int?]] = [[3, nil, -4], []]
    #expect(try Self.streamed { try $0.rows(arrays) { try $0.array($1) } } == Self.encoderBytes(arrays))
    let flags: [[Bool]] = [[true, false], [], [false]]
    #expect(try Self.streamed { try $0.rows(flags) { try $0.array($1) } } == Self.encoderBytes(flags))
    #expect(try Self.streamed { try $0.array([Double]()) } == Self.encoderBytes([Double]()))
  }

  @Test(
    "strings: quotes, backslashes, control characters, slashes, accents, DEL and U+2028 as the encoder escapes them")
  func strings() throws {
    let strings = [
      "P0001", "", "a\"b", "back\\slash", "tab\tline\nreturn\r", "\u{1}\u{1f}\u{7f}", "a/b", "Zoë", "中文", "\u{2028}",
      "emoji 🙂", "{\"json\": [1]}",
    ]
    #expect(try Self.streamed { try $0.array(strings) } == Self.encoderBytes(strings))
  }

  @Test("NaN and infinities are refused, as the encoder refuses them")
  func nonFinite() throws {
    for value in [Double.nan, .infinity, -.infinity] {
      #expect(throws: EncodingError.self) { try Self.streamed { try $0.number(value) } }
      #expect(throws: EncodingError.self) { try Self.encoderBytes([value]) }
    }
  }

  @Test(
    "whole results: the encoder's bytes for LIPSET (with correlations), 1,200 sorts (several chunks), warnings, a split factor, a factor without defining sorts, a bootstrap"
  )
  func wholeResults() throws {
    var results: [AnalysisResult] = []
    let lipset = try SyntheticSorts.make(sorts: 9, statements: 33, viewpoints: 3)
    results.append(try QAnalysis.run(lipset))
    let large = try SyntheticSorts.make(sorts: 1_200, statements: 40, viewpoints: 4)
    var pca = AnalysisOptions()
    pca.extraction = .pca
    pca.factors = 4
    results.append(try QAnalysis.run(large, options: pca))
    var data = try SyntheticSorts.make(sorts: 60, statements: 30, viewpoints: 3)
    data.sortIDs[0] = "odd \"id\" / \\ é"
    data.title = "Title with / and \"quotes\""
    var options = AnalysisOptions()
    options.factors = 3
    options.splitFactors = [1]
    options.manualFlags = [data.sortIDs[1]: [], data.sortIDs[2]: [2], data.sortIDs[0]: [1]]
    options.judgmentalRotation = [RotationStep(first: 1, second: 2, degrees: 12.5)]
    results.append(try QAnalysis.run(data, options: options))
    options.splitFactors = []
    options.manualFlags = Dictionary(data.sortIDs.map { ($0, [1]) }, uniquingKeysWith: { a, _ in a })
    results.append(try QAnalysis.run(data, options: options))  // factors 2 and 3: no defining sort
    var boot = pca
    boot.factors = 3
    boot.bootstrap = BootstrapOptions(steps: 25, seed: 5, alignment: .procrustes)
    results.append(try QAnalysis.run(data, options: boot))
    boot.profile = .qmethod
    boot.bootstrap = BootstrapOptions(steps: 25, seed: 5, alignment: .reorder)
    results.append(try QAnalysis.run(data, options: boot))
    var stored = results[1]
    stored.warningSorts = nil  // a result stored before warningSorts existed
    results.append(stored)
    #expect(results[0].correlations != nil && results[1].correlations == nil)
    #expect(results.contains { $0.warningSorts?.isEmpty == false })
    #expect(results[3].zScores.first?.contains(nil) == true)
    #expect(results[4].bootstrap != nil)
    for (index, result) in results.enumerated() {
      let expected = try Self.encoderResultBytes(result)
      let streamed = Array(try result.jsonData())
      #expect(streamed == expected, "result \(index): \(firstDifference(streamed, expected))")
    }
  }

  /// Where two byte strings first differ, with some context, for a readable failure.
  func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
    guard let index = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
      return a.count == b.count ? "same" : "lengths \(a.count) and \(b.count)"
    }
    let from = max(0, index - 80)
    return "at byte \(index): …\(String(decoding: a[from..<min(a.count, index + 80)], as: UTF8.self))… vs …"
      + "\(String(decoding: b[from..<min(b.count, index + 80)], as: UTF8.self))…"
  }
}
