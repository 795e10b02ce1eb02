import Foundation
import QMethod

/// The bootstrap's tables (``BootstrapResult``; Zabala & Pascual 2016): the per-factor stability
/// summary (the workbook's "Bootstrap" sheet), each statement's bootstrap z-score and how often it
/// kept its place, and each sort's flag frequency. Empty when the analysis was not bootstrapped.
///
/// What is called unstable is the engine's rule (``BootstrapResult/stableShare``, 0.80), the one
/// `poetq analyze --bootstrap` lists in `unstableStatements` and `unstableSorts`, so the pages, the
/// files and the command line name the same statements and sorts: a statement is unstable when
/// fewer than 80 % of the steps keep it within one column of its place in the factor array; a sort's
/// flag when the steps that drew it disagree with the full solution's flag more than 20 % of the
/// time (flagged in full but in fewer than 80 % of the steps, or not flagged but in more than 20 %).
extension ReportTables {
  /// The bootstrap's tables in workbook order; `[]` without a bootstrap.
  public static func bootstrap(_ input: ReportInput) -> [ReportTable] {
    guard let bootstrap = input.result.bootstrap else { return [] }
    var tables = [bootstrapFactors(bootstrap), bootstrapStatements(input, bootstrap)]
    // A result seen as a whole has no sort rows: no flags sheet rather than an empty one.
    if !bootstrap.flagFrequency.isEmpty && !input.result.sorts.isEmpty {
      tables.append(bootstrapFlags(input, bootstrap))
    }
    return tables
  }

  /// "1,000 resamples of the sorts, seed 42, procrustes alignment": how to reproduce it.
  public static func bootstrapMethod(_ bootstrap: BootstrapResult) -> String {
    "\(bootstrap.steps) resamples of the sorts (with replacement), seed \(bootstrap.seed), \(bootstrap.alignment.rawValue) alignment; the same data, options and seed give the same numbers (the analysis's options file records them)"
  }

  /// The share of steps below which a statement's place, or above which a flag's disagreement, is
  /// called unstable, as the tables' notes state it.
  static var stableShareText: String { ReportFormat.fixed(BootstrapResult.stableShare, 2) }

  /// One row per factor: how stable it is (the workbook's "Bootstrap" sheet).
  public static func bootstrapFactors(_ bootstrap: BootstrapResult) -> ReportTable {
    ReportTable(
      name: "bootstrap", title: "Bootstrap",
      columns: [
        "Factor", "Steps with the factor", "Mean defining sorts", "r with full z-scores (mean)",
        "r (5% quantile)", "Places kept ±1 column (mean share)", "Unstable statements", "Unstable flags",
        "Loading congruence", "Stability index", "Normalised stability index", "Steps re-ordered",
        "Steps mirrored", "Resamples", "Seed",
      ],
      rowCount: bootstrap.factors.count,
      note:
        "\(bootstrapMethod(bootstrap)). A statement is unstable when fewer than \(stableShareText) of the steps keep it within one column of its place; a flag when the steps that drew the sort disagree with it more than \(ReportFormat.fixed(1 - BootstrapResult.stableShare, 2)) of the time."
    ) { row in
      let factor = bootstrap.factors[row]
      return [
        .text("F\(factor.label)"), .integer(factor.definedSteps), .number(factor.meanDefiningSorts, places: 2),
        .number(factor.zScoreCorrelation, 3), .number(factor.zScoreCorrelationLow, 3),
        .number(factor.arrayPositionKept, 3),
        .text(factor.unstableStatements.map(String.init).joined(separator: ", ")),
        .text(factor.unstableSorts.joined(separator: ", ")), .number(factor.loadingCongruence, places: 3),
        .number(factor.stabilityIndex, 3), .number(factor.normalisedStabilityIndex, 3), .integer(factor.reorderedSteps),
        .integer(factor.reflectedSteps), .integer(bootstrap.steps), .text(String(bootstrap.seed)),
      ]
    }
  }

  /// One row per factor and statement: the full solution's z-score and place beside the bootstrap's.
  public static func bootstrapStatements(_ input: ReportInput, _ bootstrap: BootstrapResult) -> ReportTable {
    let result = input.result
    let statements = result.statements.count
    return ReportTable(
      name: "bootstrap-statements", title: "Bootstrap by statement",
      columns: bootstrapStatementColumns(withFactor: true), rowCount: bootstrap.factors.count * statements,
      note: bootstrapStatementNote
    ) { row in
      let factor = row / statements
      return [.text("F\(result.factorLabels[factor])")]
        + bootstrapStatementRow(input, bootstrap, factor: factor, statement: row % statements)
    }
  }

  /// The statements of one factor (0-based), highest z-score first: the factor page's table, or
  /// (`onlyUnstable`) the report's list of the unstable ones.
  public static func bootstrapStatements(_ input: ReportInput, factor: Int, onlyUnstable: Bool = false)
    -> ReportTable?
  {
    guard let bootstrap = input.result.bootstrap, let z = bootstrapFullZ(input.result, factor: factor) else {
      return nil
    }
    let order = z.indices.sorted { z[$0] != z[$1] ? z[$0] > z[$1] : $0 < $1 }.filter {
      !onlyUnstable || (bootstrap.arrayPositionKept[$0][factor] ?? 1) < BootstrapResult.stableShare
    }
    let label = input.result.factorLabels[factor]
    return ReportTable(
      name: "bootstrap-statements-F\(label)",
      title: onlyUnstable
        ? "F\(label): statements whose place is unstable" : "Statements over \(bootstrap.steps) resamples (bootstrap)",
      columns: bootstrapStatementColumns(withFactor: false), rowCount: order.count, note: bootstrapStatementNote
    ) { row in
      bootstrapStatementRow(input, bootstrap, factor: factor, statement: order[row])
    }
  }

  /// "Stable?" comes right after the number, so on a phone the mark is seen without scrolling.
  static func bootstrapStatementColumns(withFactor: Bool) -> [String] {
    (withFactor ? ["Factor"] : [])
      + [
        "No.", "Stable?", "Statement", "Score", "z", "Bootstrap mean z", "SD", "95% from", "95% to",
        "Place kept ±1", "Exact place",
      ]
  }

  static var bootstrapStatementNote: String {
    "Score and z are the full solution's; the bootstrap mean, SD (its standard error) and 95% interval are over the steps with the factor. “Place kept ±1” is the share of steps whose array puts the statement within one column of its score; below \(stableShareText) it is marked unstable."
  }

  static func bootstrapFullZ(_ result: AnalysisResult, factor: Int) -> [Double]? {
    guard result.zScores.first?[factor] != nil else { return nil }
    return result.zScores.map { $0[factor] ?? 0 }
  }

  static func bootstrapStatementRow(_ input: ReportInput, _ bootstrap: BootstrapResult, factor: Int, statement i: Int)
    -> [ReportCell]
  {
    let result = input.result
    let number = result.statements[i]
    let kept = bootstrap.arrayPositionKept[i][factor]
    let stable = kept.map { $0 >= BootstrapResult.stableShare ? "stable" : "unstable" } ?? ""
    return [
      .integer(number), .text(stable), .text(input.text(of: number)), .integer(result.factorArrays[i][factor]),
      .number(result.zScores[i][factor], 2), .number(bootstrap.zScoreMean[i][factor], 2),
      .number(bootstrap.zScoreSD[i][factor], 2), .number(bootstrap.zScoreLower[i][factor], 2),
      .number(bootstrap.zScoreUpper[i][factor], 2), .number(kept, 2),
      .number(bootstrap.arrayPositionExact[i][factor], 2),
    ]
  }

  /// One row per sort and factor: its loading and flag in full beside the bootstrap's.
  public static func bootstrapFlags(_ input: ReportInput, _ bootstrap: BootstrapResult) -> ReportTable {
    let result = input.result
    let factors = result.factorLabels.count
    return ReportTable(
      name: "bootstrap-flags", title: "Bootstrap flags", columns: bootstrapFlagColumns(withFactor: true),
      rowCount: result.sorts.count * factors, note: bootstrapFlagNote
    ) { row in
      [.text(result.sorts[row / factors]), .text("F\(result.factorLabels[row % factors])")]
        + bootstrapFlagRow(input, bootstrap, sort: row / factors, factor: row % factors)
    }
  }

  /// The sorts of one factor (0-based) worth a look: those it flags in full and those whose flag on it
  /// is unstable, most often flagged first. `nil` without a bootstrap or sort rows (a whole view).
  public static func bootstrapFlags(_ input: ReportInput, factor: Int, onlyUnstable: Bool = false) -> ReportTable? {
    let result = input.result
    guard let bootstrap = result.bootstrap, !bootstrap.flagFrequency.isEmpty, !result.sorts.isEmpty,
      result.flags.count == result.sorts.count
    else { return nil }
    let frequency = { (row: Int) -> Double in bootstrap.flagFrequency[row][factor] ?? 0 }
    let rows = result.sorts.indices.filter {
      let unstable = bootstrapFlagUnstable(bootstrap, result, $0, factor)
      return onlyUnstable ? unstable : result.flags[$0][factor] || unstable
    }.sorted { frequency($0) != frequency($1) ? frequency($0) > frequency($1) : $0 < $1 }
    let label = result.factorLabels[factor]
    return ReportTable(
      name: "bootstrap-flags-F\(label)",
      title: onlyUnstable
        ? "F\(label): sorts whose flag is unstable"
        : "Defining sorts and unstable flags over \(bootstrap.steps) resamples",
      columns: ["Sort"] + bootstrapFlagColumns(withFactor: false), rowCount: rows.count, note: bootstrapFlagNote
    ) { row in
      [.text(result.sorts[rows[row]])] + bootstrapFlagRow(input, bootstrap, sort: rows[row], factor: factor)
    }
  }

  static func bootstrapFlagColumns(withFactor: Bool) -> [String] {
    (withFactor ? ["Sort", "Factor"] : [])
      + ["Stable?", "Loading", "Flagged", "Flag frequency", "Mean aligned loading", "SD", "Steps drawn"]
  }

  static var bootstrapFlagNote: String {
    "Flag frequency: the share of the steps that drew the sort in which it was flagged on the factor (qmboots' flag_freq). A flag is marked unstable when that share disagrees with the full solution's flag more than \(ReportFormat.fixed(1 - BootstrapResult.stableShare, 2)) of the time; a withdrawn sort is marked so."
  }

  static func bootstrapFlagUnstable(_ bootstrap: BootstrapResult, _ result: AnalysisResult, _ row: Int, _ factor: Int)
    -> Bool
  {
    guard let frequency = bootstrap.flagFrequency[row][factor] else { return false }
    let disagreement = result.flags[row][factor] ? 1 - frequency : frequency
    return disagreement > 1 - BootstrapResult.stableShare
  }

  static func bootstrapFlagRow(_ input: ReportInput, _ bootstrap: BootstrapResult, sort row: Int, factor: Int)
    -> [ReportCell]
  {
    let result = input.result
    let flagged = result.flags[row][factor]
    var stable =
      bootstrap.flagFrequency[row][factor] == nil
      ? "never drawn" : bootstrapFlagUnstable(bootstrap, result, row, factor) ? "unstable" : "stable"
    if input.withdrawnSorts?.contains(result.sorts[row]) == true { stable += " (withdrawn)" }
    return [
      .text(stable), .number(result.loadings[row][factor], places: 2), .text(flagged ? "yes" : "no"),
      .number(bootstrap.flagFrequency[row][factor], 2), .number(bootstrap.loadingMean[row][factor], 2),
      .number(bootstrap.loadingSD[row][factor], 2), .integer(bootstrap.drawnSteps[row]),
    ]
  }
}
