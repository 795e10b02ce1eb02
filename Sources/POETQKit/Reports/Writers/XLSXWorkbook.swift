import Foundation
import QMethod

/// The analysis as an Excel workbook (SpreadsheetML, ECMA-376), one sheet per table in KADE's order
/// (``ReportTables/all(_:aids:)``): overview, statements, sorts, correlations, unrotated loadings,
/// loadings with flags, factor arrays, z-scores, factor characteristics, factor correlations,
/// standard errors of differences, distinguishing and consensus statements, crib sheets, exemplars,
/// the code profile and the interpretations (with Tables 12 and 13).
///
/// Numbers are numeric cells; text cells are inline strings, guarded against formula injection
/// like the CSV exports (``SpreadsheetCSV/neutralised(_:)``). The header row is bold and frozen.
/// Each sheet is streamed to a temporary file row by row, then deflated into the package.
public enum XLSXWorkbook {
  /// Writes the workbook of `input` to `url` (replacing any file there).
  public static func write(_ input: ReportInput, to url: URL) throws {
    try write(ReportTables.all(input), to: url)
  }

  /// The workbook of `input` as bytes.
  public static func data(_ input: ReportInput) throws -> Data {
    let tables = ReportTables.all(input)
    return try ZipPackage.data { try write(tables, into: $0) }
  }

  /// Writes `tables` as a workbook to `url`, one sheet each.
  public static func write(_ tables: [ReportTable], to url: URL) throws {
    let package = try ZipPackage(creating: url)
    try write(tables, into: package)
  }

  /// The sheet name of a table: its title cut to Excel's 31 characters, without `[]:*?/\`, made unique.
  static func sheetNames(_ tables: [ReportTable]) -> [String] {
    var names: [String] = []
    for table in tables {
      let base = String(
        (sheetTitles[table.name] ?? pqmethodSheetTitle(table.name) ?? table.title).filter { !"[]:*?/\\".contains($0) }
          .prefix(31))
      var name = base
      var counter = 2
      while names.contains(where: { $0.lowercased() == name.lowercased() }) {
        name = String(base.prefix(28)) + " \(counter)"
        counter += 1
      }
      names.append(name)
    }
    return names
  }

  /// Short sheet names for the standard tables.
  static let sheetTitles: [String: String] = [
    "overview": "Overview", "statements": "Statements", "sorts": "Sorts", "correlations": "Correlations",
    "unrotated-loadings": "Unrotated loadings", "eigenvalues": "Eigenvalues", "scree": "Scree & parallel analysis",
    "loadings": "Loadings",
    "factor-arrays": "Factor arrays", "z-scores": "Z-scores", "factor-characteristics": "Factor characteristics",
    "factor-correlations": "Factor correlations", "se-differences": "SE of differences",
    "distinguishing-consensus": "Distinguishing & consensus", "crib-sheets": "Crib sheets", "exemplars": "Exemplars",
    "code-profile": "Code profile", "interpretations": "Interpretations", "table-12": "Table 12",
    "table-13": "Table 13",
  ]

  static func write(_ tables: [ReportTable], into package: ZipPackage) throws {
    let names = sheetNames(tables)
    try package.add("[Content_Types].xml", contentTypes(count: tables.count))
    try package.add(
      "_rels/.rels",
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
      <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
      </Relationships>
      """)
    var sheets = ""
    var relationships = ""
    for (index, name) in names.enumerated() {
      sheets += "<sheet name=\"\(XMLText.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
      relationships +=
        "<Relationship Id=\"rId\(index + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
    }
    relationships +=
      "<Relationship Id=\"rId\(names.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    try package.add(
      "xl/workbook.xml",
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
      xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheets)</sheets></workbook>
      """)
    try package.add(
      "xl/_rels/workbook.xml.rels",
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
      """)
    try package.add("xl/styles.xml", styles)
    for (index, table) in tables.enumerated() {
      try package.add("xl/worksheets/sheet\(index + 1).xml") { out in try sheet(table, to: &out) }
    }
  }

  /// One worksheet: the header row (bold, frozen), then one row per table row.
  static func sheet(_ table: ReportTable, to out: inout StreamWriter) throws {
    try out.write(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
      <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
      </sheetView></sheetViews><sheetData>
      """)
    let letters = (0..<max(table.columns.count, 1)).map(columnLetters)
    var line = "<row r=\"1\">"
    for (column, heading) in table.columns.enumerated() {
      line +=
        "<c r=\"\(letters[column])1\" t=\"inlineStr\" s=\"1\"><is><t xml:space=\"preserve\">\(XMLText.escape(heading))</t></is></c>"
    }
    try out.write(line + "</row>\n")
    for index in 0..<table.rowCount {
      let number = index + 2
      var row = "<row r=\"\(number)\">"
      for (column, cell) in table.row(index).enumerated() {
        let reference = (column < letters.count ? letters[column] : columnLetters(column)) + String(number)
        switch cell {
        case .empty: continue
        case .integer(let value): row += "<c r=\"\(reference)\"><v>\(value)</v></c>"
        case .number(let value, _):
          guard value.isFinite else { continue }
          row += "<c r=\"\(reference)\"><v>\(value)</v></c>"
        case .text(let text):
          guard !text.isEmpty else { continue }
          let safe = XMLText.escape(SpreadsheetCSV.neutralised(text))
          row += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(safe)</t></is></c>"
        }
      }
      try out.write(row + "</row>\n")
    }
    try out.write("</sheetData></worksheet>\n")
  }

  /// "A", "B", …, "Z", "AA", … for a 0-based column.
  static func columnLetters(_ column: Int) -> String {
    var value = column + 1
    var letters = ""
    while value > 0 {
      let remainder = (value - 1) % 26
      letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
      value = (value - 1) / 26
    }
    return letters
  }

  static func contentTypes(count: Int) -> String {
    let sheets = (0..<count).map { $0 + 1 }.map {
      "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    }.joined()
    return """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
      <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
      <Default Extension="xml" ContentType="application/xml"/>\
      <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
      <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
      \(sheets)</Types>
      """
  }

  /// Two cell formats: plain (0) and bold headings (1).
  static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    </styleSheet>
    """
}
