import Foundation
import Testing
import ZIPFoundation

@testable import QMethod

/// KADE's Excel workbook, built here part by part as ECMA-376 lays an `.xlsx` out (the parts Excel
/// and LibreOffice write: content types, relationships, workbook, shared strings, sheets), with the
/// cell kinds a real workbook mixes: shared strings, inline strings, numbers, `3.0`, empty cells
/// left out, rich-text runs.
@Suite("Formats: KADE's XLSX workbook")
struct FormatsKADEWorkbookTests {
  /// A cell: a number, a shared string (index into `shared`) or an inline string.
  enum Cell {
    case number(String)
    case shared(Int)
    case inline(String)
  }

  static func columnName(_ index: Int) -> String {
    var index = index + 1
    var name = ""
    while index > 0 {
      let remainder = (index - 1) % 26
      name = String(UnicodeScalar(65 + remainder)!) + name
      index = (index - 1) / 26
    }
    return name
  }

  static func sheetXML(_ rows: [[Cell?]]) -> String {
    var xml =
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
    for (r, row) in rows.enumerated() {
      xml += "<row r=\"\(r + 1)\">"
      for (c, cell) in row.enumerated() {
        guard let cell else { continue }  // Excel leaves empty cells out
        let ref = "\(columnName(c))\(r + 1)"
        switch cell {
        case .number(let text): xml += "<c r=\"\(ref)\"><v>\(text)</v></c>"
        case .shared(let index): xml += "<c r=\"\(ref)\" t=\"s\"><v>\(index)</v></c>"
        case .inline(let text): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>"
        }
      }
      xml += "</row>"
    }
    return xml + "</sheetData></worksheet>"
  }

  static func workbook(sheets: [(name: String, rows: [[Cell?]])], sharedXML: String) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    func add(_ path: String, _ text: String) throws { try archive.addText(path, text) }
    let (main, rel) = (Archive.spreadsheetML, Archive.relationships)
    try add(
      "[Content_Types].xml",
      #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#
    )
    try add(
      "_rels/.rels",
      #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    )
    let sheetList = sheets.enumerated().map {
      "<sheet name=\"\($0.element.name)\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>"
    }
    try add(
      "xl/workbook.xml",
      "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets>\(sheetList.joined())</sheets></workbook>")
    // Sheet parts named in reverse, so the reader must follow the relationships, not guess.
    let relations = sheets.indices.map {
      "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(sheets.count - $0).xml\"/>"
    }
    try add(
      "xl/_rels/workbook.xml.rels",
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relations.joined())</Relationships>"
    )
    try add("xl/sharedStrings.xml", sharedXML)
    for (index, sheet) in sheets.enumerated() {
      try add("xl/worksheets/sheet\(sheets.count - index).xml", sheetXML(sheet.rows))
    }
    return try #require(archive.data)
  }

  /// Shared strings 0…4: sort ids, and a statement in two rich-text runs with a phonetic run.
  static let sharedXML = """
    <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">\
    <si><t>resp1</t></si><si><t>resp2</t></si><si><t>Statements</t></si>\
    <si><r><rPr><b/></rPr><t>Cities are </t></r><r><t>for people</t></r><rPh sb="0" eb="1"><t>シ</t></rPh></si>\
    <si><t>Project name</t></si></sst>
    """

  static let scores: [[Int]] = [
    [-1, 0, 1, 0, -1, 1, 0],
    [1, 0, -1, 0, 1, -1, 0],
    [0, -1, 0, 1, 0, -1, 1],
  ]

  static func sortsSheet() -> [[Cell?]] {
    var rows: [[Cell?]] = [[.inline("id")] + (1...7).map { Cell.number(String($0)) }]
    let ids: [Cell] = [.shared(0), .shared(1), .inline("resp3")]
    for (index, sort) in scores.enumerated() {
      // resp2's scores written as Excel may store them ("1.0"); resp3's fourth cell … all present.
      rows.append([ids[index]] + sort.map { Cell.number(index == 1 ? "\($0).0" : String($0)) })
    }
    return rows
  }

  @Test("sheets name, sorts, pattern, statements: ids, scores, texts, title and the forced grid")
  func readsWorkbook() throws {
    let statements: [[Cell?]] =
      [[.shared(2)], [.number("1"), .shared(3)]] + (2...7).map { [.number(String($0)), .inline("Statement \($0)")] }
    let bytes = try Self.workbook(
      sheets: [
        ("name", [[.shared(4), .inline("Cities")]]),
        ("sorts", Self.sortsSheet()),
        (
          "pattern",
          [[.number("-1"), .number("-1"), .number("0"), .number("0"), .number("0"), .number("1"), .number("1")]]
        ),
        ("statements", statements),
      ], sharedXML: Self.sharedXML)
    let data = try QDataReader.read(data: bytes, fileName: "study.xlsx")
    #expect(try QDataFormat.detect(data: bytes, fileName: "study.xlsx") == .kadeXLSX)
    #expect(data.title == "Cities")
    #expect(data.sortIDs == ["resp1", "resp2", "resp3"])
    for (index, sort) in Self.scores.enumerated() { #expect(Array(data.sort(index)) == sort) }
    #expect(data.statements.map(\.text) == ["Cities are for people"] + (2...7).map { "Statement \($0)" })
    #expect(data.distribution.capacities == [2, 3, 2])
  }

  @Test("a sorts sheet without header, named Q-sorts, empty cells left out: the short sort is named")
  func invalidSortInWorkbook() throws {
    var rows: [[Cell?]] = [[.inline("My study")]]
    rows += Self.scores.enumerated().map { index, sort in
      [.inline("p\(index + 1)")] + sort.map { Cell.number(String($0)) }
    }
    rows.append([.inline("p4"), .number("1"), nil, .number("0")])  // a sort with a gap: row 5
    let bytes = try Self.workbook(sheets: [("Q-sorts", rows)], sharedXML: Self.sharedXML)
    let error = try #require(FormatTestSupport.malformed(bytes, fileName: "kade.xlsx"))
    #expect(error.file == "kade.xlsx")
    #expect(error.field == "row 5 of sheet Q-sorts (sort p4)")
    #expect(error.message.contains("column 3 (statement 2) is \"\", not a whole number"))
    let skipped = try QDataReader.read(data: bytes, fileName: "kade.xlsx", options: ReadOptions(skipInvalid: true))
    #expect(skipped.sortIDs == ["p1", "p2", "p3"])
  }

  @Test("a workbook without a sorts sheet says which sheets it has")
  func noSortsSheet() throws {
    let bytes = try Self.workbook(sheets: [("Data", [[.number("1")]])], sharedXML: Self.sharedXML)
    let error = try #require(FormatTestSupport.malformed(bytes, fileName: "other.xlsx"))
    #expect(error.message.contains("has no sheet named \"sorts\" (sheets: \"Data\")"))
  }
}
