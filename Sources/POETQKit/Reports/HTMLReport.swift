import Foundation
import QMethod

/// The report of an analysis as one self-contained HTML page (styles inline, figures as inline
/// SVG, no script, no external request). Its print stylesheet gives a clean A4 PDF from any
/// browser: each factor starts a page, table rows and figures are not split, headers repeat.
public enum HTMLReport {
  /// Options of the page.
  public struct Options: Sendable {
    /// Parallel-analysis thresholds for the scree plot; `nil` takes the input's
    /// ``ReportInput/parallelAnalysis``.
    public var parallelThresholds: [Double]?
    /// When the report was made (shown in the header); `nil` leaves it out, for stable output.
    public var generatedAt: Date?
    /// Draw the sorts' correlation heatmap up to this many sorts.
    public var heatmapMaxSorts: Int
    /// Exemplars shown per factor with their answers and comments (the highest loadings); the rest
    /// are counted, and all are in the workbook and on the factor page.
    public var maxExemplars: Int

    public init(
      parallelThresholds: [Double]? = nil, generatedAt: Date? = nil, heatmapMaxSorts: Int = 150, maxExemplars: Int = 10
    ) {
      self.parallelThresholds = parallelThresholds
      self.generatedAt = generatedAt
      self.heatmapMaxSorts = heatmapMaxSorts
      self.maxExemplars = maxExemplars
    }
  }

  /// The whole page.
  public static func render(_ input: ReportInput, options: Options = Options()) -> String {
    let result = input.result
    let aids = FactorAids.all(input)
    var page = HTMLWriter()
    page.raw(
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(HTMLWriter.escape(input.title)) — analysis report</title>
      <style>\(stylesheet)</style>
      </head>
      <body>
      <header class="report-head">
      """)
    page.element("h1", input.title)
    var subtitle =
      "Q-methodological analysis: \(result.sorts.count) sorts, \(result.statements.count) statements, \(result.factorLabels.count) factors"
    if let date = options.generatedAt {
      subtitle +=
        "; report made \(date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))) UTC"
    }
    page.element("p", subtitle, attributes: "class=\"subtitle\"")
    if let notice = input.withdrawalNotice {
      page.element("p", notice, attributes: "class=\"withdrawal\" id=\"withdrawal\" role=\"note\"")
    }
    page.raw("</header>")
    contents(&page, input: input, aids: aids)
    method(&page, input: input)
    overview(&page, input: input, options: options)
    for factor in aids { factorSection(&page, input: input, aids: factor, options: options) }
    viewpoints(&page, input: input, aids: aids)
    statements(&page, input: input)
    bootstrapSection(&page, input: input)
    page.raw("</body>\n</html>\n")
    return page.html
  }

  static func contents(_ page: inout HTMLWriter, input: ReportInput, aids: [FactorAids]) {
    page.raw("<nav class=\"contents\" aria-label=\"Contents\"><h2>Contents</h2><ol>")
    var items = [("method", "Method"), ("factors", "The factors and the sorts")]
    items += aids.map { ("factor-\($0.factor)", input.factorName($0.factor)) }
    items += [
      ("viewpoints", "The viewpoints compared (Tables 12 and 13)"), ("statements", "Statements and factor arrays"),
    ]
    if input.result.bootstrap != nil { items.append(("bootstrap", "Stability (bootstrap)")) }
    for (id, name) in items { page.raw("<li><a href=\"#\(id)\">\(HTMLWriter.escape(name))</a></li>") }
    page.raw("</ol></nav>")
  }

  static func method(_ page: inout HTMLWriter, input: ReportInput) {
    let result = input.result
    page.raw("<section id=\"method\"><h2>Method</h2><dl class=\"method\">")
    for line in ReportMethod.lines(input) {
      page.raw("<dt>\(HTMLWriter.escape(line.label))</dt><dd>\(HTMLWriter.escape(line.value))</dd>")
    }
    page.raw("</dl>")
    if !result.notes.isEmpty { page.list(result.notes, heading: "Notes on the extraction") }
    if !result.warnings.isEmpty { page.list(result.warnings, heading: "To check", attributes: "class=\"warnings\"") }
    page.raw("</section>")
  }

  static func overview(_ page: inout HTMLWriter, input: ReportInput, options: Options) {
    let result = input.result
    page.raw("<section id=\"factors\"><h2>The factors and the sorts</h2>")
    page.table(ReportTables.characteristics(result))
    page.figure(
      ReportFigures.scree(
        eigenvalues: result.screeEigenvalues,
        thresholds: options.parallelThresholds ?? input.parallelAnalysis?.thresholds))
    page.table(ReportTables.eigenvalues(result))
    if result.factorLabels.count > 1 { page.figure(ReportFigures.factorCorrelations(result)) }
    page.table(ReportTables.loadings(result), attributes: "class=\"compact\"")
    if result.factorLabels.count > 1 { page.figure(ReportFigures.loadings(result, x: 1, y: 2)) }
    if let heatmap = ReportFigures.correlationHeatmap(result, maxSorts: options.heatmapMaxSorts) {
      page.figure(heatmap)
    }
    page.raw("</section>")
  }

  static func factorSection(_ page: inout HTMLWriter, input: ReportInput, aids: FactorAids, options: Options) {
    let interpretation = input.interpretations[aids.factor] ?? FactorInterpretation()
    let characteristics = input.result.characteristics[aids.factor - 1]
    page.raw("<section class=\"factor\" id=\"factor-\(aids.factor)\">")
    page.element("h2", input.factorName(aids.factor))
    page.element(
      "p",
      "\(characteristics.definingSorts) defining sorts; \(ReportFormat.fixed(characteristics.explainedVariance, 1))% of the variance; composite reliability \(ReportFormat.fixed(characteristics.compositeReliability, 3)).",
      attributes: "class=\"facts\"")
    if !interpretation.argument.isEmpty {
      page.element("p", "Main argument: “\(interpretation.argument)”", attributes: "class=\"argument\"")
    }
    page.paragraphs(interpretation.description)
    if !interpretation.viewedByOthers.isEmpty {
      page.element("p", "Viewed by others: \(interpretation.viewedByOthers)", attributes: "class=\"others\"")
    }
    for quote in interpretation.quotes {
      page.raw(
        "<blockquote><p>\(quotedHTML(quote.text, tag: input.foreignLanguageTag(of: quote.sort), name: input.foreignLanguage(of: quote.sort)))</p><footer>Sort \(HTMLWriter.escape(quote.sort)), on statement \(quote.statement): \(HTMLWriter.escape(input.text(of: quote.statement)))</footer></blockquote>"
      )
    }
    if input.result.zScores.first?[aids.factor - 1] == nil {
      page.element(
        "p", "This factor has no defining sorts, so it has no z-scores or array.", attributes: "class=\"note\"")
      page.raw("</section>")
      return
    }
    aidsBody(&page, aids: aids, exemplarLimit: options.maxExemplars)
    if !aids.codeProfile.isEmpty {
      let rows = aids.codeProfile.map { item -> [ReportCell] in
        [
          .text(item.code), .integer(item.statements), .number(item.meanZ, 3),
          .text(interpretation.codeNotes[item.code] ?? ""),
        ]
      }
      page.table(
        ReportTable(
          name: "profile-F\(aids.label)", title: "Mean z-score per statement code",
          columns: ["Code", "Statements", "Mean z", "Note"], rows: rows))
    }
    page.raw("</section>")
  }

  /// The array as the sorting grid, the characteristic, distinguishing and "neutral here" statements,
  /// the crib sheet and the exemplars: shared by the report's factor sections and the factor pages.
  static func aidsBody(_ page: inout HTMLWriter, aids: FactorAids, exemplarLimit: Int) {
    page.figure(ReportFigures.factorArray(aids))
    page.table(ReportTables.characteristic(aids))
    if !aids.distinguishing.isEmpty { page.table(ReportTables.distinguishing(aids)) }
    if !aids.neutralWhereOthersStrong.isEmpty {
      page.table(
        ReportTables.contrasts(
          aids.neutralWhereOthersStrong, aids: aids, name: "neutral",
          title:
            "Neutral here (|score| ≤ \(aids.neutralLimit)) where another factor feels strongly (|score| ≥ \(aids.strongLimit))"
        ))
    }
    page.raw("<h3>Crib sheet</h3>")
    for (heading, items) in ReportTables.cribSections(aids) where !items.isEmpty {
      page.table(ReportTables.contrasts(items, aids: aids, name: "crib", title: heading))
    }
    exemplars(&page, aids: aids, limit: exemplarLimit)
  }

  static func exemplars(_ page: inout HTMLWriter, aids: FactorAids, limit: Int) {
    page.raw("<h3>Exemplars</h3>")
    guard !aids.exemplars.isEmpty else {
      page.element("p", "No defining sorts.")
      return
    }
    let strong = aids.exemplars.filter(\.isStrong).count
    var summary = "\(aids.exemplars.count) defining sorts, \(strong) of them loading 0.70 or more"
    if aids.exemplars.count > limit {
      summary += "; the \(limit) highest loadings are quoted here, all are in the workbook"
    }
    page.element("p", summary + ".", attributes: "class=\"facts\"")
    page.raw("<ol class=\"exemplars\">")
    for exemplar in aids.exemplars.prefix(limit) {
      page.raw("<li>")
      var head = "Sort \(exemplar.sort) — loading \(ReportFormat.fixed(exemplar.loading, 2))"
      if exemplar.isStrong { head += " (≥ 0.70)" }
      if !exemplar.site.isEmpty { head += " — \(exemplar.site)" }
      page.element("p", head, attributes: "class=\"exemplar-head\"")
      if !exemplar.answers.isEmpty {
        let answers = exemplar.answers.map {
          "<span class=\"question\">\(HTMLWriter.escape($0.question))</span> <b>\(HTMLWriter.escape($0.answer))</b>"
        }
        page.raw("<p class=\"answers\">\(answers.joined(separator: " · "))</p>")
      }
      for comment in exemplar.comments {
        let score = comment.score.map { " (\(ReportFormat.score($0)))" } ?? ""
        page.raw(
          "<blockquote class=\"comment\"><p>\(quotedHTML(comment.text, tag: comment.languageTag, name: comment.languageName))</p><footer>on \(comment.statement)\(score): \(HTMLWriter.escape(comment.statementText))</footer></blockquote>"
        )
      }
      page.raw("</li>")
    }
    page.raw("</ol>")
  }

  /// A participant's words in quotation marks, marked with their language (`lang`) and followed by
  /// its name when it is not the report's: `<span lang="fr">“…”</span> (French)`.
  static func quotedHTML(_ text: String, tag: String?, name: String?) -> String {
    let quoted = "“\(HTMLWriter.escape(text))”"
    guard let tag else { return quoted }
    return "<span lang=\"\(HTMLWriter.escape(tag))\">\(quoted)</span>"
      + (name.map { " (\(HTMLWriter.escape($0)))" } ?? "")
  }

  static func viewpoints(_ page: inout HTMLWriter, input: ReportInput, aids: [FactorAids]) {
    page.raw("<section id=\"viewpoints\"><h2>The viewpoints compared</h2>")
    page.table(ReportTables.table13(input))
    if !input.profileCodes.isEmpty {
      page.table(ReportTables.table12(input, aids: aids))
      page.figure(ReportFigures.codeProfile(input, aids: aids))
    }
    let consensus = ReportTables.distinguishingAndConsensus(input, aids: aids).filteringConsensus()
    if consensus.rowCount == 0 {
      page.raw("<h3>Consensus statements</h3>")
      page.element("p", "No statement is a consensus statement: every one separates some pair of factors.")
    } else {
      page.table(consensus)
    }
    page.raw("</section>")
  }

  static func statements(_ page: inout HTMLWriter, input: ReportInput) {
    page.raw("<section id=\"statements\"><h2>Statements and factor arrays</h2>")
    page.table(ReportTables.factorArrays(input))
    page.raw("</section>")
  }

  /// Screen and print styles: greyscale-safe, A4 with 15 mm margins.
  static let stylesheet = """
    :root { color-scheme: light; }
    body { font: 15px/1.45 Georgia, 'Times New Roman', serif; color: #111; background: #fff; max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
    h1, h2, h3, nav, table, figure, dl, .facts, .subtitle, footer { font-family: Helvetica, Arial, sans-serif; }
    h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
    h2 { font-size: 1.4rem; border-bottom: 2px solid #111; padding-bottom: .2rem; margin-top: 2.2rem; }
    h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
    .subtitle, .facts { color: #444; }
    .argument { font-size: 1.15rem; font-style: italic; }
    dl.method { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
    dl.method dt { font-weight: bold; }
    dl.method dd { margin: 0; }
    p.answers { font: .78rem/1.35 Helvetica, Arial, sans-serif; margin: .15rem 0 .3rem; }
    p.answers .question { color: #555; }
    .warnings li { font-weight: bold; }
    .withdrawal { font-weight: bold; border: 2px solid #111; padding: .4rem .6rem; }
    table { border-collapse: collapse; margin: .8rem 0 1.2rem; font-size: .82rem; width: 100%; }
    caption { text-align: left; font-weight: bold; font-size: .95rem; padding-bottom: .3rem; }
    th, td { border-bottom: 1px solid #999; padding: .2rem .4rem; vertical-align: top; text-align: left; }
    thead th { border-bottom: 2px solid #111; }
    td.short { white-space: nowrap; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    table.compact { font-size: .75rem; }
    .table-scroll { overflow-x: auto; }
    .table-note { font-size: .8rem; color: #444; margin-top: -.8rem; }
    figure { margin: 1rem 0; }
    figure svg { max-width: 100%; height: auto; }
    figcaption { font-weight: bold; font-size: .95rem; }
    details { font-size: .85rem; }
    blockquote { margin: .5rem 0 .5rem 1rem; padding-left: .8rem; border-left: 3px solid #666; }
    blockquote p { margin: 0; }
    blockquote footer { font-size: .8rem; color: #444; }
    ol.exemplars > li { margin-bottom: .8rem; }
    .exemplar-head { font-weight: bold; margin: 0; font-family: Helvetica, Arial, sans-serif; }
    nav.contents ol { columns: 2; }
    a { color: #111; }
    @page { size: A4; margin: 15mm; }
    @media print {
      body { font-size: 10pt; max-width: none; padding: 0; }
      nav.contents { break-after: page; }
      section.factor, #viewpoints, #statements { break-before: page; }
      h2, h3, caption { break-after: avoid; }
      figure, blockquote, tr, p.answers { break-inside: avoid; }
      /* A short table (up to 12 rows: a code profile, a crib list) is never split, so no page
         starts with one orphaned row under a repeated header. */
      table:not(:has(tbody tr:nth-child(13))) { break-inside: avoid; }
      .exemplar-head { break-after: avoid; }
      thead { display: table-header-group; }
      details { display: none; }
      a { text-decoration: none; }
    }
    """
}

extension ReportTable {
  /// The distinguishing-and-consensus table kept to its consensus rows (the factor sections list
  /// their own distinguishing statements).
  func filteringConsensus() -> ReportTable {
    let kept = rows.filter { $0.first == .text("Consensus") }.map { Array($0.dropFirst()) }
    return ReportTable(
      name: "consensus", title: "Consensus statements", columns: Array(columns.dropFirst()), rows: kept)
  }
}
