@testable import QMethod

/// A small deterministic generator (SplitMix64) so a property's failing seed reproduces exactly.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64
  init(seed: Int) { state = UInt64(bitPattern: Int64(seed)) &+ 0x9E37_79B9_7F4A_7C15 }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

enum RandomSorts {
  /// A forced-distribution dataset: sorts shuffled around a few latent viewpoints, so that factors exist.
  static func dataset(seed: Int, sorts: Int, statements: Int, viewpoints: Int = 3) -> QSortData {
    var rng = SeededGenerator(seed: seed)
    let distribution = try! Distribution.quasiNormal(statementCount: statements, minScore: -4, maxScore: 4)
    let slots = distribution.slots!
    let latent = (0..<viewpoints).map { _ in (0..<statements).map { _ in Double.random(in: -1...1, using: &rng) } }
    var scores: [Int] = []
    for _ in 0..<sorts {
      let view = latent[Int.random(in: 0..<viewpoints, using: &rng)]
      let sign: Double = Double.random(in: 0...1, using: &rng) < 0.1 ? -1 : 1
      let noisy = view.map { sign * $0 + Double.random(in: -0.8...0.8, using: &rng) }
      let order = noisy.indices.sorted { noisy[$0] < noisy[$1] }
      var sort = [Int](repeating: 0, count: statements)
      for (position, statement) in order.enumerated() { sort[statement] = slots[position] }
      scores += sort
    }
    return try! QSortData(
      statements: (1...statements).map { Statement(number: $0) }, sortIDs: (1...sorts).map { "S\($0)" },
      distribution: distribution, scores: scores)
  }

  static func loadings(seed: Int, rows: Int, columns: Int) -> Matrix {
    var rng = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Double.random(in: -0.9...0.9, using: &rng) })
  }
}
