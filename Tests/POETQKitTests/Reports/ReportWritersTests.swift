import Foundation
import POETQKit
import QMethod
import Testing
import ZIPFoundation

/// A JSON value as a Python script prints it.
enum JSONValue: Decodable, Equatable {
  case string(String)
  case number(Double)
  case bool(Bool)
  case null

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else {
      self = .string(try container.decode(String.self))
    }
  }

  var number: Double? {
    if case .number(let value) = self { return value }
    return nil
  }
}

/// The workbook, the Word document and the CSV bundle, opened by other programs (openpyxl,
/// python-docx, ZIPFoundation) and checked against the result.
@Suite("Report writers")
struct ReportWritersTests {
  static let input = ReportFixture.input
  static let result = input.result

  func temporary(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("poetq-\(UUID().uuidString)-\(name)")
  }

  struct Workbook: Decodable {
    var sheets: [String]
    var headers: [String: [JSONValue]]
    var loadings: [[JSONValue]]
    var arrays: [[JSONValue]]
    var interpretations: [[JSONValue]]
    var numericTypes: [String]
    var correlation: JSONValue
  }

  static let openpyxlScript = """
    import json, sys
    from openpyxl import load_workbook
    wb = load_workbook(sys.argv[1])
    rows = lambda name: [[c.value for c in row] for row in wb[name].iter_rows(min_row=2)]
    print(json.dumps({
      "sheets": wb.sheetnames,
      "headers": {ws.title: [c.value for c in ws[1]] for ws in wb.worksheets},
      "loadings": rows("Loadings"),
      "arrays": rows("Factor arrays"),
      "interpretations": rows("Interpretations"),
      "correlation": wb["Correlations"]["C2"].value,
      "numericTypes": sorted({c.data_type for row in wb["Loadings"].iter_rows(min_row=2, min_col=2, max_col=6) for c in row}),
    }))
    """

  @Test("the workbook opens in openpyxl with KADE's sheets; loadings one numeric row per sort, id first")
  func workbook() throws {
    let url = temporary("analysis.xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try XLSXWorkbook.write(Self.input, to: url)
    guard
      let book = try PythonCheck.json(
        Workbook.self, module: "openpyxl", package: "openpyxl", script: Self.openpyxlScript, file: url)
    else { return }
    let required = [
      "Overview", "Statements", "Sorts", "Correlations", "Unrotated loadings", "Loadings", "Factor arrays", "Z-scores",
      "Factor characteristics", "Factor correlations", "SE of differences", "Distinguishing & consensus",
      "Crib sheets", "Interpretations", "Table 12", "Table 13",
    ]
    #expect(required.allSatisfy(book.sheets.contains), "\(book.sheets)")
    let factors = Self.result.factorLabels.map { JSONValue.string("F\($0)") }
    #expect(book.headers["Loadings"] == [.string("Sort")] + factors + [.string("Defines"), .string("h²")])
    #expect(book.headers["Factor arrays"] == [.string("No."), .string("Statement")] + factors)
    #expect(book.numericTypes == ["n"], "loadings are numbers, not text")
    #expect(book.loadings.count == Self.result.sorts.count)
    for (row, values) in book.loadings.enumerated() {
      #expect(values[0] == .string(Self.result.sorts[row]))
      for f in Self.result.factorLabels.indices {
        #expect(abs((values[f + 1].number ?? .nan) - Self.result.loadings[row][f]) < 1e-12)
      }
      let defines = Self.result.flags[row].enumerated().filter(\.element).map { "F\($0.offset + 1)" }
      #expect(
        values[Self.result.factorLabels.count + 1]
          == (defines.isEmpty ? .null : .string(defines.joined(separator: ", "))))
    }
    // 93 sorts outnumber 40 statements, so the engine kept no matrix: the sheet computes r from the
    // sorts' scores. Pearson of the first two sorts, computed here (tolerance 1e-12).
    let first = Self.result.statements.map { Double(Self.input.sorts[0].scores[$0]!) }
    let second = Self.result.statements.map { Double(Self.input.sorts[1].scores[$0]!) }
    func centred(_ x: [Double]) -> [Double] { x.map { $0 - x.reduce(0, +) / Double(x.count) } }
    let (a, b) = (centred(first), centred(second))
    let products: Double = zip(a, b).map { $0 * $1 }.reduce(0, +)
    let squaresA: Double = a.map { $0 * $0 }.reduce(0, +)
    let squaresB: Double = b.map { $0 * $0 }.reduce(0, +)
    let r = products / (squaresA * squaresB).squareRoot()
    #expect(book.headers["Correlations"]?.count == Self.result.sorts.count + 1)
    #expect(abs((book.correlation.number ?? .nan) - r) < 1e-12)
    #expect(book.arrays.count == 40)
    #expect(book.arrays[0][2].number == Double(Self.result.factorArrays[0][0]!))
    #expect(book.interpretations[0][1] == .string("Ideal world commissioning"))
    #expect(book.interpretations[0][2] == .string("Let's be optimistic"))
  }

  struct FormulaCheck: Decodable, Equatable {
    var value: String
    var type: String
  }

  @Test("text cells a spreadsheet would run are neutralised in the workbook and the CSV")
  func formulaInjection() throws {
    let table = ReportTable(
      name: "t", title: "T", columns: ["Sort", "x"],
      rows: [[.text("=HYPERLINK(\"http://x\")"), .number(-1.5, places: 2)]])
    #expect(CSVTables.csv(table) == "Sort,x\n\"'=HYPERLINK(\"\"http://x\"\")\",-1.5\n")
    let url = temporary("t.xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try XLSXWorkbook.write([table], to: url)
    let script = """
      import json, sys
      from openpyxl import load_workbook
      c = load_workbook(sys.argv[1])["T"]["A2"]
      print(json.dumps({"value": c.value, "type": c.data_type}))
      """
    guard
      let cell = try PythonCheck.json(
        FormulaCheck.self, module: "openpyxl", package: "openpyxl", script: script, file: url)
    else { return }
    #expect(cell == FormulaCheck(value: "'=HYPERLINK(\"http://x\")", type: "s"))
  }

  struct Document: Decodable {
    var title: [String]
    var headings: [String]
    var tables: Int
    var characteristics: [[String]]
  }

  @Test("the Word document opens in python-docx with a heading per factor and the tables")
  func document() throws {
    let url = temporary("report.docx")
    defer { try? FileManager.default.removeItem(at: url) }
    try DOCXReport.write(Self.input, to: url)
    let script = """
      import json, sys
      import docx
      d = docx.Document(sys.argv[1])
      print(json.dumps({
        "title": [p.text for p in d.paragraphs if p.style.name == "Title"],
        "headings": [p.text for p in d.paragraphs if p.style.name == "Heading 1"],
        "tables": len(d.tables),
        "characteristics": [[c.text for c in row.cells] for row in d.tables[0].rows],
      }))
      """
    guard
      let document = try PythonCheck.json(
        Document.self, module: "docx", package: "python-docx", script: script, file: url)
    else { return }
    #expect(document.title == [Self.input.title])
    let factors = Self.result.factorLabels.indices.map { Self.input.factorName($0 + 1) }
    #expect(factors[0] == "Factor 1: Ideal world commissioning")
    #expect(
      document.headings == ["Method", "The factors and the sorts"] + factors + [
        "The viewpoints compared", "Statements and factor arrays",
      ])
    #expect(document.tables > 5 * 4)
    #expect(document.characteristics[0] == [""] + Self.result.factorLabels.map { "F\($0)" })
    #expect(
      document.characteristics[1] == ["No. of defining sorts"]
        + Self.result.characteristics.map { String($0.definingSorts) })
  }

  @Test("tables.zip holds every table as CSV, the .LIS report and the engine's JSON")
  func csvBundle() throws {
    let url = temporary("tables.zip")
    defer { try? FileManager.default.removeItem(at: url) }
    try CSVTables.write(Self.input, to: url)
    let archive = try Archive(url: url, accessMode: .read)
    func read(_ path: String) throws -> Data {
      let entry = try #require(archive[path], "\(path) in the zip")
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      return data
    }
    let names = Set(archive.map(\.path))
    let expected = ReportTables.all(Self.input).map { "\($0.name).csv" } + ["report.lis", "result.json"]
    #expect(names == Set(expected))
    let loadings = String(decoding: try read("loadings.csv"), as: UTF8.self).split(separator: "\n")
    #expect(loadings.count == Self.result.sorts.count + 1)
    #expect(loadings[0] == "Sort,F1,F2,F3,F4,F5,Defines,h²")
    let first = loadings[1].split(separator: ",", omittingEmptySubsequences: false)
    #expect(first[0] == Substring(Self.result.sorts[0]))
    #expect(Double(first[1]) == Self.result.loadings[0][0], "full precision")
    #expect(String(decoding: try read("report.lis"), as: UTF8.self) == TextReport.render(Self.result))
    #expect(try JSONDecoder().decode(AnalysisResult.self, from: read("result.json")) == Self.result)
  }

  /// Text as HTML escapes it (& < > " ').
  static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
      .replacingOccurrences(of: "'", with: "&#39;")
  }

  @Test("the HTML report: one section per factor, the researcher's words escaped, inline SVG only, A4 print styles")
  func html() throws {
    let page = HTMLReport.render(Self.input)
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.components(separatedBy: "<section class=\"factor\"").count - 1 == Self.result.factorLabels.count)
    #expect(page.contains("<h2>Factor 1: Ideal world commissioning</h2>"))
    #expect(page.contains("Second paragraph &lt;b&gt;here&lt;/b&gt;."))
    #expect(!page.contains("<b>here"))
    #expect(!page.contains("<script"))
    #expect(!page.contains("src="))
    #expect(!page.contains("href=\"http"))
    #expect(page.contains("@page { size: A4"))
    for line in ReportMethod.lines(Self.result) {
      #expect(page.contains(Self.escaped(line.value)))
    }
    #expect(page.contains(Self.result.dataFingerprint))
    #expect(page.contains("Table 12") && page.contains("Table 13"))
    let quote = try #require(Self.input.interpretations[1]?.quotes.first)
    #expect(page.contains("“\(Self.escaped(quote.text))”"))
    // Figures: scree, factor correlations, loadings, a grid per factor, the code profile.
    #expect(page.components(separatedBy: "<svg ").count - 1 == 3 + Self.result.factorLabels.count + 1)
  }
}
