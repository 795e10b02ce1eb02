extension TextReport {
  /// PQMethod's "Cumulative Communalities Matrix": per sort, the sum of its squared unrotated
  /// loadings over factors 1…k, then the cumulative % of variance explained.
  static func cumulativeCommunalities(_ result: AnalysisResult, _ out: inout ReportWriter) {
    let extracted = result.extractedFactorCount
    out.section("Cumulative communalities matrix (unrotated factors 1 thru k)")
    out.line(pad("Sort", 12) + (0..<extracted).map { pad(String($0 + 1), 8, right: true) }.joined())
    for (j, row) in result.cumulativeCommunalities.enumerated() where j < result.sorts.count {
      out.line(pad(abbreviated(result.sorts[j], 12), 12) + row.map { pad(fixed($0, 4), 8, right: true) }.joined())
    }
    out.line(
      pad("cumul % expl.var.", 17)
        + result.cumulativeExplainedVariance.enumerated().map { pad(fixed($1, 0), $0 == 0 ? 3 : 8, right: true) }
        .joined())
  }

  /// PQMethod's "Factor Scores with Corresponding Ranks": every statement in number order with each
  /// factor's z-score and its rank (1 = highest).
  static func factorScoreRanks(_ result: AnalysisResult, _ out: inout ReportWriter) {
    out.section("Factor scores with corresponding ranks (rank 1 = highest z-score)")
    out.line(
      pad("No.", 5) + pad("Statement", 42)
        + result.factorLabels.map { pad("F\($0) z", 9, right: true) + pad("rank", 6, right: true) }.joined())
    let ranks = result.zScoreRanks
    for i in result.statements.indices.sorted(by: { result.statements[$0] < result.statements[$1] }) {
      let cells = result.factorLabels.indices.map { f in
        pad(result.zScores[i][f].map { fixed($0, 3) } ?? "—", 9, right: true)
          + pad(ranks[i][f].map(String.init) ?? "", 6, right: true)
      }
      out.line(pad(String(result.statements[i]), 5) + pad(abbreviated(text(result, i), 40), 42) + cells.joined())
    }
  }

  /// PQMethod's "Factor Q-Sort Values for Statements sorted by Consensus vs. Disagreement (Variance
  /// across normalized Factor Scores)": the arrays, the smallest variance of the z-scores first.
  static func consensusToDisagreement(_ result: AnalysisResult, _ out: inout ReportWriter) {
    out.section(
      "Factor Q-sort values for statements sorted by consensus vs. disagreement (variance across factor z-scores)")
    let order = result.consensusToDisagreement
    guard !order.isEmpty else {
      out.line("(needs two factors with z-scores)")
      return
    }
    let variances = result.zScoreVariances
    out.line(
      pad("No.", 5) + pad("Statement", 62) + result.factorLabels.map { pad("F\($0)", 6, right: true) }.joined()
        + pad("Var.", 8, right: true))
    for i in order {
      out.line(
        pad(String(result.statements[i]), 5) + pad(abbreviated(text(result, i), 60), 62)
          + result.factorArrays[i].map { pad($0.map(String.init) ?? "—", 6, right: true) }.joined()
          + pad(variances[i].map { fixed($0, 3) } ?? "", 8, right: true))
    }
  }
}
