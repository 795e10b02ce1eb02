import Foundation
import QMethod

/// The report as a Word document (WordprocessingML, ECMA-376): the same sections as the HTML
/// report, as headings, paragraphs and tables, for researchers to write the paper in. Figures are
/// left out with a note pointing to the HTML report (SVG cannot be embedded without a PNG fallback).
public enum DOCXReport {
  /// Writes the document to `url` (replacing any file there).
  /// - Parameters:
  ///   - maxLoadingRows: the loadings table is written up to this many sorts (else a pointer to the workbook).
  ///   - maxExemplars: exemplars quoted per factor (the highest loadings).
  public static func write(_ input: ReportInput, to url: URL, maxLoadingRows: Int = 500, maxExemplars: Int = 10) throws
  {
    let package = try ZipPackage(creating: url)
    try write(input, into: package, maxLoadingRows: maxLoadingRows, maxExemplars: maxExemplars)
  }

  /// The document as bytes.
  public static func data(_ input: ReportInput, maxLoadingRows: Int = 500, maxExemplars: Int = 10) throws -> Data {
    try ZipPackage.data { try write(input, into: $0, maxLoadingRows: maxLoadingRows, maxExemplars: maxExemplars) }
  }

  static func write(_ input: ReportInput, into package: ZipPackage, maxLoadingRows: Int, maxExemplars: Int) throws {
    try package.add("[Content_Types].xml", contentTypes)
    try package.add("_rels/.rels", rootRelationships)
    try package.add("word/_rels/document.xml.rels", documentRelationships)
    try package.add("word/styles.xml", styles)
    try package.add("word/document.xml") { out in
      var body = try WordBody(out: out)
      try content(input, into: &body, maxLoadingRows: maxLoadingRows, maxExemplars: maxExemplars)
      out = try body.finish()
    }
  }

  /// The document's body, in the HTML report's order.
  static func content(_ input: ReportInput, into body: inout WordBody, maxLoadingRows: Int, maxExemplars: Int) throws {
    let result = input.result
    let aids = FactorAids.all(input)
    try body.heading(input.title, level: 0)
    if let notice = input.withdrawalNotice { try body.paragraph(notice, bold: true) }
    try body.paragraph(
      "Q-methodological analysis: \(result.sorts.count) sorts, \(result.statements.count) statements, \(result.factorLabels.count) factors."
    )
    try body.paragraph(
      "Figures (scree plot with the parallel-analysis line, loadings plot, correlation heatmap, code profile) are in the HTML report; their numbers are in the tables below.",
      italic: true)
    try body.heading("Method", level: 1)
    for line in ReportMethod.lines(input) { try body.paragraph("\(line.label): \(line.value)") }
    for warning in result.warnings { try body.paragraph("To check: \(warning)", italic: true) }
    try body.heading("The factors and the sorts", level: 1)
    try body.table(ReportTables.characteristics(result))
    try body.table(ReportTables.eigenvalues(result))
    try body.table(ReportTables.scree(input, maxFactors: ReportFigures.screeFactors))
    try body.table(ReportTables.factorCorrelations(result))
    if result.sorts.count <= maxLoadingRows {
      try body.table(ReportTables.loadings(result))
    } else {
      try body.paragraph("The loadings of the \(result.sorts.count) sorts are in the workbook (XLSX).", italic: true)
    }
    for factor in aids {
      let interpretation = input.interpretations[factor.factor] ?? FactorInterpretation()
      try body.heading(input.factorName(factor.factor), level: 1)
      if !interpretation.argument.isEmpty {
        try body.paragraph("Main argument: “\(interpretation.argument)”", italic: true)
      }
      for paragraph in interpretation.description.components(separatedBy: "\n\n") where !paragraph.isEmpty {
        try body.paragraph(paragraph)
      }
      if !interpretation.viewedByOthers.isEmpty {
        try body.paragraph("Viewed by others: \(interpretation.viewedByOthers)")
      }
      for quote in interpretation.quotes {
        let quoted = ReportFormat.quoted(quote.text, language: input.foreignLanguage(of: quote.sort))
        try body.paragraph("\(quoted) (sort \(quote.sort), on statement \(quote.statement))", style: "Quote")
      }
      guard result.zScores.first?[factor.factor - 1] != nil else {
        try body.paragraph("This factor has no defining sorts, so it has no z-scores or array.", italic: true)
        continue
      }
      try body.gridTable(factor)
      try body.table(ReportTables.characteristic(factor))
      if !factor.distinguishing.isEmpty { try body.table(ReportTables.distinguishing(factor)) }
      if !factor.neutralWhereOthersStrong.isEmpty {
        try body.table(
          ReportTables.contrasts(
            factor.neutralWhereOthersStrong, aids: factor, name: "neutral",
            title: "Neutral here where another factor feels strongly"))
      }
      try body.heading("Crib sheet", level: 2)
      for (heading, items) in ReportTables.cribSections(factor) where !items.isEmpty {
        try body.table(ReportTables.contrasts(items, aids: factor, name: "crib", title: heading))
      }
      try body.heading("Exemplars", level: 2)
      let strong = factor.exemplars.filter(\.isStrong).count
      var summary = "\(factor.exemplars.count) defining sorts, \(strong) of them loading 0.70 or more"
      if factor.exemplars.count > maxExemplars {
        summary += "; the \(maxExemplars) highest loadings are quoted here, all are in the workbook"
      }
      try body.paragraph(summary + ".", italic: true)
      for exemplar in factor.exemplars.prefix(maxExemplars) {
        var head = "Sort \(exemplar.sort), loading \(ReportFormat.fixed(exemplar.loading, 2))"
        if exemplar.isStrong { head += " (≥ 0.70)" }
        if !exemplar.site.isEmpty { head += ", \(exemplar.site)" }
        try body.paragraph(head, bold: true)
        if !exemplar.answers.isEmpty {
          try body.paragraph(exemplar.answers.map { "\($0.question) \($0.answer)" }.joined(separator: " · "))
        }
        for comment in exemplar.comments {
          let score = comment.score.map { " (\(ReportFormat.score($0)))" } ?? ""
          try body.paragraph(
            "\(ReportFormat.quoted(comment.text, language: comment.languageName)) — on \(comment.statement)\(score): "
              + comment.statementText, style: "Quote")
        }
      }
    }
    try body.heading("The viewpoints compared", level: 1)
    try body.table(ReportTables.table13(input))
    if !input.profileCodes.isEmpty {
      try body.table(ReportTables.table12(input, aids: aids))
      try body.table(ReportTables.codeProfile(input, aids: aids))
    }
    let consensus = ReportTables.distinguishingAndConsensus(input, aids: aids).filteringConsensus()
    if consensus.rowCount == 0 {
      try body.paragraph("No statement is a consensus statement: every one separates some pair of factors.")
    } else {
      try body.table(consensus)
    }
    try body.heading("Statements and factor arrays", level: 1)
    try body.table(ReportTables.factorArrays(input))
    try bootstrap(input, into: &body)
  }

  static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
    </Types>
    """

  static let rootRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
    </Relationships>
    """

  static let documentRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
    </Relationships>
    """

  /// Normal, Title, Heading 1–2, Quote and a bordered table style.
  static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
    <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>\
    <w:sz w:val="21"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>\
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\
    <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
    <w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="48"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
    <w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
    <w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
    <w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="20"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/>\
    <w:pPr><w:ind w:left="567"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>\
    <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>\
    <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
    <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
    </w:tblBorders></w:tblPr></w:style>\
    </w:styles>
    """
}

/// The body of `word/document.xml`, streamed: headings, paragraphs and tables.
struct WordBody {
  private var out: StreamWriter

  init(out: StreamWriter) throws {
    self.out = out
    try self.out.write(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
      """)
  }

  /// Closes the body with an A4 page (11906 × 16838 twentieths of a point, 2 cm margins).
  mutating func finish() throws -> StreamWriter {
    try out.write(
      "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n"
    )
    return out
  }

  /// Level 0 is the title, 1 and 2 headings.
  mutating func heading(_ text: String, level: Int) throws {
    try paragraph(text, style: level == 0 ? "Title" : "Heading\(level)")
  }

  mutating func paragraph(_ text: String, style: String? = nil, bold: Bool = false, italic: Bool = false) throws {
    try out.write(Self.paragraphXML(text, style: style, bold: bold, italic: italic))
  }

  static func paragraphXML(_ text: String, style: String? = nil, bold: Bool = false, italic: Bool = false) -> String {
    var xml = "<w:p>"
    if let style { xml += "<w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr>" }
    xml += "<w:r>"
    if bold || italic { xml += "<w:rPr>\(bold ? "<w:b/>" : "")\(italic ? "<w:i/>" : "")</w:rPr>" }
    let lines = text.components(separatedBy: "\n")
    xml += lines.map { "<w:t xml:space=\"preserve\">\(XMLText.escape($0))</w:t>" }.joined(separator: "<w:br/>")
    return xml + "</w:r></w:p>"
  }

  /// A table with a caption paragraph above and a bold header row that repeats on each page.
  mutating func table(_ table: ReportTable) throws {
    try paragraph(table.title, style: "Caption")
    try out.write(
      "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tblGrid>"
        + String(repeating: "<w:gridCol/>", count: table.columns.count) + "</w:tblGrid>")
    try out.write(
      "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + table.columns.map { Self.cell($0, bold: true) }.joined() + "</w:tr>")
    for index in 0..<table.rowCount {
      try out.write(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
          + table.row(index).map { Self.cell($0.display, right: $0.isNumeric) }.joined()
          + "</w:tr>\n")
    }
    try out.write("</w:tbl>")
    if !table.note.isEmpty { try paragraph(table.note, italic: true) }
  }

  /// Writes `xml` into the body as it is (a table built elsewhere, e.g. ``gridTable(_:)``).
  mutating func raw(_ xml: String) throws { try out.write(xml) }

  static func cell(_ text: String, bold: Bool = false, right: Bool = false) -> String {
    var xml = "<w:tc><w:p>"
    if right { xml += "<w:pPr><w:jc w:val=\"right\"/></w:pPr>" }
    xml += "<w:r><w:rPr>\(bold ? "<w:b/>" : "")<w:sz w:val=\"18\"/></w:rPr>"
    xml += "<w:t xml:space=\"preserve\">\(XMLText.escape(text))</w:t></w:r></w:p></w:tc>"
    return xml
  }
}
