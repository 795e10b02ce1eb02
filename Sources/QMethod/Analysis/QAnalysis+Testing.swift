import Foundation

extension QAnalysis {
  /// What the factors' characteristics and the statement tests found.
  struct TestedFactors {
    let characteristics: [FactorCharacteristics]
    /// Distinguishing and consensus statements over the factors that have z-scores.
    let tests: StatementTests
    /// Per factor (all of them; empty for a factor without z-scores).
    let distinguishing: [StatementTests.DistinguishingStatements]
    /// Correlations between the factors' z-scores (`nil` where a factor has none).
    let factorCorrelations: [[Double?]]
    /// Factors with few defining sorts, factors that correlate highly.
    let warnings: [String]
  }

  /// Stage 6: factor characteristics (eigenvalue, reliability, SE of factor scores), the
  /// distinguishing and consensus tests (``StatementTests``) over the factors with z-scores, and
  /// the correlations between factors.
  static func test(
    _ adjusted: AdjustedFactors, scored: FactorScoring, options: AnalysisOptions, statementNumbers numbers: [Int]
  )
    -> TestedFactors
  {
    let factorCount = adjusted.loadings.columns
    let zScores = scored.zScores
    let characteristics = (0..<factorCount).map { c in
      FactorCharacteristics.compute(
        loadings: adjusted.loadings.column(c), flags: adjusted.flags.map { $0[c] },
        averageReliability: options.averageReliability)
    }
    let scoredFactors = (0..<factorCount).filter { zScores[$0] != nil }
    let tests = StatementTests.compute(
      zScores: scoredFactors.compactMap { zScores[$0] }, factorNumbers: scoredFactors.map { $0 + 1 },
      seFactorScores: scoredFactors.map { characteristics[$0].seFactorScores }, statementNumbers: numbers,
      profile: options.profile)
    var distinguishing = Array(
      repeating: StatementTests.DistinguishingStatements(p05: [], p01: []), count: factorCount)
    for (position, factor) in scoredFactors.enumerated() { distinguishing[factor] = tests.distinguishing[position] }
    let factorCorrelations = (0..<factorCount).map { a in
      (0..<factorCount).map { b -> Double? in
        guard let x = zScores[a], let y = zScores[b] else { return nil }
        return a == b ? 1 : pearson(x, y)
      }
    }
    let warnings = factorWarnings(
      characteristics: characteristics, correlations: factorCorrelations, labels: adjusted.labels)
    return TestedFactors(
      characteristics: characteristics, tests: tests, distinguishing: distinguishing,
      factorCorrelations: factorCorrelations, warnings: warnings)
  }
}
