import Testing

@testable import QMethod

/// Brown's centroid keeps the correlation rows its reflections ask for; a kept row is the very
/// array computed the first time, so the loadings are bit for bit those computed without keeping any
/// (tolerance 0), whether every row fits or only a few do.
@Suite("Correlation rows kept for Brown's reflections")
struct CorrelationRowCacheTests {
  @Test("Brown centroid, 7 factors of 300 sorts × 30: the same bits with all rows kept, 10 kept, none kept")
  func sameLoadings() throws {
    let data = RandomSorts.dataset(seed: 3, sorts: 300, statements: 30)
    let sorts = try StandardisedSorts(data)
    for profile in [ConventionProfile.pqmethod, .qmethod] {
      let plain = BrownCentroid.extract(sorts, factors: 7, profile: profile, rowCacheBytes: 0)
      for budget in [CorrelationOperator.rowCacheBytes, 10 * 300 * MemoryLayout<Double>.stride] {
        let kept = BrownCentroid.extract(sorts, factors: 7, profile: profile, rowCacheBytes: budget)
        #expect(
          kept.loadings.values.map(\.bitPattern) == plain.loadings.values.map(\.bitPattern),
          "\(profile), \(budget) bytes of rows")
        #expect(kept.notes == plain.notes)
      }
    }
  }

  @Test("a kept row equals the row computed from the data")
  func keptRowEqualsComputed() throws {
    let sorts = try StandardisedSorts(RandomSorts.dataset(seed: 4, sorts: 80, statements: 20))
    let correlations = CorrelationOperator(sorts)
    let first = correlations.row(17)
    #expect(correlations.row(17) == first)
    #expect(first == sorts.correlationRow(17))
    #expect(abs(first[17] - 1) < 1e-12)
  }
}
