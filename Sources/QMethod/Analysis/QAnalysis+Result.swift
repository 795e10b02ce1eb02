import Foundation

extension QAnalysis {
  /// The stages' outputs put together as the result (`warnings` in the order the stages gave them:
  /// flags, arrays, factors), with each factor's characteristic statements and exemplars.
  static func result(
    _ data: QSortData, options: AnalysisOptions, correlated: CorrelatedSorts, extracted: ExtractedFactors,
    adjusted: AdjustedFactors, scored: FactorScoring, tested: TestedFactors, notes: [String]
  ) -> AnalysisResult {
    let n = data.sortCount
    let s = data.statementCount
    let numbers = data.statements.map(\.number)
    let extraction = extracted.extraction
    let loadings = adjusted.loadings
    let flags = adjusted.flags
    let characteristics = tested.characteristics
    let warnings = adjusted.warnings + scored.warnings + tested.warnings
    return AnalysisResult(
      engineVersion: QMethodEngine.version,
      dataFingerprint: fingerprint(data),
      options: options,
      title: data.title,
      sorts: data.sortIDs,
      statements: numbers,
      statementTexts: data.statements.map(\.text),
      distribution: data.distribution,
      factorLabels: adjusted.labels,
      correlations: correlated.correlations?.nestedRows,
      screeEigenvalues: correlated.scree,
      eigenvalues: extraction.eigenvalues,
      explainedVariance: extraction.eigenvalues.map { 100 * $0 / Double(n) },
      unrotatedLoadings: extraction.loadings.nestedRows,
      loadings: loadings.nestedRows,
      flags: flags,
      zScores: (0..<s).map { i in scored.zScores.map { $0?[i] } },
      factorArrays: (0..<s).map { i in scored.arrays.map { $0?[i] } },
      characteristics: characteristics,
      factorCorrelations: tested.factorCorrelations,
      seDifferences: characteristics.map { a in characteristics.map { FactorCharacteristics.seDifference(a, $0) } },
      distinguishing: tested.distinguishing,
      consensus: tested.tests.consensus,
      consensusP05: tested.tests.consensusP05,
      comparisons: tested.tests.comparisons,
      qmethodLabels: tested.tests.qmethodLabels,
      characteristicStatements: scored.zScores.map { characteristicStatements($0, numbers: numbers) },
      exemplars: (0..<loadings.columns).map { c in
        (0..<n).filter { flags[$0][c] }
          .sorted { abs(loadings[$0, c]) > abs(loadings[$1, c]) }
          .map { AnalysisResult.Exemplar(sort: data.sortIDs[$0], loading: loadings[$0, c]) }
      },
      notes: notes,
      warnings: warnings,
      warningSorts: warningSortLists(
        warnings, flags: flags, loadings: loadings, labels: adjusted.labels, sortIDs: data.sortIDs))
  }

  /// The six highest and six lowest statements of a factor (ties by statement number).
  static func characteristicStatements(_ z: [Double]?, numbers: [Int]) -> AnalysisResult.CharacteristicStatements {
    guard let z else { return .init(mostAgree: [], mostDisagree: []) }
    let count = min(6, z.count)
    let descending = z.indices.sorted { z[$0] != z[$1] ? z[$0] > z[$1] : numbers[$0] < numbers[$1] }
    let ascending = z.indices.sorted { z[$0] != z[$1] ? z[$0] < z[$1] : numbers[$0] < numbers[$1] }
    return .init(
      mostAgree: descending.prefix(count).map { numbers[$0] }, mostDisagree: ascending.prefix(count).map { numbers[$0] }
    )
  }
}
