import Foundation

/// A site's feedback report (``SiteFeedback``) as a Word document (A4), with the same sections and
/// wording as ``SiteFeedbackHTML``, for teams who edit the handout before the workshop.
public enum SiteFeedbackDOCX {
  /// The document as bytes.
  public static func data(_ feedback: SiteFeedback) throws -> Data {
    try ZipPackage.data { package in
      try package.add("[Content_Types].xml", DOCXReport.contentTypes)
      try package.add("_rels/.rels", DOCXReport.rootRelationships)
      try package.add("word/_rels/document.xml.rels", DOCXReport.documentRelationships)
      try package.add("word/styles.xml", DOCXReport.styles)
      try package.add("word/document.xml") { out in
        var body = try WordBody(out: out)
        try content(feedback, into: &body)
        out = try body.finish()
      }
    }
  }

  static func content(_ f: SiteFeedback, into body: inout WordBody) throws {
    try body.heading("\(f.site): what people here think", level: 0)
    try body.paragraph("Feedback for the workshop · \(f.studyTitle)", italic: true)
    for line in SiteFeedbackText.introduction(f) { try body.paragraph(line) }
    try body.heading("The viewpoints at \(f.site)", level: 1)
    if f.viewpoints.isEmpty { try body.paragraph(SiteFeedbackText.noViewpoints) }
    for v in f.viewpoints {
      try body.heading(v.title, level: 2)
      try body.paragraph(v.origin, bold: true)
      try body.paragraph(SiteFeedbackText.held(v, f), italic: true)
      if !v.localNote.isEmpty { try body.paragraph(v.localNote, italic: true) }
      if !v.argument.isEmpty { try body.paragraph("“\(v.argument)”", italic: true) }
      if v.description.isEmpty {
        try body.paragraph(SiteFeedbackText.undescribed)
      } else {
        for paragraph in v.description.components(separatedBy: "\n\n") where !paragraph.isEmpty {
          try body.paragraph(paragraph)
        }
      }
      try body.paragraph("Agrees most with", bold: true)
      for s in v.agree { try body.paragraph("• " + SiteFeedbackText.statementLine(s)) }
      try body.paragraph("Disagrees most with", bold: true)
      for s in v.disagree { try body.paragraph("• " + SiteFeedbackText.statementLine(s)) }
      if !v.quotes.isEmpty { try body.paragraph("In their own words", bold: true) }
      for quote in v.quotes {
        try body.paragraph(
          "“\(quote.text)” — \(SiteFeedbackText.quoteSource(quote))", style: "Quote")
      }
    }
    if let other = SiteFeedbackText.otherViews(f) {
      try body.heading(SiteFeedbackText.otherViewsHeading, level: 2)
      try body.paragraph(other)
    }
    try body.heading("Where the viewpoints here agree", level: 1)
    if f.consensus.isEmpty {
      try body.paragraph(f.consensusNote)
    } else {
      try body.paragraph(SiteFeedbackText.consensusIntro)
      for item in f.consensus { try body.paragraph("• " + SiteFeedbackText.consensusLine(item)) }
    }
    try body.heading("How well the partners work together", level: 1)
    if let table = SiteFeedbackText.ratingsTable(f) {
      try body.paragraph(SiteFeedbackText.ratingsIntro(f))
      try body.table(table)
      for line in SiteFeedbackText.celebrateAndDevelop(f) { try body.paragraph(line) }
    } else {
      try body.paragraph("Nobody at this site answered the partnership questions.")
    }
    try body.paragraph(SiteFeedbackText.footer, italic: true)
  }
}
