import Foundation
import Testing

@testable import QMethod

/// Whole results, byte for byte: each case's result JSON (`AnalysisResult.jsonData`, every number
/// to 17 digits) must equal the bytes recorded in `WholeResults/` before `QAnalysis.run` was split
/// into its stages and before the speed work on centroid, CSV reading and the Gram matrix. A change
/// of the last bit of any loading, z-score, test or warning shows here; the reference tests only hold
/// the numbers to their tolerances.
///
/// To record again (only when a result is meant to change, and say why in the commit):
/// `POETQ_RECORD_WHOLE_RESULTS=1 swift test --filter WholeResultTests`.
@Suite("Whole results byte for byte")
struct WholeResultTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("WholeResults")

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let needsReference: Bool
    let data: @Sendable () throws -> QSortData
    let options: AnalysisOptions
    var testDescription: String { name }
  }

  static func options(_ change: (inout AnalysisOptions) -> Void) -> AnalysisOptions {
    var options = AnalysisOptions()
    change(&options)
    return options
  }

  static func lipset() throws -> QSortData { try ReferenceData.sorts("lipset/lipset.csv") }

  /// Synthetic sorts on a free distribution (the same scores, no grid): fitted slots for the arrays.
  static func free(sorts: Int, statements: Int, seed: UInt64) throws -> QSortData {
    let forced = try SyntheticSorts.make(sorts: sorts, statements: statements, seed: seed)
    return try QSortData(
      title: "free", statements: forced.statements, sortIDs: forced.sortIDs,
      distribution: Distribution.free(minScore: forced.distribution.minScore, maxScore: forced.distribution.maxScore),
      scores: forced.scores)
  }

  static let cases: [Case] = [
    Case(name: "lipset-pqmethod-centroid-auto", needsReference: true, data: lipset, options: options { _ in }),
    Case(
      name: "lipset-qmethod-pca-3", needsReference: true, data: lipset,
      options: options {
        $0.profile = .qmethod
        $0.extraction = .pca
        $0.factors = 3
      }),
    Case(
      name: "lipset-qmethod-centroid-3", needsReference: true, data: lipset,
      options: options {
        $0.profile = .qmethod
        $0.factors = 3
      }),
    Case(
      name: "lipset-pqmethod-horst-auto", needsReference: true, data: lipset,
      options: options { $0.extraction = .horst }),
    Case(
      name: "lipset-pqmethod-pca-adjusted", needsReference: true, data: lipset,
      options: options {
        $0.extraction = .pca
        $0.factors = 3
        $0.judgmentalRotation = [RotationStep(first: 1, second: 2, degrees: 12.5)]
        $0.invertedFactors = [3]
        $0.manualFlags = ["JP5": [], "US1": [1, 3]]
        $0.splitFactors = [2]
        $0.flagZ = 1.645
      }),
    Case(
      name: "synthetic-60x30-pqmethod-centroid-4-optimum", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 60, statements: 30, viewpoints: 4, seed: 11) },
      options: options {
        $0.factors = 4
        $0.rotation = .varimaxOptimum
        $0.flagMajority = false
      }),
    Case(
      name: "synthetic-150x40-pqmethod-pca-3-spearman", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 150, statements: 40, seed: 3) },
      options: options {
        $0.extraction = .pca
        $0.factors = 3
        $0.correlation = .spearman
      }),
    Case(
      name: "synthetic-150x40-qmethod-centroid-3", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 150, statements: 40, seed: 3) },
      options: options {
        $0.profile = .qmethod
        $0.factors = 3
      }),
    Case(
      name: "synthetic-80x36-pqmethod-centroid-auto-unrotated", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 80, statements: 36, viewpoints: 2, seed: 5) },
      options: options { $0.rotation = .none }),
    Case(
      name: "synthetic-free-50x30-qmethod-pca-2", needsReference: false,
      data: { try free(sorts: 50, statements: 30, seed: 9) },
      options: options {
        $0.profile = .qmethod
        $0.extraction = .pca
        $0.factors = 2
        $0.averageReliability = 0.7
      }),
    Case(
      name: "synthetic-40x30-pqmethod-pca-3-bootstrap", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 40, statements: 30, seed: 2) },
      options: options {
        $0.extraction = .pca
        $0.factors = 3
        $0.bootstrap = BootstrapOptions(steps: 25, seed: 7)
      }),
    Case(
      name: "synthetic-40x30-pqmethod-centroid-3-bootstrap-reorder", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 40, statements: 30, seed: 2) },
      options: options {
        $0.factors = 3
        $0.bootstrap = BootstrapOptions(steps: 10, seed: 3, alignment: .reorder)
      }),
  ]

  /// Cases too large to keep as JSON in git (a megabyte each): their bytes are held by length and
  /// FNV-1a 64-bit hash, recorded the same way. They cover centroid at the benchmark's 1,000 × 40 and
  /// PCA with sorts outnumbering statements (the Gram path).
  static let largeCases: [Case] = [
    Case(
      name: "synthetic-1000x40-pqmethod-centroid-auto", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 1_000, statements: 40, seed: 1) }, options: options { _ in }),
    Case(
      name: "synthetic-1000x40-qmethod-centroid-3", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 1_000, statements: 40, seed: 1) },
      options: options {
        $0.profile = .qmethod
        $0.factors = 3
      }),
    Case(
      name: "synthetic-2000x60-pqmethod-pca-3", needsReference: false,
      data: { try SyntheticSorts.make(sorts: 2_000, statements: 60, seed: 8) },
      options: options {
        $0.extraction = .pca
        $0.factors = 3
      }),
  ]

  /// "<bytes> <FNV-1a 64-bit hex>" of a result's JSON.
  static func digest(_ bytes: Data) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return "\(bytes.count) \(String(hash, radix: 16))\n"
  }

  @Test("a large result's JSON has the recorded length and hash", arguments: largeCases)
  func largeResult(_ testCase: Case) throws {
    let bytes = try QAnalysis.run(testCase.data(), options: testCase.options).jsonData()
    let file = Self.folder.appendingPathComponent(testCase.name + ".digest")
    if ProcessInfo.processInfo.environment["POETQ_RECORD_WHOLE_RESULTS"] == "1" {
      try Data(Self.digest(bytes).utf8).write(to: file)
      return
    }
    let recorded = try String(contentsOf: file, encoding: .utf8)
    #expect(Self.digest(bytes) == recorded, "\(testCase.name): the result's bytes changed")
  }

  @Test("the result JSON equals the recorded bytes", arguments: cases)
  func wholeResult(_ testCase: Case) throws {
    if testCase.needsReference { try ReferenceData.require() }
    let bytes = try QAnalysis.run(testCase.data(), options: testCase.options).jsonData()
    let file = Self.folder.appendingPathComponent(testCase.name + ".json")
    if ProcessInfo.processInfo.environment["POETQ_RECORD_WHOLE_RESULTS"] == "1" {
      try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
      try bytes.write(to: file)
      return
    }
    let recorded = try Data(contentsOf: file)
    guard bytes != recorded else { return }
    let new = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let old = String(decoding: recorded, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let line = (0..<min(new.count, old.count)).first { new[$0] != old[$0] } ?? min(new.count, old.count)
    Issue.record(
      """
      \(testCase.name): the result differs from the recorded one at line \(line + 1) \
      (recorded \(old.count) lines, now \(new.count)):
        recorded: \(line < old.count ? old[line] : "<end>")
        now:      \(line < new.count ? new[line] : "<end>")
      """)
  }
}
