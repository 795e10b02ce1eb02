import Foundation
import QMethod

/// Every table of an analysis as a ``ReportTable``, the same for the HTML page, the DOCX, the
/// XLSX sheets and the CSV files (KADE's workbook sheets, in its order, then the interpretation).
public enum ReportTables {
  /// Factor column headings: "F1", "F2", "F3−".
  static func factorColumns(_ result: AnalysisResult) -> [String] { result.factorLabels.map { "F\($0)" } }

  /// Every table, in workbook order; `aids` are computed when not given.
  public static func all(_ input: ReportInput, aids: [FactorAids]? = nil) -> [ReportTable] {
    let aids = aids ?? FactorAids.all(input)
    var tables = [overview(input), statements(input), sorts(input), correlations(input)]
    tables += [
      unrotatedLoadings(input.result), eigenvalues(input.result), scree(input),
      cumulativeCommunalities(input.result), loadings(input.result),
      factorArrays(input), zScores(input), factorScoreRanks(input), characteristics(input.result),
      factorCorrelations(input.result), seDifferences(input.result),
    ]
    tables += descendingDifferences(input) + [consensusToDisagreement(input)]
    tables += [
      distinguishingAndConsensus(input, aids: aids), cribSheets(input, aids: aids),
      exemplars(input, aids: aids), codeProfile(input, aids: aids), interpretations(input), table12(input, aids: aids),
      table13(input),
    ]
    tables += bootstrap(input)
    return tables
  }

  /// The method and the result's notes and warnings as label/value rows.
  public static func overview(_ input: ReportInput) -> ReportTable {
    let result = input.result
    var rows: [[ReportCell]] = []
    // First, before anything else: the sheet a reader opens first says the data has changed.
    if let notice = input.withdrawalNotice { rows.append([.text("Withdrawal"), .text(notice)]) }
    rows.append([.text("Title"), .text(input.title)])
    rows += ReportMethod.lines(input).map { [.text($0.label), .text($0.value)] }
    rows += result.notes.map { [.text("Note"), .text($0)] }
    rows += result.warnings.map { [.text("Warning"), .text($0)] }
    return ReportTable(name: "overview", title: "Overview", columns: ["Item", "Value"], rows: rows)
  }

  /// The Q-set: number, wording, codes.
  public static func statements(_ input: ReportInput) -> ReportTable {
    let result = input.result
    return ReportTable(
      name: "statements", title: "Statements", columns: ["No.", "Statement", "Codes"],
      rowCount: result.statements.count
    ) { row in
      let number = result.statements[row]
      return [.integer(number), .text(input.text(of: number)), .text(input.codes(of: number).joined(separator: "; "))]
    }
  }

  /// One row per sort: id, site, the language it was made in, the factor it defines, and its scores
  /// when known.
  public static func sorts(_ input: ReportInput) -> ReportTable {
    let result = input.result
    let metadata = Dictionary(input.sorts.map { ($0.sortID, $0) }, uniquingKeysWith: { a, _ in a })
    let hasScores = input.sorts.contains { !$0.scores.isEmpty }
    var columns = ["Sort", "Site", "Language", "Defines"]
    if hasScores { columns += result.statements.map { "s\($0)" } }
    return ReportTable(name: "sorts", title: "Sorts", columns: columns, rowCount: result.sorts.count) { row in
      let id = result.sorts[row]
      let meta = metadata[id]
      let language = meta.map { input.languageNames[$0.language] ?? $0.language } ?? ""
      var cells: [ReportCell] = [
        .text(id), .text(meta?.site ?? ""), .text(language), .text(definedFactors(result, sort: row)),
      ]
      if hasScores { cells += result.statements.map { .integer(meta?.scores[$0]) } }
      return cells
    }
  }

  /// "F1", "F1, F3" or "" for the factors sort `row` is flagged on.
  static func definedFactors(_ result: AnalysisResult, sort row: Int) -> String {
    result.flags[row].enumerated().filter(\.element).map { "F\(result.factorLabels[$0.offset])" }
      .joined(separator: ", ")
  }

  /// The sorts × sorts correlations: the engine's matrix when it kept one (sorts ≤ statements),
  /// else computed row by row from the sorts' scores (``SortMetadata/scores``) with the analysis'
  /// correlation (``StandardisedSorts/correlation(_:_:)``) up to `maxSorts` sorts; beyond that, or
  /// without scores, one row that says why there is none.
  public static func correlations(_ input: ReportInput, maxSorts: Int = 2_000) -> ReportTable {
    let result = input.result
    let columns = ["Sort"] + result.sorts
    let title = "Correlations between sorts"
    if let matrix = result.correlations {
      return ReportTable(name: "correlations", title: title, columns: columns, rowCount: result.sorts.count) { row in
        [.text(result.sorts[row])] + matrix[row].map { .number($0, places: 2) }
      }
    }
    if result.sorts.count <= maxSorts, let standardised = standardisedSorts(input) {
      return ReportTable(name: "correlations", title: title, columns: columns, rowCount: result.sorts.count) { row in
        [.text(result.sorts[row])] + result.sorts.indices.map { .number(standardised.correlation(row, $0), places: 2) }
      }
    }
    return ReportTable(
      name: "correlations", title: title, columns: ["Note"],
      rows: [
        [
          .text(
            "Not written: \(result.sorts.count) sorts (a matrix is written up to \(maxSorts) sorts with their scores).")
        ]
      ])
  }

  /// The sorts standardised as the engine does, from the scores in the metadata; `nil` when a sort
  /// lacks them.
  static func standardisedSorts(_ input: ReportInput) -> StandardisedSorts? {
    let result = input.result
    let metadata = Dictionary(input.sorts.map { ($0.sortID, $0) }, uniquingKeysWith: { a, _ in a })
    var scores: [Int] = []
    scores.reserveCapacity(result.sorts.count * result.statements.count)
    for id in result.sorts {
      guard let sort = metadata[id] else { return nil }
      for number in result.statements {
        guard let score = sort.scores[number] else { return nil }
        scores.append(score)
      }
    }
    guard
      let data = try? QSortData(
        statements: result.statements.map { Statement(number: $0) }, sortIDs: result.sorts,
        distribution: result.distribution, scores: scores, validateForced: false)
    else { return nil }
    return try? StandardisedSorts(data, method: result.options.correlation)
  }

  /// The unrotated loadings, one row per sort.
  public static func unrotatedLoadings(_ result: AnalysisResult) -> ReportTable {
    let extracted = result.unrotatedLoadings.first?.count ?? 0
    return ReportTable(
      name: "unrotated-loadings", title: "Unrotated factor loadings",
      columns: ["Sort"] + (0..<extracted).map { "F\($0 + 1)" }, rowCount: result.sorts.count
    ) { row in [.text(result.sorts[row])] + result.unrotatedLoadings[row].map { .number($0, places: 4) } }
  }

  /// Per unrotated factor: eigenvalue, % explained variance and its running total.
  public static func eigenvalues(_ result: AnalysisResult) -> ReportTable {
    var total = 0.0
    let rows = result.eigenvalues.indices.map { i -> [ReportCell] in
      total += result.explainedVariance[i]
      return [
        .text("F\(i + 1)"), .number(result.eigenvalues[i], places: 4), .number(result.explainedVariance[i], places: 2),
        .number(total, places: 2),
      ]
    }
    return ReportTable(
      name: "eigenvalues", title: "Unrotated factors: eigenvalues and explained variance",
      columns: ["Factor", "Eigenvalue", "% explained variance", "Cumulative %"], rows: rows)
  }

  /// The final loadings, one row per sort with its id first and one number column per factor, then
  /// the factors it defines and its communality h².
  public static func loadings(_ result: AnalysisResult) -> ReportTable {
    ReportTable(
      name: "loadings", title: "Factor loadings with defining sorts flagged",
      columns: ["Sort"] + factorColumns(result) + ["Defines", "h²"], rowCount: result.sorts.count,
      note: "A defining (flagged) sort is named under “Defines”; h² is the sum of its squared loadings."
    ) { row in
      let loadings = result.loadings[row]
      return [.text(result.sorts[row])] + loadings.map { .number($0, places: 4) }
        + [.text(definedFactors(result, sort: row)), .number(loadings.reduce(0) { $0 + $1 * $1 }, places: 4)]
    }
  }

  /// The factor arrays, one row per statement.
  public static func factorArrays(_ input: ReportInput) -> ReportTable {
    let result = input.result
    return ReportTable(
      name: "factor-arrays", title: "Factor arrays", columns: ["No.", "Statement"] + factorColumns(result),
      rowCount: result.statements.count
    ) { row in
      let number = result.statements[row]
      return [.integer(number), .text(input.text(of: number))] + result.factorArrays[row].map { .integer($0) }
    }
  }

  /// The factor z-scores, one row per statement.
  public static func zScores(_ input: ReportInput) -> ReportTable {
    let result = input.result
    return ReportTable(
      name: "z-scores", title: "Factor z-scores", columns: ["No.", "Statement"] + factorColumns(result),
      rowCount: result.statements.count
    ) { row in
      let number = result.statements[row]
      return [.integer(number), .text(input.text(of: number))] + result.zScores[row].map { .number($0, 3) }
    }
  }

  /// Per factor: defining sorts, eigenvalue, % variance, reliability and SE (Brown 1980).
  public static func characteristics(_ result: AnalysisResult) -> ReportTable {
    let c = result.characteristics
    let rows: [[ReportCell]] = [
      [.text("No. of defining sorts")] + c.map { .integer($0.definingSorts) },
      [.text("Eigenvalue")] + c.map { .number($0.eigenvalue, places: 4) },
      [.text("% explained variance")] + c.map { .number($0.explainedVariance, places: 2) },
      [.text("Average reliability coefficient")] + c.map { _ in .number(result.options.averageReliability, places: 3) },
      [.text("Composite reliability")] + c.map { .number($0.compositeReliability, places: 3) },
      [.text("SE of factor z-scores")] + c.map { .number($0.seFactorScores, places: 3) },
    ]
    return ReportTable(
      name: "factor-characteristics", title: "Factor characteristics", columns: [""] + factorColumns(result),
      rows: rows)
  }

  /// The correlations between the factors' z-scores.
  public static func factorCorrelations(_ result: AnalysisResult) -> ReportTable {
    let labels = factorColumns(result)
    return ReportTable(
      name: "factor-correlations", title: "Correlations between factor z-scores", columns: [""] + labels,
      rows: result.factorCorrelations.enumerated().map {
        [.text(labels[$0.offset])] + $0.element.map { .number($0, 4) }
      })
  }

  /// √(SE_j² + SE_m²) for every pair of factors.
  public static func seDifferences(_ result: AnalysisResult) -> ReportTable {
    let labels = factorColumns(result)
    return ReportTable(
      name: "se-differences", title: "Standard errors of differences between factor z-scores",
      columns: [""] + labels,
      rows: result.seDifferences.enumerated().map {
        [.text(labels[$0.offset])] + $0.element.map { .number($0, places: 3) }
      })
  }
}
