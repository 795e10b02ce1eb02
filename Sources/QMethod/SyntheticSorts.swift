/// Deterministic synthetic Q-sorts for benchmarks, demonstrations and tests: each sort is one of a few
/// latent viewpoints plus noise, placed on a forced grid. The same seed always gives the same data.
public enum SyntheticSorts {
  /// - Parameters:
  ///   - sorts: how many sorts.
  ///   - statements: Q-set size; the grid is the quasi-normal −4…+4 (−5…+5 above 60 statements).
  ///   - viewpoints: latent viewpoints the sorts are drawn from.
  ///   - noise: spread of each sort around its viewpoint (0.8 gives loadings around 0.5–0.8).
  ///   - seed: the random seed.
  public static func make(sorts: Int, statements: Int, viewpoints: Int = 3, noise: Double = 0.8, seed: UInt64 = 1)
    throws(QMethodError) -> QSortData
  {
    try labelled(sorts: sorts, statements: statements, viewpoints: viewpoints, noise: noise, seed: seed).data
  }

  /// Synthetic sorts with the truth known: which viewpoint (0-based) each sort was drawn from and
  /// with which sign (−1 for the one sort in ten that mirrors its viewpoint), and `randomSorts`
  /// sorts appended after them that follow no viewpoint (random orders on the grid; viewpoint `nil`).
  /// With `randomSorts` = 0 the data is that of ``make(sorts:statements:viewpoints:noise:seed:)``.
  public static func labelled(
    sorts: Int, statements: Int, viewpoints: Int = 3, noise: Double = 0.8, seed: UInt64 = 1, randomSorts: Int = 0
  ) throws(QMethodError) -> (data: QSortData, viewpoints: [Int?], signs: [Double]) {
    guard sorts >= 1, statements >= 9, viewpoints >= 1, randomSorts >= 0 else {
      throw .invalidOptions("synthetic data needs at least 1 sort, 9 statements and 1 viewpoint")
    }
    var rng = SplitMix64(seed: seed)
    let range = statements > 60 ? 5 : 4
    let distribution = try Distribution.quasiNormal(statementCount: statements, minScore: -range, maxScore: range)
    let slots = distribution.slots!
    let latent = (0..<viewpoints).map { _ in (0..<statements).map { _ in Double.random(in: -1...1, using: &rng) } }
    var scores: [Int] = []
    scores.reserveCapacity((sorts + randomSorts) * statements)
    var noisy = [Double](repeating: 0, count: statements)
    var sort = [Int](repeating: 0, count: statements)
    var memberships: [Int?] = []
    var signs: [Double] = []
    for _ in 0..<sorts {
      let viewpoint = Int.random(in: 0..<viewpoints, using: &rng)
      let view = latent[viewpoint]
      let sign: Double = Double.random(in: 0...1, using: &rng) < 0.1 ? -1 : 1
      for i in 0..<statements { noisy[i] = sign * view[i] + Double.random(in: -noise...noise, using: &rng) }
      let order = noisy.indices.sorted { noisy[$0] < noisy[$1] }
      for (position, statement) in order.enumerated() { sort[statement] = slots[position] }
      scores += sort
      memberships.append(viewpoint)
      signs.append(sign)
    }
    var randomRNG = SplitMix64(seed: seed ^ 0xA5A5_A5A5_A5A5_A5A5)
    for _ in 0..<randomSorts {
      scores += slots.shuffled(using: &randomRNG)
      memberships.append(nil)
      signs.append(1)
    }
    let total = sorts + randomSorts
    let width = String(total).count
    let ids = (1...total).map { number in
      let digits = String(number)
      return "S" + String(repeating: "0", count: width - digits.count) + digits
    }
    let data = try QSortData(
      title: "synthetic: \(sorts) sorts, \(viewpoints) viewpoints, seed \(seed)",
      statements: (1...statements).map { Statement(number: $0) }, sortIDs: ids, distribution: distribution,
      scores: scores)
    return (data, memberships, signs)
  }
}

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and identical on every platform, so seeded
/// data is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
