import Foundation
import POETQKit
import QMethod
import Testing
import ZIPFoundation

/// The tables KADE and PQMethod have (cumulative communalities, factor score ranks, descending
/// differences, consensus to disagreement) in the workbook, tables.zip and the results page, and
/// the Word report's factor arrays as grid-shaped tables; the numbers recomputed here from the
/// result (tolerance 1e-12: the same doubles, summed in another order).
@Suite("Report writers: PQMethod/KADE derived tables")
struct PQMethodTablesReportTests {
  static let input = ReportFixture.input
  static let result = input.result

  func temporary(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("poetq-\(UUID().uuidString)-\(name)")
  }

  struct Workbook: Decodable {
    var sheets: [String]
    var cumulative: [[JSONValue]]
    var ranks: [[JSONValue]]
    var difference: [[JSONValue]]
    var consensus: [[JSONValue]]
  }

  static let script = """
    import json, sys
    from openpyxl import load_workbook
    wb = load_workbook(sys.argv[1])
    rows = lambda name: [[c.value for c in row] for row in wb[name].iter_rows(min_row=1)]
    print(json.dumps({
      "sheets": wb.sheetnames,
      "cumulative": rows("Cumulative communalities"),
      "ranks": rows("Factor score ranks"),
      "difference": rows("Diff F1 F2"),
      "consensus": rows("Consensus-disagreement"),
    }))
    """

  @Test("the workbook has KADE's four kinds of sheet, their numbers recomputed from the result")
  func workbook() throws {
    let url = temporary("analysis.xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try XLSXWorkbook.write(Self.input, to: url)
    guard
      let book = try PythonCheck.json(
        Workbook.self, module: "openpyxl", package: "openpyxl", script: Self.script, file: url)
    else { return }
    let result = Self.result
    let pairs = result.comparisons.map { "Diff F\($0.first) F\($0.second)" }
    #expect(pairs.count == 10, "5 factors, 10 pairs")
    for name in ["Cumulative communalities", "Factor score ranks", "Consensus-disagreement"] + pairs {
      #expect(book.sheets.contains(name), "\(name) in \(book.sheets)")
    }
    // KADE's order: after the unrotated factors, before the loadings; ranks after z-scores.
    let index = { (name: String) in book.sheets.firstIndex(of: name) ?? -1 }
    #expect(index("Unrotated loadings") < index("Cumulative communalities"))
    #expect(index("Cumulative communalities") < index("Loadings"))
    #expect(index("Z-scores") < index("Factor score ranks"))

    // Cumulative communalities: the squares of the unrotated loadings summed, one row per sort.
    let extracted = result.unrotatedLoadings[0].count
    #expect(book.cumulative.count == 1 + result.sorts.count + 1)
    #expect(book.cumulative[0].count == 1 + extracted)
    for (sort, row) in book.cumulative.dropFirst().prefix(result.sorts.count).enumerated() {
      #expect(row[0] == .string(result.sorts[sort]))
      var total = 0.0
      for k in 0..<extracted {
        total += result.unrotatedLoadings[sort][k] * result.unrotatedLoadings[sort][k]
        #expect(abs((row[k + 1].number ?? .nan) - total) < 1e-12)
      }
    }
    let last = try #require(book.cumulative.last)
    #expect(last[0] == .string("Cumulative % explained variance"))
    #expect(abs((last[extracted].number ?? .nan) - result.explainedVariance.prefix(extracted).reduce(0, +)) < 1e-9)

    // Ranks: statement order, each factor's ranks a permutation, 1 at its highest z-score.
    #expect(book.ranks.count == 41)
    for f in result.factorLabels.indices {
      let ranks = book.ranks.dropFirst().map { Int($0[3 + 2 * f].number ?? 0) }
      #expect(ranks.sorted() == Array(1...40))
      let top = try #require(result.zScores.indices.max { (result.zScores[$0][f] ?? 0) < (result.zScores[$1][f] ?? 0) })
      #expect(ranks[top] == 1, "F\(f + 1)")
    }

    // Differences F1 − F2: z1 − z2 for every statement, descending.
    let differences = book.difference.dropFirst().map { $0[4].number ?? .nan }
    #expect(differences.count == 40)
    #expect(zip(differences, differences.dropFirst()).allSatisfy { $0 >= $1 - 5e-4 })
    for row in book.difference.dropFirst() {
      let statement = try #require(result.statements.firstIndex(of: Int(row[0].number ?? 0)))
      let z = result.zScores[statement]
      #expect(abs((row[4].number ?? .nan) - ((z[0] ?? 0) - (z[1] ?? 0))) < 1e-12)
    }

    // Consensus to disagreement: the variance of each statement's five z-scores, ascending.
    let variances = book.consensus.dropFirst().map { $0.last?.number ?? .nan }
    #expect(variances.count == 40)
    #expect(zip(variances, variances.dropFirst()).allSatisfy { $0 <= $1 + 5e-4 })
    for row in book.consensus.dropFirst() {
      let statement = try #require(result.statements.firstIndex(of: Int(row[0].number ?? 0)))
      let z = result.zScores[statement].map { $0 ?? 0 }
      let mean = z.reduce(0, +) / Double(z.count)
      let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count)
      #expect(abs((row.last?.number ?? .nan) - variance) < 1e-12)
      #expect(row[2].number == result.factorArrays[statement][0].map(Double.init), "F1's array score")
    }
  }

  @Test("tables.zip holds the four tables as CSV, one file per pair of factors")
  func csv() throws {
    let archive = try Archive(data: try CSVTables.data(Self.input), accessMode: .read)
    let names = Set(archive.map(\.path))
    var expected = ["cumulative-communalities.csv", "factor-score-ranks.csv", "consensus-disagreement.csv"]
    expected += Self.result.comparisons.map { "differences-F\($0.first)-F\($0.second).csv" }
    for name in expected { #expect(names.contains(name), "\(name)") }
    let entry = try #require(archive["differences-F1-F2.csv"])
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
    #expect(lines.first == "No.,Statement,F1 z,F2 z,Difference (F1 − F2)")
    #expect(lines.count == 41)
  }

  @Test("a result seen as a whole (no sorts) has no sort's row of cumulative communalities")
  func wholeView() {
    var whole = Self.result
    whole.sorts = []
    whole.unrotatedLoadings = []
    whole.loadings = []
    whole.flags = []
    let table = ReportTables.cumulativeCommunalities(whole)
    #expect(table.rowCount == 1)
    #expect(table.rows[0].first == .text("Cumulative % explained variance"))
    // The .LIS section: its heading, rule and column line, then straight to the cumulative % line.
    let lis = TextReport.render(whole).components(separatedBy: "\n")
    let heading = lis.firstIndex { $0.hasPrefix("Cumulative communalities matrix") }
    #expect(heading.map { lis[$0 + 3].hasPrefix("cumul % expl.var.") } == true)
  }

  @Test("the results page folds the four tables in <details>, one per pair of factors")
  func resultsPage() {
    let page = HTMLReport.results(Self.input)
    var ids = ["cumulative-communalities", "factor-score-ranks", "consensus-disagreement"]
    ids += Self.result.comparisons.map { "differences-F\($0.first)-F\($0.second)" }
    for id in ids { #expect(page.contains("<details class=\"long-table\" id=\"\(id)\">"), "\(id)") }
    #expect(page.contains("Descending array of differences between factors 1 and 2"))
    // A factor's page folds the pairs it is part of, and no other.
    let factor = HTMLReport.factorAids(Self.input, factor: 2)
    for pair in Self.result.comparisons {
      let id = "id=\"differences-F\(pair.first)-F\(pair.second)\""
      #expect(factor.contains(id) == (pair.first == 2 || pair.second == 2), "\(id)")
    }
  }

  @Test("beyond 1,000 sorts the results page points to the downloads for the cumulative communalities")
  func manySorts() {
    var many = Self.result
    many.sorts = (0..<1_001).map { "S\($0)" }
    many.unrotatedLoadings = many.sorts.indices.map { Self.result.unrotatedLoadings[$0 % Self.result.sorts.count] }
    many.loadings = many.sorts.indices.map { Self.result.loadings[$0 % Self.result.sorts.count] }
    many.flags = many.sorts.indices.map { Self.result.flags[$0 % Self.result.sorts.count] }
    var input = Self.input
    input.result = many
    let page = HTMLReport.results(input)
    #expect(page.contains("Cumulative communalities of the 1001 sorts: in the workbook"))
    #expect(!page.contains("<details class=\"long-table\" id=\"cumulative-communalities\">"))
    #expect(ReportTables.cumulativeCommunalities(many).rowCount == 1_002, "the workbook keeps every sort")
  }

  struct Grids: Decodable {
    var captions: [String]
    var tables: [[[String]]]
  }

  @Test("the Word report draws each factor array as a grid-shaped table: a column per score, statements stacked")
  func wordGrid() throws {
    let url = temporary("report.docx")
    defer { try? FileManager.default.removeItem(at: url) }
    try DOCXReport.write(Self.input, to: url)
    let distribution = Self.result.distribution
    let scores = (distribution.minScore...distribution.maxScore).map(ReportFormat.score)
    let script = """
      import json, sys
      import docx
      d = docx.Document(sys.argv[1])
      grids = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables
               if [c.text for c in t.rows[0].cells] == \(String(decoding: try JSONEncoder().encode(scores), as: UTF8.self))]
      print(json.dumps({
        "captions": [p.text for p in d.paragraphs if p.text.endswith("array as the sorting grid")],
        "tables": grids,
      }))
      """
    guard
      let grids = try PythonCheck.json(Grids.self, module: "docx", package: "python-docx", script: script, file: url)
    else { return }
    let factors = Self.result.factorLabels.indices.filter { Self.result.zScores[0][$0] != nil }
    #expect(grids.tables.count == factors.count, "one grid per factor with an array")
    #expect(grids.captions == factors.map { "Factor \(Self.result.factorLabels[$0]) array as the sorting grid" })
    for (table, f) in zip(grids.tables, factors) {
      // Below the score row (and the labels row, if any), each column holds the statements with that
      // score, highest z first; the cell's first line is the number.
      let body = table.dropFirst().filter { row in row.contains { Int($0.split(separator: "\n").first ?? "") != nil } }
      for (column, score) in (distribution.minScore...distribution.maxScore).enumerated() {
        let numbers = body.compactMap { Int($0[column].split(separator: "\n").first ?? "") }
        let rows = Self.result.statements.indices.filter { Self.result.factorArrays[$0][f] == score }
        let expected = rows.map { (z: Self.result.zScores[$0][f] ?? 0, number: Self.result.statements[$0]) }
          .sorted { ($0.z, -$0.number) > ($1.z, -$1.number) }.map(\.number)
        #expect(numbers == expected, "F\(f + 1) column \(score)")
      }
    }
  }
}
