/// Horst's iterated centroid as PQMethod 5.5 and KADE run it ("Horst 5.5").
///
/// A pass extracts centroid factors with a fixed diagonal U (first pass: 1). Within a pass each
/// factor takes the sign vector found by repeatedly reversing the sort whose reflected row sum is most
/// negative, then f = (E·v + d∘v)/√Σ|E·v + d∘v| with d the residual diagonal (U less the earlier
/// factors' squares). After a pass the communalities h² of the factors
/// become the next diagonal, min(1, h²), until no diagonal element moves more than `threshold`
/// or `maxPasses` passes have run. With `autoStop`, a pass stops extracting when the residual
/// correlations are small for the number of statements: 2·S·Σ_{j≠k} e_jk² < N(N − 1)
/// (KADE `horstMain`), otherwise after `maxFactors`.
public enum HorstCentroid {
  public static func extract(
    _ sorts: StandardisedSorts, maxFactors: Int, autoStop: Bool, maxPasses: Int = 30, threshold: Double = 1e-4
  ) -> FactorExtraction {
    let correlations = CorrelationOperator(sorts)
    let frobenius = correlations.frobeniusSquared()
    let n = sorts.sortCount
    let s = Double(sorts.statementCount)
    var diagonal = [Double](repeating: 1, count: n)
    var factors: [[Double]] = []
    var notes: [String] = []
    var converged = false
    for pass in 1...maxPasses {
      var residual = OffDiagonalResidual(correlations)
      factors = []
      while factors.count < maxFactors {
        if autoStop && !factors.isEmpty || autoStop && pass == 1 {
          let sumOfSquares = residual.sumOfSquares(frobeniusOfR: frobenius)
          if 2 * sumOfSquares * s - Double(n) * Double(n - 1) < 0 { break }
        }
        // The residual diagonal: the pass's communalities less what earlier factors took.
        let residualDiagonal = zip(diagonal, residual.communalities).map { $0 - $1 }
        let factor = nextFactor(residual, diagonal: residualDiagonal)
        factors.append(factor)
        residual.remove(factor)
      }
      if factors.isEmpty { break }
      let communalities = residual.communalities
      let change = zip(diagonal, communalities).map { abs($0 - $1) }.max() ?? 0
      diagonal = communalities.map { min(1, $0) }
      if change <= threshold {
        converged = true
        notes.append("converged after \(pass) passes with \(factors.count) factors")
        break
      }
    }
    if !converged {
      notes.append("did not converge in \(maxPasses) passes; the factors of the last pass are shown")
    }
    var loadings = Matrix(rows: n, columns: factors.count)
    for (column, factor) in factors.enumerated() { loadings.setColumn(column, to: factor) }
    return FactorExtraction(loadings: loadings, eigenvalues: loadings.columnSumsOfSquares, notes: notes)
  }

  /// One centroid factor from the residuals with `diagonal` as communalities (KADE `calcSignVector`,
  /// `calcFactorVector`): flip the sort with the most negative w_j·v_j (ties: the last), at most 750 times.
  static func nextFactor(_ residual: OffDiagonalResidual, diagonal: [Double]) -> [Double] {
    let n = diagonal.count
    var signs = [Double](repeating: 1, count: n)
    var w = residual.times(signs)
    for _ in 0..<750 {
      var jj = 0
      for index in 0..<n where w[jj] * signs[jj] - w[index] * signs[index] >= 0 { jj = index }
      guard w[jj] * signs[jj] < 0 else { break }
      signs[jj] = -signs[jj]
      let row = residual.row(jj)
      for i in 0..<n { w[i] += 2 * row[i] * signs[jj] }
    }
    for i in 0..<n { w[i] += diagonal[i] * signs[i] }
    let total = w.reduce(0) { $0 + abs($1) }
    guard total > 0 else { return w.map { _ in 0 } }
    let root = total.squareRoot()
    return w.map { $0 / root }
  }
}
