/// Principal components of the correlation matrix R (PQMethod's QPCA; psych::principal in qmethod).
///
/// Loadings a_jc = v_jc·√λ_c for R's eigenpairs (λ_c, v_c). When there are more sorts than
/// statements the eigenpairs come from the S × S matrix G = Z·Zᵀ/S instead: for G·u = λ·u the
/// loadings are Zᵀ·u/√S, so R is never formed (O(N·S²) time, O(N·S) memory).
public enum PrincipalComponents {
  public static func extract(
    _ sorts: StandardisedSorts, factors: Int, profile: ConventionProfile
  ) -> FactorExtraction {
    extract(sorts, factors: factors, profile: profile, eigen: SymmetricEigen(sorts.smallerProductMatrix()))
  }

  /// With the eigenpairs of ``StandardisedSorts/smallerProductMatrix()`` already computed (the
  /// analysis computes them once for the scree and the extraction).
  static func extract(
    _ sorts: StandardisedSorts, factors: Int, profile: ConventionProfile, eigen: SymmetricEigen
  ) -> FactorExtraction {
    let n = sorts.sortCount
    let s = sorts.statementCount
    var loadings = Matrix(rows: n, columns: factors)
    let eigenvalues: [Double]
    if n <= s {
      eigenvalues = eigen.values
      for c in 0..<factors {
        let root = max(eigen.values[c], 0).squareRoot()
        for j in 0..<n { loadings[j, c] = eigen.vectors[j, c] * root }
      }
    } else {
      eigenvalues = eigen.values
      let scale = 1 / Double(s).squareRoot()
      for c in 0..<factors {
        let column = sorts.project(eigen.vectors.column(c)).map { $0 * Double(s) * scale }
        loadings.setColumn(c, to: column)
      }
    }
    applySignRule(&loadings, profile: profile)
    return FactorExtraction(loadings: loadings, eigenvalues: eigenvalues)
  }
}
