import Foundation

extension QAnalysis {
  /// The first stage's output: the sorts standardised, their correlations when there are no more
  /// sorts than statements, and one eigendecomposition (of R, or of G = Z·Zᵀ/S) for the scree and PCA.
  struct CorrelatedSorts {
    /// Standardised by the analysis's correlation (Pearson or Spearman ranks).
    let standardised: StandardisedSorts
    /// Standardised raw scores, which the factor scores weight whatever the correlation.
    let forScoring: StandardisedSorts
    /// The N × N correlations; `nil` once sorts outnumber statements (nothing builds them then).
    let correlations: Matrix?
    let eigen: SymmetricEigen
    /// The eigenvalues, negatives (rounding) clipped at 0.
    let scree: [Double]
  }

  /// Stage 1: standardise and correlate the sorts.
  static func correlate(_ data: QSortData, options: AnalysisOptions) throws(QMethodError) -> CorrelatedSorts {
    let standardised = try StandardisedSorts(data, method: options.correlation)
    let forScoring = options.correlation == .pearson ? standardised : try StandardisedSorts(data)
    let correlations = data.sortCount <= data.statementCount ? standardised.correlationMatrix() : nil
    let eigen = SymmetricEigen(correlations ?? standardised.statementGram())
    return CorrelatedSorts(
      standardised: standardised, forScoring: forScoring, correlations: correlations, eigen: eigen,
      scree: eigen.values.map { max($0, 0) })
  }
}
