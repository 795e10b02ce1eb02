import Foundation

extension QAnalysis {
  /// The rotated factors after the researcher's adjustments: flags (automatic, then manual) and
  /// split poles, with the factors' labels and the warnings about flagged sorts.
  struct AdjustedFactors {
    var loadings: Matrix
    /// Per sort, per factor: does the sort define the factor.
    var flags: [[Bool]]
    /// "1", "2", … and "2−" for the negative pole split from factor 2.
    var labels: [String]
    /// Sorts flagged on several factors or with a negative loading.
    var warnings: [String]
  }

  /// Stage 4: flag the defining sorts (``Flagging/automatic(_:statementCount:z:majority:)``), put
  /// in the manual flags (they replace a sort's automatic ones), then split the factors asked for.
  static func adjust(_ loadings: Matrix, options: AnalysisOptions, data: QSortData) throws(QMethodError)
    -> AdjustedFactors
  {
    let kept = loadings.columns
    let sortIDs = data.sortIDs
    var flags = Flagging.automatic(
      loadings, statementCount: data.statementCount, z: options.flagZ, majority: options.flagMajority)
    // Built only for manual flags: hashing 100,000 ids costs more than the rest of this stage.
    let sortIndex =
      options.manualFlags.isEmpty
      ? [:] : Dictionary(sortIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    for (sortID, factors) in options.manualFlags.sorted(by: { $0.key < $1.key }) {
      guard let row = sortIndex[sortID] else { throw .invalidOptions("flag for unknown sort \"\(sortID)\"") }
      for factor in factors where !(1...kept).contains(factor) {
        throw .invalidOptions("flag \(sortID)=\(factor): factors are numbered 1 to \(kept)")
      }
      flags[row] = (1...kept).map { factors.contains($0) }
    }
    var adjusted = loadings
    var labels = (1...kept).map(String.init)
    for factor in options.splitFactors {
      guard (1...kept).contains(factor) else {
        throw .invalidOptions("cannot split factor \(factor): factors are numbered 1 to \(kept)")
      }
      splitPole(of: factor - 1, loadings: &adjusted, flags: &flags)
      labels.append("\(factor)−")
    }
    let warnings = flagWarnings(flags: flags, loadings: adjusted, labels: labels, sortIDs: sortIDs)
    return AdjustedFactors(loadings: adjusted, flags: flags, labels: labels, warnings: warnings)
  }

  /// Splits factor `column` (0-based) into its positive and negative pole: a new last factor holds
  /// the column's loadings with their sign reversed, and each sort flagged on the column with a
  /// negative loading moves its flag there (so the new factor's defining sorts load positively).
  static func splitPole(of column: Int, loadings: inout Matrix, flags: inout [[Bool]]) {
    let n = loadings.rows
    var widened = Matrix(rows: n, columns: loadings.columns + 1)
    for r in 0..<n {
      for c in 0..<loadings.columns { widened[r, c] = loadings[r, c] }
      widened[r, loadings.columns] = -loadings[r, column]
      let negative = flags[r][column] && loadings[r, column] < 0
      if negative { flags[r][column] = false }
      flags[r].append(negative)
    }
    loadings = widened
  }
}
