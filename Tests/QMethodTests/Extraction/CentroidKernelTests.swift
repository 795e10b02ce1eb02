import Testing

@testable import QMethod

/// The kernels of Brown's reflections give the bits of the plain loops they replace (tolerance 0,
/// compared as bit patterns): a correlation row written in place those of the projection,
/// `OffDiagonalResidual.reflect` those of writing the residual row (`copyRow`) and then updating the
/// column sums, for every length, so the tails (lengths not a multiple of 4) are checked as well as
/// the runs, and the vectorised `BrownCentroid.minimum` the answer of the plain scan.
@Suite("Brown centroid's kernels give the bits of the plain loops")
struct CentroidKernelTests {
  @Test("a correlation row written in place equals the projection (odd and even sort counts)")
  func correlationRowEqualsProjection() throws {
    for (sorts, statements) in [(2, 9), (7, 13), (50, 40), (51, 33), (120, 9)] {
      let standardised = try StandardisedSorts(RandomSorts.dataset(seed: sorts, sorts: sorts, statements: statements))
      for j in [0, sorts / 2, sorts - 1] {
        var row = [Double](repeating: 0, count: sorts)
        row.withUnsafeMutableBufferPointer { standardised.correlationRow(j, into: $0) }
        #expect(row.map(\.bitPattern) == standardised.correlationRow(j).map(\.bitPattern), "\(sorts) sorts, row \(j)")
      }
    }
  }

  @Test("reflect equals copyRow then the update, 2 to 13 and 41 to 45 sorts, 0 to 4 factors removed, rows kept or not")
  func reflectEqualsRowThenUpdate() throws {
    var rng = SeededGenerator(seed: 7)
    for sorts in Array(2...13) + Array(41...45) {
      let standardised = try StandardisedSorts(RandomSorts.dataset(seed: sorts, sorts: sorts, statements: 20))
      for budget in [CorrelationOperator.rowCacheBytes, 0] {
        var residual = OffDiagonalResidual(CorrelationOperator(standardised, rowCacheBytes: budget))
        for removed in 0...4 {
          if removed > 0 {
            residual.remove((0..<sorts).map { _ in Double.random(in: -0.8...0.8, using: &rng) })
          }
          let signs = (0..<sorts).map { _ in Bool.random(using: &rng) ? 1.0 : -1.0 }
          let start = (0..<sorts).map { _ in Double.random(in: -5...5, using: &rng) }
          for j in [0, sorts / 3, sorts - 1] {
            var expected = start
            let row = residual.row(j)
            for k in 0..<sorts where k != j { expected[k] -= 2 * signs[k] * row[k] * signs[j] }
            var sums = start
            var scratch = [Double](repeating: .nan, count: sorts)
            sums.withUnsafeMutableBufferPointer { s in
              signs.withUnsafeBufferPointer { g in
                scratch.withUnsafeMutableBufferPointer {
                  residual.reflect(j, signs: g, sums: s, scratch: $0.baseAddress!)
                }
              }
            }
            #expect(
              sums.map(\.bitPattern) == expected.map(\.bitPattern),
              "\(sorts) sorts, \(budget) bytes of rows, \(removed) factors removed, sort \(j)")
          }
        }
      }
    }
  }

  @Test("minimum equals the plain scan: lengths 1 to 40, ties, ±0, NaN first, inside and last")
  func minimumEqualsScan() {
    var rng = SeededGenerator(seed: 99)
    func plain(_ values: [Double]) -> (Int, UInt64) {
      var best = 0
      for index in values.indices where values[index] < values[best] { best = index }
      return (best, values[best].bitPattern)
    }
    for count in 1...40 {
      for trial in 0..<30 {
        // Few distinct values, so ties (and −0 beside +0) are common.
        let pool: [Double] = [-0.0, 0, 1, -1, -2, 3, trial % 5 == 0 ? .nan : -2]
        var values = (0..<count).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }
        if trial == 7 { values[0] = .nan }
        if trial == 8 { values[count - 1] = .nan }
        let found = BrownCentroid.minimum(values).map { ($0.0, $0.1.bitPattern) }
        let expected = plain(values)
        #expect(found?.0 == expected.0 && found?.1 == expected.1, "\(values)")
      }
    }
    #expect(BrownCentroid.minimum([]) == nil)
  }
}
