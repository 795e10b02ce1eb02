import Foundation
import QMethod

extension HTMLReport {
  /// The results of a stored analysis as HTML to place in the analysis page: the method, what to
  /// check, the factor characteristics, the unrotated eigenvalues with the scree, the loadings with
  /// the defining sorts marked, the correlations between factors, the distinguishing and consensus
  /// statements, and the factor arrays and z-scores — the tables PQMethod's `.LIS` and KADE's
  /// workbook print, readable in a browser. Every wide table scrolls inside its own box on a phone.
  /// - Parameter sorts: per sort id, the page of its participant and its site, for the loadings
  ///   table (a sort without one is shown by id, with the site its metadata gives).
  public static func results(
    _ input: ReportInput, parallelThresholds: [Double]? = nil, sorts: [String: SortLink] = [:]
  ) -> String {
    let result = input.result
    var page = HTMLWriter()
    section(&page, id: "method", title: "How it was run") { page in
      page.raw("<dl class=\"facts\">")
      for line in ReportMethod.lines(result) {
        page.raw("<dt>\(HTMLWriter.escape(line.label))</dt><dd>\(HTMLWriter.escape(line.value))</dd>")
      }
      page.raw("</dl>")
      if !result.warnings.isEmpty {
        page.list(result.warnings, heading: "To check", attributes: "class=\"warnings\"")
      }
      if !result.notes.isEmpty { page.list(result.notes, heading: "Notes on the extraction") }
    }
    section(&page, id: "characteristics", title: "The factors") { page in
      scrolling(&page, ReportTables.characteristics(result))
      if result.factorLabels.count > 1 { scrolling(&page, ReportTables.factorCorrelations(result)) }
    }
    if let bootstrap = result.bootstrap {
      section(&page, id: "bootstrap", title: "Stability (bootstrap)") { page in
        page.element(
          "p", ReportTables.bootstrapMethod(bootstrap) + ". Each factor's page marks its unstable places and flags.")
        scrolling(&page, ReportTables.bootstrapFactors(bootstrap))
      }
    }
    section(&page, id: "eigenvalues", title: "Unrotated factors") { page in
      page.figure(ReportFigures.scree(eigenvalues: result.screeEigenvalues, thresholds: parallelThresholds))
      if parallelThresholds == nil, input.parallelAnalysisPending {
        page.element("p", parallelAnalysisComputing, attributes: "class=\"notice parallel-computing\"")
      }
      scrolling(&page, ReportTables.eigenvalues(result))
      foldedCommunalities(&page, result)
    }
    section(&page, id: "loadings", title: "Loadings and defining sorts") { page in
      loadingsTable(&page, input, sorts: sorts)
    }
    section(&page, id: "statements", title: "Distinguishing and consensus statements") { page in
      scrolling(&page, ReportTables.distinguishingAndConsensus(input, aids: FactorAids.all(input)))
    }
    section(&page, id: "arrays", title: "Factor arrays and z-scores") { page in
      scrolling(&page, ReportTables.factorArrays(input))
      scrolling(&page, ReportTables.zScores(input))
      folded(&page, ReportTables.factorScoreRanks(input), id: "factor-score-ranks")
    }
    differencesSection(&page, input)
    return page.html
  }

  /// What the results page says under the scree while a large analysis's parallel analysis is
  /// computed in the background.
  public static let parallelAnalysisComputing =
    "Parallel analysis: computing… It runs in the background for an analysis this large; reload this page in a few minutes to see its line."

  /// A figure as HTML to place in a page: the SVG, its caption and its table (the text alternative).
  public static func figure(_ figure: SVGFigure) -> String {
    var page = HTMLWriter()
    page.figure(figure)
    return page.html
  }

  static func section(_ page: inout HTMLWriter, id: String, title: String, body: (inout HTMLWriter) -> Void) {
    page.raw("<section class=\"card\" aria-labelledby=\"\(id)-title\">")
    page.element("h3", title, attributes: "id=\"\(id)-title\"")
    body(&page)
    page.raw("</section>")
  }

  static func scrolling(_ page: inout HTMLWriter, _ table: ReportTable) {
    page.raw(
      "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"\(HTMLWriter.escape(table.title))\">")
    page.table(table)
    page.raw("</div>")
  }

  /// One row per sort: its id and site, each loading (a defining one marked in bold with “✓”, so
  /// it reads without colour), and h².
  /// Where a sort id of the loadings table leads: its participant's page (empty: no link, e.g. a
  /// withdrawn participant), and its site.
  public struct SortLink: Sendable {
    public var href: String
    public var site: String

    public init(href: String, site: String) {
      self.href = href
      self.site = site
    }
  }

  private static func loadingsTable(_ page: inout HTMLWriter, _ input: ReportInput, sorts: [String: SortLink]) {
    let result = input.result
    let threshold = result.options.flagZ / Double(result.statements.count).squareRoot()
    var out =
      "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Factor loadings\"><table class=\"loadings\"><caption>Factor loadings; ✓ marks a defining sort"
    out += "</caption><thead><tr><th scope=\"col\">Sort</th><th scope=\"col\">Site</th>"
    for label in result.factorLabels { out += "<th scope=\"col\" class=\"num\">F\(HTMLWriter.escape(label))</th>" }
    out += "<th scope=\"col\" class=\"num\">h²</th></tr></thead><tbody>\n"
    for (row, sort) in result.sorts.enumerated() {
      if let link = sorts[sort], !link.href.isEmpty {
        out +=
          "<tr><th scope=\"row\"><a href=\"\(HTMLWriter.escape(link.href))\">\(HTMLWriter.escape(sort))</a></th>"
      } else {
        out += "<tr><th scope=\"row\">\(HTMLWriter.escape(sort))</th>"
      }
      out += "<td>\(HTMLWriter.escape(input.metadata(of: sort)?.site ?? sorts[sort]?.site ?? ""))</td>"
      for (column, loading) in result.loadings[row].enumerated() {
        let text = ReportFormat.fixed(loading, 4)
        out +=
          result.flags[row][column]
          ? "<td class=\"num flagged\"><strong>\(text) ✓</strong></td>" : "<td class=\"num\">\(text)</td>"
      }
      let h2 = result.loadings[row].reduce(0) { $0 + $1 * $1 }
      out += "<td class=\"num\">\(ReportFormat.fixed(h2, 4))</td></tr>\n"
    }
    out += "</tbody></table></div>"
    page.raw(out)
    page.element(
      "p",
      "Significant at the flag level: |a| > \(ReportFormat.fixed(threshold, 4)). h² is the sort's communality, the sum of its squared loadings.",
      attributes: "class=\"table-note\"")
  }
}
