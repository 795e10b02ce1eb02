import Testing

@testable import QMethod

/// The fast PQMethod varimax path (column-major, raw pointers, stop at a fixed point) against the plain loop it replaced (`PQMethodVarimaxBaseline`): the same loadings,
/// compared bit for bit (tolerance 0), since PQMethod's rules branch on exact comparisons and a
/// last-bit difference could in principle change a quadrant, a factor's order or its sign.
@Suite("PQMethod varimax fast path equals the plain loop")
struct PQMethodVarimaxFastPathTests {
  /// Rows scaled to unit length, as `Varimax.rotate` hands them to the sweeps.
  static func kaiserNormalised(_ m: Matrix) -> Matrix {
    var m = m
    for r in 0..<m.rows {
      let root = (0..<m.columns).reduce(0.0) { $0 + m[r, $1] * m[r, $1] }.squareRoot()
      guard root > 0 else { continue }
      for c in 0..<m.columns { m[r, c] /= root }
    }
    return m
  }

  func expectIdentical(_ start: Matrix, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let fast = Varimax.pqmethodSweeps(start)
    let plain = PQMethodVarimaxBaseline.pqmethodSweeps(start)
    #expect(fast.rows == plain.rows && fast.columns == plain.columns, "\(what): shape", sourceLocation: sourceLocation)
    let differing = zip(fast.values, plain.values).enumerated().filter {
      $0.element.0.bitPattern != $0.element.1.bitPattern
    }
    #expect(
      differing.isEmpty,
      "\(what): \(differing.count) of \(fast.values.count) loadings differ, first at \(differing.first.map { "(\($0.offset / start.columns), \($0.offset % start.columns)): \($0.element.0) vs \($0.element.1)" } ?? "")",
      sourceLocation: sourceLocation)
  }

  @Test("random loadings, 5 to 80 sorts × 2 to 7 factors, normalised or not: bit for bit")
  func randomLoadings() {
    for seed in 0..<160 {
      let rows = 5 + (seed * 37) % 76
      let columns = 2 + seed % 6
      let raw = RandomSorts.loadings(seed: seed, rows: rows, columns: columns)
      expectIdentical(Self.kaiserNormalised(raw), "seed \(seed), normalised \(rows)×\(columns)")
      if seed % 4 == 0 { expectIdentical(raw, "seed \(seed), raw \(rows)×\(columns)") }
    }
  }

  @Test("the KADE-ordered case, a rotated (fixed-point) start and degenerate columns: bit for bit")
  func specialCases() {
    let kadeCase = Self.kaiserNormalised(PQMethodVarimaxTests.unrotated)
    expectIdentical(kadeCase, "KADE-ordered case")
    // Already rotated: the fast path stops at the first sweep that changes nothing.
    expectIdentical(Varimax.pqmethodSweeps(kadeCase), "KADE case, rotated again")
    // A factor of zeros (B = 0 for its pairs) and a sort of zeros.
    var zeros = RandomSorts.loadings(seed: 5, rows: 12, columns: 3)
    for r in 0..<12 { zeros[r, 2] = 0 }
    for c in 0..<3 { zeros[4, c] = 0 }
    expectIdentical(zeros, "a zero factor and a zero sort")
    expectIdentical(Matrix(rows: 0, columns: 3), "no sorts")
  }

  @Test("an analysis-sized case: centroid 5 factors of 600 synthetic sorts × 40, bit for bit")
  func analysisSized() throws {
    var options = AnalysisOptions()
    options.extraction = .centroid
    options.factors = 5
    options.rotation = .none
    let data = try SyntheticSorts.make(sorts: 600, statements: 40, viewpoints: 4)
    let unrotated = Matrix(try QAnalysis.run(data, options: options).loadings)
    expectIdentical(Self.kaiserNormalised(unrotated), "600 × 5 centroid")
  }
}
