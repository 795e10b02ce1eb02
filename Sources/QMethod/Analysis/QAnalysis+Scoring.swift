import Foundation

extension QAnalysis {
  /// Each factor's z-scores and factor array (`nil` for a factor without defining sorts).
  struct FactorScoring {
    let zScores: [[Double]?]
    /// The grid the arrays fill: the forced distribution, or the slots fitted to a free one.
    let slots: [Int]
    let arrays: [[Int]?]
    /// Arrays that do not fit the distribution (qmethod's tie rule).
    let warnings: [String]
  }

  /// Stage 5: the factor scores (``FactorScores/zScores(data:sorts:loadings:flags:profile:)``) and
  /// the factor arrays, on the forced distribution or, for a free one, on fitted slots.
  static func score(
    _ data: QSortData, sorts forScoring: StandardisedSorts, adjusted: AdjustedFactors, profile: ConventionProfile,
    notes: inout [String]
  ) -> FactorScoring {
    let zScores = FactorScores.zScores(
      data: data, sorts: forScoring, loadings: adjusted.loadings, flags: adjusted.flags, profile: profile)
    let slots: [Int]
    if let forced = data.distribution.slots {
      slots = forced
    } else {
      slots = FactorScores.fittedSlots(for: data)
      notes.append(
        "free distribution: factor arrays use the average number of statements the sorts put at each score")
    }
    let numbers = data.statements.map(\.number)
    let arrays = zScores.map { z in
      z.map { FactorScores.factorArray(zScores: $0, statementNumbers: numbers, slots: slots, profile: profile) }
    }
    var warnings: [String] = []
    for (factor, array) in arrays.enumerated() {
      if let array, array.sorted() != slots {
        warnings.append(
          "factor \(adjusted.labels[factor]): tied z-scores share the lowest slot (qmethod's rule), so its array does not fit the distribution"
        )
      }
    }
    return FactorScoring(zScores: zScores, slots: slots, arrays: arrays, warnings: warnings)
  }
}
