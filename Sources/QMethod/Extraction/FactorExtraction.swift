/// The unrotated factors of an extraction.
public struct FactorExtraction: Sendable {
  /// Sorts × factors loadings.
  public var loadings: Matrix
  /// The eigenvalues of the correlation matrix, descending (PCA: all min(N, S) of them, for the
  /// scree), or for centroid methods each factor's sum of squared loadings.
  public var eigenvalues: [Double]
  /// Notes on how the extraction went (iterations, early stops).
  public var notes: [String] = []
}

/// Reverses the sign of each column whose sign statistic is negative.
/// - pqmethod: Σ a·|a| < 0 (PQMethod/KADE); qmethod: Σ a < 0 (psych::principal).
func applySignRule(_ loadings: inout Matrix, profile: ConventionProfile) {
  for c in 0..<loadings.columns {
    var statistic = 0.0
    for r in 0..<loadings.rows {
      let a = loadings[r, c]
      statistic += profile == .pqmethod ? a * abs(a) : a
    }
    if statistic < 0 {
      for r in 0..<loadings.rows { loadings[r, c] = -loadings[r, c] }
    }
  }
}
