import Testing

@testable import QMethod

/// Brown's centroid without an array per reflection and with its communality iteration in place
/// gives the very loadings, eigenvalues and notes of the first version (`BrownCentroidBaseline`):
/// tolerance 0, compared as bit patterns.
@Suite("Brown centroid equals its baseline bit for bit")
struct BrownCentroidBaselineTests {
  @Test(
    "both profiles, 7 factors, 20 to 1,000 sorts (stored R, all rows kept, some kept, none kept), several viewpoint counts and noise levels"
  )
  func sameBits() throws {
    var cases = 0
    for seed in 1...3 {
      for (sorts, statements) in [(20, 40), (40, 40), (100, 33), (300, 30), (1_000, 40)] {
        let data = try SyntheticSorts.make(
          sorts: sorts, statements: statements, viewpoints: 2 + seed % 4, noise: 0.5 + 0.2 * Double(seed % 3),
          seed: UInt64(seed))
        let standardised = try StandardisedSorts(data)
        // 1,000 sorts with every row kept only, once: the baseline is slow in a debug build.
        let budgets =
          sorts < 1_000
          ? [CorrelationOperator.rowCacheBytes, 0, 7 * sorts * MemoryLayout<Double>.stride]
          : seed == 1 ? [CorrelationOperator.rowCacheBytes] : []
        for profile in ConventionProfile.allCases {
          for budget in budgets {
            let before = BrownCentroidBaseline.extract(
              standardised, factors: 7, profile: profile, rowCacheBytes: budget)
            let now = BrownCentroid.extract(standardised, factors: 7, profile: profile, rowCacheBytes: budget)
            let what = "seed \(seed), \(sorts) × \(statements), \(profile), \(budget) bytes of rows"
            #expect(now.loadings.values.map(\.bitPattern) == before.loadings.values.map(\.bitPattern), "\(what)")
            #expect(now.eigenvalues.map(\.bitPattern) == before.eigenvalues.map(\.bitPattern), "\(what)")
            #expect(now.notes == before.notes, "\(what)")
            cases += 1
          }
        }
      }
    }
    #expect(cases == 74)
  }

  @Test("random data: the sorts of RandomSorts, 60 and 250 sorts, 1 to 9 factors")
  func randomData() throws {
    for seed in 10..<16 {
      for sorts in [60, 250] {
        let standardised = try StandardisedSorts(RandomSorts.dataset(seed: seed, sorts: sorts, statements: 25))
        for profile in ConventionProfile.allCases {
          let factors = 1 + seed % 9
          let before = BrownCentroidBaseline.extract(
            standardised, factors: factors, profile: profile, rowCacheBytes: CorrelationOperator.rowCacheBytes)
          let now = BrownCentroid.extract(standardised, factors: factors, profile: profile)
          #expect(
            now.loadings.values.map(\.bitPattern) == before.loadings.values.map(\.bitPattern),
            "seed \(seed), \(sorts) sorts, \(profile)")
        }
      }
    }
  }
}
