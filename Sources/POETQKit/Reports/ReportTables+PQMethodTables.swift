import Foundation
import QMethod

/// The tables KADE and PQMethod print that are derived from the others: cumulative communalities,
/// factor score ranks, the descending differences between each pair of factors and the statements
/// from consensus to disagreement. The numbers and orders are the engine's
/// (`AnalysisResult+PQMethodTables`), shared with the `.LIS`.
extension ReportTables {
  /// Per sort, the cumulative communality over the unrotated factors 1…k, then the cumulative %
  /// explained variance (PQMethod's "Cumulative Communalities Matrix", KADE's "Cumul Comm Matrix").
  /// A sort's row, like its loadings, is left out of a result seen as a whole (no sorts).
  public static func cumulativeCommunalities(_ result: AnalysisResult) -> ReportTable {
    let extracted = result.extractedFactorCount
    let columns = ["Sort"] + (0..<extracted).map { $0 == 0 ? "F1" : "F1–F\($0 + 1)" }
    let matrix = result.cumulativeCommunalities
    let sorts = min(result.sorts.count, matrix.count)
    let cumulative = result.cumulativeExplainedVariance
    return ReportTable(
      name: "cumulative-communalities", title: "Cumulative communalities of the unrotated factors",
      columns: columns, rowCount: sorts + 1,
      note:
        "Per sort, the sum of its squared unrotated loadings over factors 1 to k: the share of the sort's variance the first k factors explain. The last row is the cumulative % of all sorts' variance."
    ) { row in
      guard row < sorts else {
        return [.text("Cumulative % explained variance")] + cumulative.map { .number($0, places: 2) }
      }
      return [.text(result.sorts[row])] + matrix[row].map { .number($0, places: 4) }
    }
  }

  /// Every statement in number order with each factor's z-score and its rank, 1 for the highest
  /// (KADE's "Factor Score Ranks", PQMethod's "Factor Scores with Corresponding Ranks").
  public static func factorScoreRanks(_ input: ReportInput) -> ReportTable {
    let result = input.result
    let ranks = result.zScoreRanks
    let rows = result.statements.indices.sorted { result.statements[$0] < result.statements[$1] }
    return ReportTable(
      name: "factor-score-ranks", title: "Factor scores with corresponding ranks",
      columns: ["No.", "Statement"] + factorColumns(result).flatMap { ["\($0) z", "\($0) rank"] },
      rowCount: rows.count,
      note:
        "Rank 1 is the statement a factor agrees with most (its highest z-score); statements whose z-scores read the same to 3 decimals are ranked by number."
    ) { index in
      let row = rows[index]
      let number = result.statements[row]
      return [.integer(number), .text(input.text(of: number))]
        + result.factorLabels.indices.flatMap { f in
          [ReportCell.number(result.zScores[row][f], 3), .integer(ranks[row][f])]
        }
    }
  }

  /// One table per pair of factors with z-scores: every statement with both z-scores and their
  /// difference, the largest difference first (PQMethod's "Descending Array of Differences Between
  /// Factors 1 and 2", KADE's "Diff Fac 1 Fac 2" sheets).
  public static func descendingDifferences(_ input: ReportInput) -> [ReportTable] {
    let result = input.result
    return result.comparisons.map { pair in
      let (first, second) = (pair.first - 1, pair.second - 1)
      let (a, b) = (result.factorLabels[first], result.factorLabels[second])
      let order = result.descendingDifferences(pair)
      return ReportTable(
        name: differencesName(a, b), title: "Descending array of differences between factors \(a) and \(b)",
        columns: ["No.", "Statement", "F\(a) z", "F\(b) z", "Difference (F\(a) − F\(b))"], rowCount: order.count,
        note:
          "z-score of factor \(a) minus that of factor \(b): at the top the statements factor \(a) ranks far higher, at the bottom those factor \(b) does. SE of the difference \(ReportFormat.fixed(pair.seDifference, 3))."
      ) { index in
        let row = order[index]
        let number = result.statements[row]
        return [
          .integer(number), .text(input.text(of: number)), .number(result.zScores[row][first], 3),
          .number(result.zScores[row][second], 3), .number(pair.differences[row], places: 3),
        ]
      }
    }
  }

  /// The file and sheet key of the differences between factors `a` and `b`: "differences-F1-F2".
  static func differencesName(_ a: String, _ b: String) -> String {
    "differences-F\(a)-F\(b)".replacingOccurrences(of: "−", with: "neg")
  }

  /// The statements with their factor arrays, from consensus (the smallest variance of their
  /// z-scores across the factors) to disagreement (PQMethod's "Factor Q-Sort Values for Statements
  /// sorted by Consensus vs. Disagreement", KADE's "Consensus-Disagreement" sheet).
  public static func consensusToDisagreement(_ input: ReportInput) -> ReportTable {
    let result = input.result
    let order = result.consensusToDisagreement
    let variances = result.zScoreVariances
    return ReportTable(
      name: "consensus-disagreement",
      title: "Factor arrays sorted from consensus to disagreement (variance across factor z-scores)",
      columns: ["No.", "Statement"] + factorColumns(result) + ["Variance of z-scores"], rowCount: order.count,
      note: order.isEmpty
        ? "Needs two factors with z-scores."
        : "The population variance of each statement's z-scores across the factors: the statements the factors agree on first, those they disagree on most last."
    ) { index in
      let row = order[index]
      let number = result.statements[row]
      return [.integer(number), .text(input.text(of: number))] + result.factorArrays[row].map { .integer($0) }
        + [.number(variances[row], 3)]
    }
  }
}

extension XLSXWorkbook {
  /// Short sheet names for the tables of ``ReportTables/cumulativeCommunalities(_:)`` and its kin:
  /// "Cumulative communalities", "Factor score ranks", "Diff F1 F2" (KADE's "Diff Fac 1 Fac 2"),
  /// "Consensus-disagreement"; `nil` for other tables.
  static func pqmethodSheetTitle(_ name: String) -> String? {
    switch name {
    case "cumulative-communalities": return "Cumulative communalities"
    case "factor-score-ranks": return "Factor score ranks"
    case "consensus-disagreement": return "Consensus-disagreement"
    default:
      guard name.hasPrefix("differences-") else { return nil }
      return "Diff " + name.dropFirst("differences-".count).replacingOccurrences(of: "-", with: " ")
    }
  }
}
