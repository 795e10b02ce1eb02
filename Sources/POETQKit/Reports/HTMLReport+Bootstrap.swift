import Foundation
import QMethod

extension HTMLReport {
  /// The factor page's stability part, when the analysis was bootstrapped: one sentence on the
  /// factor, every statement with its bootstrap mean and SD (unstable places marked), and the
  /// defining sorts with the sorts whose flag is unstable (marked) — or, seen as a whole, why no
  /// sort is listed. `factor` is 1-based.
  static func factorBootstrap(_ page: inout HTMLWriter, input: ReportInput, factor: Int) {
    guard let bootstrap = input.result.bootstrap, factor - 1 < bootstrap.factors.count else { return }
    let stability = bootstrap.factors[factor - 1]
    page.raw("<section class=\"bootstrap\" id=\"bootstrap-F\(factor)\" aria-labelledby=\"bootstrap-F\(factor)-title\">")
    page.element(
      "h3", "Stability over \(bootstrap.steps) resamples (bootstrap)", attributes: "id=\"bootstrap-F\(factor)-title\"")
    page.element(
      "p", summary(stability, bootstrap: bootstrap, sortRows: !input.result.sorts.isEmpty),
      attributes: "class=\"facts\" id=\"bootstrap-summary\"")
    if let table = ReportTables.bootstrapStatements(input, factor: factor - 1) {
      markedTable(&page, table, id: "bootstrap-statements")
    }
    if let table = ReportTables.bootstrapFlags(input, factor: factor - 1) {
      markedTable(&page, table, id: "bootstrap-flags")
    } else if input.result.sorts.isEmpty {
      page.element(
        "p", "Seen as a whole: no sort's flag frequency is shown (some sorts are of sites you do not work with).",
        attributes: "class=\"note\"")
    }
    page.element("p", ReportTables.bootstrapMethod(bootstrap) + ".", attributes: "class=\"table-note\"")
    page.raw("</section>")
  }

  /// The report's section: the stability of every factor, then each factor's unstable statements
  /// and flags.
  static func bootstrapSection(_ page: inout HTMLWriter, input: ReportInput) {
    guard let bootstrap = input.result.bootstrap else { return }
    page.raw("<section id=\"bootstrap\"><h2>Stability (bootstrap)</h2>")
    page.element("p", ReportTables.bootstrapMethod(bootstrap) + ".")
    page.table(ReportTables.bootstrapFactors(bootstrap), attributes: "class=\"compact\"")
    for factor in input.result.factorLabels.indices {
      if let table = ReportTables.bootstrapStatements(input, factor: factor, onlyUnstable: true), table.rowCount > 0 {
        markedTable(&page, table, id: "bootstrap-unstable-F\(factor + 1)")
      }
      if let table = ReportTables.bootstrapFlags(input, factor: factor, onlyUnstable: true), table.rowCount > 0 {
        markedTable(&page, table, id: "bootstrap-unstable-flags-F\(factor + 1)")
      }
    }
    page.raw("</section>")
  }

  /// "Kept in 998 of 1000 steps; the z-scores of a step correlate 0.97 with the full solution's on
  /// average; 3 statements' places and 2 flags are unstable."
  static func summary(_ factor: BootstrapFactorStability, bootstrap: BootstrapResult, sortRows: Bool) -> String {
    var parts = ["Defined in \(factor.definedSteps) of \(bootstrap.steps) steps"]
    if let r = factor.zScoreCorrelation {
      parts.append("a step's z-scores correlate \(ReportFormat.fixed(r, 2)) with the full solution's on average")
    }
    if let kept = factor.arrayPositionKept {
      parts.append(
        "statements keep their place within one column in \(ReportFormat.fixed(kept * 100, 0))% of the steps")
    }
    let statements = factor.unstableStatements.count
    var unstable = "\(statements) statement\(statements == 1 ? "'s place is" : "s' places are") unstable"
    if sortRows {
      let sorts = factor.unstableSorts.count
      unstable += ", \(sorts) flag\(sorts == 1 ? " is" : "s are") unstable"
    }
    parts.append(unstable)
    return parts.joined(separator: "; ") + "."
  }

  /// A table whose "unstable" cells are marked (bold, and a class the pages colour).
  static func markedTable(_ page: inout HTMLWriter, _ table: ReportTable, id: String) {
    var inner = HTMLWriter()
    inner.table(table, attributes: "id=\"\(id)\" class=\"compact bootstrap-table\"")
    let marked = inner.html
      .replacingOccurrences(
        of: "<td class=\"short\">unstable</td>",
        with: "<td class=\"short unstable\"><strong>unstable</strong></td>"
      )
      .replacingOccurrences(
        of: "<td>unstable (withdrawn)</td>",
        with: "<td class=\"short unstable\"><strong>unstable</strong> (withdrawn)</td>")
    page.raw(
      "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"\(HTMLWriter.escape(table.title))\">")
    page.raw(marked.trimmingCharacters(in: .newlines))
    page.raw("</div>")
  }
}
