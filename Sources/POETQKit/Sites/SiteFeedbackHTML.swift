import Foundation

/// A site's feedback report (``SiteFeedback``) as one self-contained HTML page in plain language:
/// no script, no external request, the report's print stylesheet (A4, 15 mm margins) so the
/// browser's "Print to PDF" gives the workshop handout.
public enum SiteFeedbackHTML {
  public static func render(_ feedback: SiteFeedback) -> String {
    var page = HTMLWriter()
    let title = "\(feedback.site): what people here think"
    page.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    page.element("title", "\(title) · \(feedback.studyTitle)")
    page.raw("<style>\n\(HTMLReport.stylesheet)\n\(extraStyle)</style></head><body><main>")
    page.element("h1", title)
    page.element("p", "Feedback for the workshop · \(feedback.studyTitle)", attributes: "class=\"subtitle\"")
    for paragraph in SiteFeedbackText.introduction(feedback) { page.element("p", paragraph) }
    page.raw("<section id=\"viewpoints\"><h2>The viewpoints at \(HTMLWriter.escape(feedback.site))</h2>")
    if feedback.viewpoints.isEmpty { page.element("p", SiteFeedbackText.noViewpoints) }
    for viewpoint in feedback.viewpoints { self.viewpoint(viewpoint, feedback, &page) }
    if let other = SiteFeedbackText.otherViews(feedback) {
      page.raw("<section class=\"viewpoint\" id=\"other-views\">")
      page.element("h3", SiteFeedbackText.otherViewsHeading)
      page.element("p", other)
      page.raw("</section>")
    }
    page.raw("</section>")
    page.raw("<section id=\"consensus\"><h2>Where the viewpoints here agree</h2>")
    if feedback.consensus.isEmpty {
      page.element("p", feedback.consensusNote)
    } else {
      page.element("p", SiteFeedbackText.consensusIntro)
      page.raw("<ul class=\"statements\">")
      for item in feedback.consensus {
        page.raw("<li>\(HTMLWriter.escape(SiteFeedbackText.consensusLine(item)))</li>")
      }
      page.raw("</ul>")
    }
    page.raw("</section>")
    page.raw("<section id=\"ratings\"><h2>How well the partners work together</h2>")
    if let table = SiteFeedbackText.ratingsTable(feedback) {
      page.element("p", SiteFeedbackText.ratingsIntro(feedback))
      HTMLReport.scrolling(&page, table)
      for line in SiteFeedbackText.celebrateAndDevelop(feedback) { page.element("p", line) }
    } else {
      page.element("p", "Nobody at this site answered the partnership questions.")
    }
    page.raw("</section>")
    page.element("footer", SiteFeedbackText.footer, attributes: "class=\"facts\"")
    page.raw("</main></body></html>")
    return page.html
  }

  static func viewpoint(_ v: SiteFeedback.Viewpoint, _ feedback: SiteFeedback, _ page: inout HTMLWriter) {
    page.raw("<section class=\"viewpoint\">")
    page.element("h3", v.title)
    page.element("p", v.origin, attributes: "class=\"origin\"")
    page.element("p", SiteFeedbackText.held(v, feedback), attributes: "class=\"facts\"")
    if !v.localNote.isEmpty { page.element("p", v.localNote, attributes: "class=\"facts\"") }
    if !v.argument.isEmpty { page.element("p", "“\(v.argument)”", attributes: "class=\"argument\"") }
    if v.description.isEmpty {
      page.element("p", SiteFeedbackText.undescribed)
    } else {
      page.paragraphs(v.description)
    }
    page.raw("<div class=\"sides\">")
    for (heading, statements) in [("Agrees most with", v.agree), ("Disagrees most with", v.disagree)] {
      page.raw("<div><h4>\(heading)</h4><ul>")
      for statement in statements { page.element("li", SiteFeedbackText.statementLine(statement)) }
      page.raw("</ul></div>")
    }
    page.raw("</div>")
    if !v.quotes.isEmpty {
      page.element("h4", "In their own words")
      for quote in v.quotes {
        page.raw(
          "<blockquote class=\"quote\"><p>“\(HTMLWriter.escape(quote.text))”</p><footer>\(HTMLWriter.escape(SiteFeedbackText.quoteSource(quote)))</footer></blockquote>"
        )
      }
    }
    page.raw("</section>")
  }

  static let extraStyle = """
    main { max-width: 48rem; }
    h4 { font-family: Helvetica, Arial, sans-serif; font-size: 1rem; margin: .8rem 0 .3rem; }
    section.viewpoint { border-top: 1px solid #999; margin-top: 1.4rem; }
    .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
    @media (max-width: 40rem) { .sides { grid-template-columns: 1fr; } }
    .origin { font: .85rem Helvetica, Arial, sans-serif; text-transform: uppercase; letter-spacing: .04em; color: #444; margin: 0; }
    /* A viewpoint may run across pages (keeping one whole left pages two-thirds empty); its heading
       and label stay with what follows, and a quote is never split. */
    @media print { #viewpoints { break-before: auto; } section.viewpoint h3, .origin { break-after: avoid; } }

    """
}

/// The wording shared by the HTML and DOCX feedback reports.
enum SiteFeedbackText {
  static func introduction(_ f: SiteFeedback) -> [String] {
    let people = f.respondents == 1 ? "1 person" : "\(f.respondents) people"
    var lines = [
      "\(people) at \(f.site) sorted the statements about joint commissioning. This report describes the "
        + "viewpoints we found among them: first those shared with other sites, with how many people here "
        + "hold each, then any viewpoint found only here."
    ]
    // With a smallest group of 1 every viewpoint is described: nothing is held back to say so.
    lines.append(
      "Quotes are anonymous: no name, job title or sort number is given."
        + (f.smallestGroup > 1
          ? " A viewpoint held by fewer than \(f.smallestGroup) people here is not described as this site's, so "
            + "that nobody can be picked out; it is counted among “\(otherViewsHeading.lowercased())”." : ""))
    return lines
  }

  static let noViewpoints = "No viewpoint was found clearly at this site."
  static let undescribed = "The research team has not yet written a description of this viewpoint."
  /// The scores are those of the viewpoints of this site's own analysis (its local factor arrays),
  /// not the shared viewpoints described above: said, so nobody looks for them in those.
  static let consensusIntro =
    "Whatever their viewpoint, people here placed these statements in about the same place. The scores are "
    + "where each viewpoint of this site’s own analysis puts the statement, from −4 (most disagree) to +4 "
    + "(most agree):"
  static let footer =
    "Made with POETQ from this site's sorts only. The shared viewpoints come from the analysis of every "
    + "site's sorts together; nothing here identifies a participant or another site."

  static func held(_ v: SiteFeedback.Viewpoint, _ f: SiteFeedback) -> String {
    "Held by \(v.people) of the \(f.respondents) people here"
  }

  static let otherViewsHeading = "Other views here"

  /// The paragraph on views not described (no count: a small number would point at someone).
  static func otherViews(_ f: SiteFeedback) -> String? {
    guard f.otherViews else { return nil }
    return
      "Some people here hold other views: "
      + (f.smallestGroup > 1 ? "views shared by fewer than \(f.smallestGroup) people at this site, or " : "")
      + "none of the viewpoints above clearly. They are part of the picture; to keep everyone anonymous they "
      + "are not described, counted or quoted here."
  }

  /// "a participant at this site who strongly agreed, +4 · on “…”".
  static func quoteSource(_ q: SiteFeedback.Quote) -> String {
    "a participant at this site (\(q.placement)), on “\(q.statementText)”"
  }

  static func statementLine(_ s: SiteFeedback.Statement) -> String {
    "\(s.text) (\(ReportFormat.score(s.score)))"
  }

  static func consensusLine(_ c: SiteFeedback.Consensus) -> String {
    "\(c.text) (this site’s own viewpoints: \(c.scores.map(ReportFormat.score).joined(separator: ", ")))"
  }

  static func ratingsIntro(_ f: SiteFeedback) -> String {
    let answered = f.ratings?.items.map(\.answered).max() ?? 0
    return
      "\(answered) of the \(f.ratings?.respondents ?? 0) people here rated how well the partners work together. "
      + "The mean runs from 1 (the lowest point of the scale) upwards; “all sites” is the mean of everyone in the study."
  }

  /// The site's ratings: each item's answers per point, the mean here and over all sites.
  static func ratingsTable(_ f: SiteFeedback) -> ReportTable? {
    guard let group = f.ratings, group.items.contains(where: { $0.answered > 0 }) else { return nil }
    let points = group.items.first?.points ?? []
    let sameScale = group.items.allSatisfy { $0.points == points }
    let columns = ["Question"] + (sameScale ? points : ["Answers"]) + ["Mean here", "All sites"]
    let rows = group.items.enumerated().map { index, item -> [ReportCell] in
      let shown = shownCounts(item.counts, smallestGroup: f.smallestGroup)
      let counts: [ReportCell] =
        sameScale
        ? shown.map { count in count.map { .integer($0) } ?? .text(hidden) }
        : [
          .text(
            zip(item.points, shown).map { "\($0): \($1.map(String.init) ?? hidden)" }
              .joined(separator: ", "))
        ]
      let overall = index < f.overallMeans.count ? f.overallMeans[index] : nil
      return [.text(item.prompt)] + counts + [.number(item.mean, 2), .number(overall, 2)]
    }
    return ReportTable(
      name: "ratings", title: "Partnership ratings at \(f.site)", columns: columns, rows: rows,
      note: "Number of people choosing each answer."
        + (f.smallestGroup > 1
          ? " Where fewer than \(f.smallestGroup) chose one of a question’s answers, its counts are “hidden” and only "
            + "its mean is given, so that nobody’s answer can be worked out." : ""))
  }

  /// What a workshop sees in place of a hidden count.
  static let hidden = "hidden"

  /// The counts a workshop may see (`nil` hidden). A count of 1 or 2 points at someone's rating, as a
  /// small viewpoint would. Hiding it alone is not enough: the number who answered and the mean are
  /// printed, so one hidden count follows by subtraction and two from the total and the mean (both seen
  /// in the demo's site A). So a question with any such count shows none of its counts, only its mean.
  static func shownCounts(_ counts: [Int], smallestGroup: Int) -> [Int?] {
    counts.contains { $0 > 0 && $0 < smallestGroup } ? counts.map { _ in nil } : counts
  }

  static func celebrateAndDevelop(_ f: SiteFeedback) -> [String] {
    guard let group = f.ratings else { return [] }
    let prompt = Dictionary(group.items.map { ($0.key, $0.prompt) }) { first, _ in first }
    var lines: [String] = []
    if !group.strongest.isEmpty {
      lines.append("Areas to celebrate: " + group.strongest.compactMap { prompt[$0] }.joined(separator: "; "))
    }
    if !group.weakest.isEmpty {
      lines.append("Areas to develop: " + group.weakest.compactMap { prompt[$0] }.joined(separator: "; "))
    }
    return lines
  }
}
