extension AnalysisResult {
  /// Checks that the parts of a result fit together as ``QAnalysis/run(_:options:progress:)`` makes
  /// them: every sort and statement once, the loadings and flags one row per sort, the z-scores and
  /// factor arrays one row per statement, each row one entry per factor. A result read back from
  /// storage is checked, so the code that reads it by row and factor can rely on it instead of
  /// stopping the process on a repeated key or an index past the end.
  /// - Throws: `QMethodError.invalidData` naming the part that does not fit.
  public func checkShape() throws(QMethodError) {
    let (n, s, k) = (sorts.count, statements.count, factorLabels.count)
    func require(_ fits: Bool, _ part: String) throws(QMethodError) {
      guard fits else {
        throw .invalidData("the result's \(part) do not fit its \(n) sorts, \(s) statements, \(k) factors")
      }
    }
    try require(Set(sorts).count == n, "sort ids (one repeats)")
    try require(Set(statements).count == s, "statement numbers (one repeats)")
    try require(statementTexts.count == s, "statement texts")
    try require(loadings.count == n && loadings.allSatisfy { $0.count == k }, "loadings")
    try require(flags.count == n && flags.allSatisfy { $0.count == k }, "flags")
    try require(zScores.count == s && zScores.allSatisfy { $0.count == k }, "z-scores")
    try require(factorArrays.count == s && factorArrays.allSatisfy { $0.count == k }, "factor arrays")
    try require(characteristics.count == k, "factor characteristics")
    if let bootstrap {
      let byStatement = [
        bootstrap.zScoreMean, bootstrap.zScoreSD, bootstrap.zScoreLower, bootstrap.zScoreUpper,
        bootstrap.arrayPositionKept, bootstrap.arrayPositionExact,
      ]
      try require(
        byStatement.allSatisfy { $0.count == s && $0.allSatisfy { $0.count == k } }
          && bootstrap.bootstrapArrays.count == s && bootstrap.bootstrapArrays.allSatisfy { $0.count == k },
        "bootstrap's statement rows")
      try require(
        [bootstrap.flagFrequency, bootstrap.loadingMean, bootstrap.loadingSD].allSatisfy {
          $0.count == n && $0.allSatisfy { $0.count == k }
        } && bootstrap.drawnSteps.count == n, "bootstrap's sort rows")
      try require(bootstrap.factors.count == k && bootstrap.factorLabels.count == k, "bootstrap's factors")
    }
  }
}
