import Foundation

/// Kaiser's varimax rotation with row (Kaiser) normalisation.
///
/// Three algorithms that reach the same criterion by different paths. The path decides which factor
/// comes out first and with which sign, so each profile follows its tool's:
/// - `pqmethod`: PQMethod's QVARIMAX as KADE ports it (`pqmethodSweeps`): Kaiser's pairwise
///   rotations with the program's quadrant rules, thresholds and stopping rule.
/// - `pairwise`: the same pairwise sweeps with each pair's exact optimal angle (atan2), repeated
///   until no angle exceeds 1e-10 rad: the exact optimum, reached by another path, so on some data
///   its factors come out in another order than PQMethod's (`--rotation varimax-optimum`).
/// - `svd`: R's `stats::varimax` (normalize = TRUE, eps = 1e-5): T ← U·Vᵀ from the SVD of
///   Xᵀ(Z³ − Z·diag(colSums(Z²))/p) until the criterion grows by less than eps.
public enum Varimax {
  public enum Algorithm: Sendable { case pqmethod, pairwise, svd }

  public static func rotate(_ loadings: Matrix, algorithm: Algorithm) -> Matrix {
    guard loadings.columns >= 2 else { return loadings }
    // Kaiser normalisation: every sort's row scaled to unit communality.
    let communalityRoots = loadings.rowSumsOfSquares.map { $0.squareRoot() }
    var normalised = loadings
    for r in 0..<loadings.rows where communalityRoots[r] > 0 {
      for c in 0..<loadings.columns { normalised[r, c] /= communalityRoots[r] }
    }
    var rotated =
      switch algorithm {
      case .pqmethod: pqmethodSweeps(normalised)
      case .pairwise: pairwise(normalised)
      case .svd: normalised * svdRotationMatrix(normalised)
      }
    for r in 0..<loadings.rows {
      for c in 0..<loadings.columns { rotated[r, c] *= communalityRoots[r] }
    }
    return rotated
  }

  /// Kaiser's pairwise sweep (Kaiser 1959; Harman 1976, §14.4), PQMethod's QVARIMAX: for factors x, y
  /// with u = x² − y², v = 2xy, A = Σu, B = Σv, C = Σ(u² − v²), D = 2Σuv, the pair's criterion is
  /// maximal at tan 4φ = (D − 2AB/n)/(C − (A² − B²)/n). Pairs are visited (1,2), (1,3), …, (2,3), …
  /// and sweeps repeat until no angle exceeds 1e-10 rad: the exact optimum, which PQMethod, KADE and
  /// R's `varimax` each approach to within about 1e-4 before their own stopping rules end the search
  /// (PQMethod's and KADE's on a path that may number the factors differently: `pqmethodSweeps`).
  static func pairwise(_ start: Matrix, tolerance: Double = 1e-10, maxSweeps: Int = 1000) -> Matrix {
    var a = start
    let n = Double(a.rows)
    for _ in 0..<maxSweeps {
      var largestAngle = 0.0
      for x in 0..<(a.columns - 1) {
        for y in (x + 1)..<a.columns {
          var sumU = 0.0
          var sumV = 0.0
          var sumC = 0.0
          var sumD = 0.0
          for r in 0..<a.rows {
            let ax = a[r, x]
            let ay = a[r, y]
            let u = ax * ax - ay * ay
            let v = 2 * ax * ay
            sumU += u
            sumV += v
            sumC += u * u - v * v
            sumD += 2 * u * v
          }
          let phi = atan2(sumD - 2 * sumU * sumV / n, sumC - (sumU * sumU - sumV * sumV) / n) / 4
          if abs(phi) < tolerance { continue }
          largestAngle = max(largestAngle, abs(phi))
          let (cosine, sine) = (cos(phi), sin(phi))
          for r in 0..<a.rows {
            let ax = a[r, x]
            let ay = a[r, y]
            a[r, x] = ax * cosine + ay * sine
            a[r, y] = -ax * sine + ay * cosine
          }
        }
      }
      if largestAngle < tolerance { break }
    }
    return a
  }

  /// The rotation matrix of R's `stats::varimax` for already-normalised loadings.
  static func svdRotationMatrix(_ x: Matrix, eps: Double = 1e-5) -> Matrix {
    let p = Double(x.rows)
    let k = x.columns
    var rotation = Matrix.identity(k)
    var criterion = 0.0
    for _ in 0..<1000 {
      let z = x * rotation
      let columnSquares = z.columnSumsOfSquares
      var target = Matrix(rows: z.rows, columns: k)
      for r in 0..<z.rows {
        for c in 0..<k {
          let value = z[r, c]
          target[r, c] = value * value * value - value * columnSquares[c] / p
        }
      }
      let b = x.transposed * target
      let (polar, singularValueSum) = polarFactor(b)
      rotation = polar
      let previous = criterion
      criterion = singularValueSum
      if criterion < previous * (1 + eps) { break }
    }
    return rotation
  }

  /// For B = U·Σ·Vᵀ, returns U·Vᵀ and Σσ. From the eigen decomposition BᵀB = V·Σ²·Vᵀ:
  /// U·Vᵀ = B·V·Σ⁻¹·Vᵀ.
  static func polarFactor(_ b: Matrix) -> (Matrix, Double) {
    let eigen = SymmetricEigen(b.transposed * b)
    let k = b.columns
    let sigma = eigen.values.map { max($0, 0).squareRoot() }
    var inverseRoot = Matrix(rows: k, columns: k)
    for i in 0..<k {
      for j in 0..<k {
        var sum = 0.0
        for c in 0..<k where sigma[c] > 0 { sum += eigen.vectors[i, c] * eigen.vectors[j, c] / sigma[c] }
        inverseRoot[i, j] = sum
      }
    }
    return (b * inverseRoot, sigma.reduce(0, +))
  }
}
