/// Brown's centroid extraction (Brown 1980, *Political Subjectivity*, pp. 208–224), one factor at a time
/// from the residual correlations.
///
/// For each factor: reflect sorts (reverse their sign) until every column of the residual matrix,
/// diagonal excluded, sums positive; with those column sums c and a communality estimate d on the
/// diagonal the loadings are f = (c + d)/√Σ(c + d); iterate d ← f² until it settles; reflect the
/// loadings back and remove f·fᵀ from the residuals.
///
/// The profiles differ only where their tools do:
/// - pqmethod (PQMethod's QCENT, KADE): d starts at 0.5 and stops when no |Δd| exceeds 1e-3; a
///   column is reflected while its sum is negative.
/// - qmethod (`centroid()`): d starts at the mean off-diagonal correlation c/(N − 1) and stops when
///   every |Δd| < 1e-5; a column is reflected while its sum is not positive.
public enum BrownCentroid {
  public static func extract(_ sorts: StandardisedSorts, factors: Int, profile: ConventionProfile)
    -> FactorExtraction
  {
    extract(sorts, factors: factors, profile: profile, rowCacheBytes: CorrelationOperator.rowCacheBytes)
  }

  /// With the memory the correlation rows may be kept in (0: every row computed when asked for).
  ///
  /// Each step does the arithmetic of the first version, operation for operation and in the same
  /// order (`BrownCentroidBaselineTests` compares the bits), without an array per step: a
  /// reflected sort's residual correlations are worked out as the column sums are updated, from
  /// R's kept row where it lies (`scratch` holds a row that is not kept), and the communality
  /// iteration updates its vectors in place.
  static func extract(_ sorts: StandardisedSorts, factors: Int, profile: ConventionProfile, rowCacheBytes: Int)
    -> FactorExtraction
  {
    var residual = OffDiagonalResidual(CorrelationOperator(sorts, rowCacheBytes: rowCacheBytes))
    let n = sorts.sortCount
    var loadings = Matrix(rows: n, columns: factors)
    var notes: [String] = []
    var scratch = [Double](repeating: 0, count: n)
    for factor in 0..<factors {
      // Column sums of the reflected residuals: c_j = s_j·Σ_{k≠j} e_jk·s_k.
      var signs = [Double](repeating: 1, count: n)
      var sums = residual.times(signs)
      var reflections = 0
      while let (j, smallest) = minimum(sums), profile == .pqmethod ? smallest < 0 : smallest <= 0 {
        // Reversing sort j changes every other column's sum by −2·s_k·e_kj·s_j: the update
        // `for k ≠ j: sums[k] -= 2·signs[k]·e_jk·signs[j]`, with e_jk worked out as it is used
        // (`OffDiagonalResidual.reflect`; each element's arithmetic unchanged, so are the bits).
        sums.withUnsafeMutableBufferPointer { s in
          signs.withUnsafeBufferPointer { g in
            scratch.withUnsafeMutableBufferPointer { row in
              residual.reflect(j, signs: g, sums: s, scratch: row.baseAddress!)
            }
          }
        }
        sums[j] = -sums[j]
        signs[j] = -signs[j]
        reflections += 1
        if reflections > 4 * n + 100 {
          notes.append("factor \(factor + 1): reflection stopped after \(reflections) steps")
          break
        }
      }
      let tolerance = profile == .pqmethod ? 1e-3 : 1e-5
      var diagonal =
        profile == .pqmethod ? [Double](repeating: 0.5, count: n) : sums.map { $0 / Double(max(n - 1, 1)) }
      var f = [Double](repeating: 0, count: n)
      centroidLoadings(sums, diagonal, into: &f)
      var iterations = 0
      while iterations < 10_000 {
        // d ← f², stopping once no element moves by more than the tolerance; the largest change
        // is found as `Sequence.max()` finds it (the first element, then each larger one).
        var largestChange = 0.0
        for i in 0..<n {
          let change = abs(diagonal[i] - f[i] * f[i])
          if i == 0 || largestChange < change { largestChange = change }
        }
        let settled = profile == .pqmethod ? largestChange <= tolerance : largestChange < tolerance
        if settled { break }
        for i in 0..<n { diagonal[i] = f[i] * f[i] }
        centroidLoadings(sums, diagonal, into: &f)
        iterations += 1
      }
      let column = zip(f, signs).map { $0 * $1 }
      loadings.setColumn(factor, to: column)
      residual.remove(column)
    }
    return FactorExtraction(loadings: loadings, eigenvalues: loadings.columnSumsOfSquares, notes: notes)
  }

  /// f = (c + d)/√Σ(c + d), guarded against a non-positive total (a residual with nothing left).
  static func centroidLoadings(_ sums: [Double], _ diagonal: [Double]) -> [Double] {
    var f = [Double](repeating: 0, count: sums.count)
    centroidLoadings(sums, diagonal, into: &f)
    return f
  }

  /// ``centroidLoadings(_:_:)`` written into `f`: the total summed from the first element on, as
  /// `reduce(0, +)` sums it.
  static func centroidLoadings(_ sums: [Double], _ diagonal: [Double], into f: inout [Double]) {
    var total = 0.0
    for i in sums.indices {
      f[i] = sums[i] + diagonal[i]
      total += f[i]
    }
    guard total > 0 else {
      for i in f.indices { f[i] = 0 }
      return
    }
    let root = total.squareRoot()
    for i in f.indices { f[i] /= root }
  }

  /// The first index of the smallest value: the answer of the plain scan (`best` moves to each
  /// value smaller than the one at `best`), which with no NaN is the first index holding the
  /// minimum. That minimum is found four lanes at a time, then its first index; a NaN anywhere
  /// sends the values through the plain scan, whose answer then depends on where it lies.
  static func minimum(_ values: [Double]) -> (Int, Double)? {
    guard let first = values.first else { return nil }
    let smallest: Double? = values.withUnsafeBufferPointer { v in
      let n = v.count
      var lanes = SIMD4(repeating: first)
      var unordered = SIMDMask<SIMD4<Int64>>()
      var k = 0
      while k + 4 <= n {
        let x = UnsafeRawPointer(v.baseAddress! + k).loadUnaligned(as: SIMD4<Double>.self)
        unordered .|= x .!= x
        lanes.replace(with: x, where: x .< lanes)
        k += 4
      }
      var smallest = lanes.min()
      while k < n {
        if v[k].isNaN { return nil }
        if v[k] < smallest { smallest = v[k] }
        k += 1
      }
      return any(unordered) ? nil : smallest
    }
    guard let smallest, let index = values.firstIndex(where: { $0 == smallest }) else {
      var best = 0
      for index in values.indices where values[index] < values[best] { best = index }
      return (best, values[best])
    }
    return (index, values[index])
  }
}
