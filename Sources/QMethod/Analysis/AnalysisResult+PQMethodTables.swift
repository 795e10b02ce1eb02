import Foundation

/// The tables PQMethod's `.LIS` and KADE's workbook derive from a result: cumulative communalities,
/// factor score ranks, the descending differences between each pair of factors and the statements
/// in consensus-to-disagreement order. Every writer (the `.LIS`, the pages, the workbook, the CSV
/// files) takes its numbers and orders from here, so they agree with each other.
///
/// Orders follow KADE's source (github.com/shawnbanasick/kade, `Sections/Output/calcualteOutputLogic`):
/// KADE sorts on z-scores rounded to 3 decimals with a stable sort over statements in number order,
/// so statements that read the same are listed by number. Here the key is the value rounded to the
/// places it is printed with (``orderPlaces``), then the statement number.
extension AnalysisResult {
  /// The decimals a sorting key is rounded to before comparing (the places the tables print).
  public static let orderPlaces = 3

  /// The number of unrotated factors extracted (columns of ``unrotatedLoadings``).
  public var extractedFactorCount: Int { unrotatedLoadings.first?.count ?? 0 }

  /// Per sort, the cumulative communality over the unrotated factors: entry `k` is
  /// h²(1…k+1) = Σ_{f ≤ k} a_f², the share of the sort's variance the first k+1 unrotated factors
  /// explain (PQMethod's "Cumulative Communalities Matrix", "Factors 1 Thru …"; KADE's "Cumul Comm
  /// Matrix" sheet, which squares and sums the unrotated loadings the same way). The last column
  /// over the kept factors equals the rotated h², since rotation keeps communalities.
  public var cumulativeCommunalities: [[Double]] {
    let extracted = extractedFactorCount
    return unrotatedLoadings.map { row in
      var total = 0.0
      return (0..<extracted).map { f in
        let loading = f < row.count ? row[f] : 0
        total += loading * loading
        return total
      }
    }
  }

  /// The cumulative % of variance explained by unrotated factors 1…k (the matrix's last line,
  /// PQMethod's "cumul % expl.Var.").
  public var cumulativeExplainedVariance: [Double] {
    var total = 0.0
    return explainedVariance.prefix(extractedFactorCount).map {
      total += $0
      return total
    }
  }

  /// Per statement and factor, the rank of the statement's z-score within the factor: 1 for the
  /// highest, then down; statements whose z-scores read the same (to ``orderPlaces`` decimals) are
  /// ranked by statement number, so every rank is used once (KADE's "Factor Score Ranks", PQMethod's
  /// "Factor Scores with Corresponding Ranks"). `nil` for a factor without z-scores.
  public var zScoreRanks: [[Int?]] {
    var ranks = statements.map { _ in [Int?](repeating: nil, count: factorLabels.count) }
    for factor in factorLabels.indices {
      let keys = statements.indices.map { zScores[$0][factor] }
      guard keys.allSatisfy({ $0 != nil }) else { continue }
      let order = descendingOrder(keys.map { $0 ?? 0 })
      for (position, row) in order.enumerated() { ranks[row][factor] = position + 1 }
    }
    return ranks
  }

  /// The statement rows of `pair` from the largest difference z_first − z_second to the smallest
  /// (PQMethod's "Descending Array of Differences Between Factors 1 and 2"; KADE's "Diff Fac 1 Fac 2"
  /// sheets): first the statements the first factor ranks far higher, last those the second does.
  public func descendingDifferences(_ pair: StatementTests.PairComparison) -> [Int] {
    descendingOrder(pair.differences)
  }

  /// Per statement, the population variance of its z-scores across the factors that have them,
  /// Σ (z_f − z̄)² / k (KADE's `variance`, the "Ranking var." column); `nil` with fewer than two such
  /// factors.
  public var zScoreVariances: [Double?] {
    let scored = factorLabels.indices.filter { f in zScores.allSatisfy { $0[f] != nil } }
    guard scored.count > 1 else { return statements.map { _ in nil } }
    return zScores.map { row in
      let values = scored.map { row[$0] ?? 0 }
      let mean = values.reduce(0, +) / Double(values.count)
      return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    }
  }

  /// The statement rows from consensus to disagreement: the smallest variance of the factor
  /// z-scores first (PQMethod's "Factor Q-Sort Values for Statements sorted by Consensus vs.
  /// Disagreement (Variance across normalized Factor Scores)"; KADE's "Consensus-Disagreement"
  /// sheet, ascending). Empty with fewer than two factors with z-scores.
  public var consensusToDisagreement: [Int] {
    let variances = zScoreVariances
    guard variances.allSatisfy({ $0 != nil }), !variances.isEmpty else { return [] }
    return descendingOrder(variances.map { -($0 ?? 0) })
  }

  /// Row indices by `keys` rounded to ``orderPlaces`` decimals, largest first; rows that tie by
  /// statement number.
  func descendingOrder(_ keys: [Double]) -> [Int] {
    let scale = pow(10, Double(Self.orderPlaces))
    let rounded = keys.map { ($0 * scale).rounded() }
    return keys.indices.sorted { a, b in
      if rounded[a] != rounded[b] { return rounded[a] > rounded[b] }
      return statementNumber(a) < statementNumber(b)
    }
  }

  private func statementNumber(_ row: Int) -> Int { row < statements.count ? statements[row] : row }
}
