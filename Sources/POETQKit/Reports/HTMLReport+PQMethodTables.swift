import Foundation
import QMethod

extension HTMLReport {
  /// The results page's long derived tables, each folded in a `<details>` so the page stays short:
  /// the descending differences of every pair of factors and the statements from consensus to
  /// disagreement (PQMethod's and KADE's tables of the same names).
  static func differencesSection(_ page: inout HTMLWriter, _ input: ReportInput) {
    let pairs = ReportTables.descendingDifferences(input)
    guard !pairs.isEmpty else { return }
    section(&page, id: "differences", title: "Differences between factors") { page in
      page.element(
        "p",
        "Each pair of factors with every statement ordered by the difference of their z-scores, largest first; then all statements from the one the factors agree on most to the one they disagree on most.",
        attributes: "class=\"hint\"")
      for table in pairs { folded(&page, table, id: table.name) }
      folded(&page, ReportTables.consensusToDisagreement(input), id: "consensus-disagreement")
    }
  }

  /// The most sorts whose cumulative communalities the results page lists (the loadings table
  /// already lists every sort; the workbook and tables.zip hold all of them).
  static let pageCommunalitySorts = 1_000

  /// The cumulative communalities, folded, up to ``pageCommunalitySorts`` sorts; beyond that a
  /// pointer to the downloads.
  static func foldedCommunalities(_ page: inout HTMLWriter, _ result: AnalysisResult) {
    guard result.sorts.count > pageCommunalitySorts else {
      folded(&page, ReportTables.cumulativeCommunalities(result), id: "cumulative-communalities")
      return
    }
    page.element(
      "p",
      "Cumulative communalities of the \(result.sorts.count) sorts: in the workbook (sheet “Cumulative communalities”) and tables.zip.",
      attributes: "class=\"hint\" id=\"cumulative-communalities\"")
  }

  /// On a factor's page: the descending differences of each pair of factors it is part of, folded
  /// (the results page has every pair).
  static func differences(_ page: inout HTMLWriter, _ input: ReportInput, factor: Int) {
    let pairs = zip(input.result.comparisons, ReportTables.descendingDifferences(input))
      .filter { $0.0.first == factor || $0.0.second == factor }
    guard !pairs.isEmpty else { return }
    page.raw("<h3>Differences from the other factors</h3>")
    for (_, table) in pairs { folded(&page, table, id: table.name) }
  }

  /// `table` behind a `<details>` whose summary is its title, scrolling in its own box.
  static func folded(_ page: inout HTMLWriter, _ table: ReportTable, id: String) {
    page.raw("<details class=\"long-table\" id=\"\(HTMLWriter.escape(id))\">")
    page.element("summary", table.title)
    scrolling(&page, table)
    page.raw("</details>")
  }
}
