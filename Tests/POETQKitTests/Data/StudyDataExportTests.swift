import Foundation
import POETQKit
import QMethod
import Testing

/// The exports of a study's completed sorts, from plain values: every format's contents, formula
/// injection neutralised, and the sort ids the same everywhere.
@Suite("Study data export")
struct StudyDataExportTests {
  static let statements = [
    TemplateStatement(number: 1, text: "Partners trust each other", codes: []),
    TemplateStatement(number: 2, text: "=HYPERLINK(\"http://x\")", codes: []),
    TemplateStatement(number: 3, text: "Budgets, pooled", codes: []),
    TemplateStatement(number: 4, text: "-minus first", codes: []),
    TemplateStatement(number: 5, text: "Leaders listen", codes: []),
  ]

  static func export() throws -> StudyDataExport {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let first = CompletedSort(
      sortID: "A1", site: "Site A", status: "completed", consentedAt: start,
      presortStartedAt: start.addingTimeInterval(60), gridConfirmedAt: start.addingTimeInterval(60 + 31.5 * 60),
      submittedAt: start.addingTimeInterval(40 * 60),
      answers: ["role": ["Practice nurse"], "areas": ["@home", "ward"]],
      comments: [5: "+1 because they do"], scores: [1: -1, 2: 0, 3: 0, 4: 0, 5: 1])
    let second = CompletedSort(
      sortID: "B2", site: "Site B", language: "fr", status: "completed", scores: [1: 1, 2: 0, 3: 0, 4: 0, 5: -1])
    return StudyDataExport(
      title: "Joint commissioning", statements: statements.reversed(),
      distribution: try Distribution(minScore: -1, maxScore: 1, capacities: [1, 3, 1]),
      questionKeys: ["role", "areas"], sorts: [first, second])
  }

  static func lines(_ data: Data) -> [String] {
    String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  @Test("a text cell a spreadsheet would run gets an apostrophe; plain text and our numbers do not")
  func neutralised() {
    for text in ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"] {
      #expect(SpreadsheetCSV.neutralised(text) == "'" + text)
    }
    #expect(SpreadsheetCSV.neutralised("Practice nurse") == "Practice nurse")
    #expect(SpreadsheetCSV.text("a, b") == "\"a, b\"")
    #expect(SpreadsheetCSV.text("=a,\"b\"") == "\"'=a,\"\"b\"\"\"")
  }

  @Test("the CSV has one row per participant with timings, answers, comments and scores, text cells neutralised")
  func csv() throws {
    let lines = Self.lines(try Self.export().csv())
    #expect(
      lines[0]
        == "sort_id,site,language,status,consented_at,presort_started_at,grid_confirmed_at,submitted_at,sort_minutes,"
        + "role,areas,comment_1,comment_2,comment_3,comment_4,comment_5,s1,s2,s3,s4,s5")
    #expect(
      lines[1]
        == "A1,Site A,en,completed,2027-01-15T08:00:00Z,2027-01-15T08:01:00Z,2027-01-15T08:32:30Z,"
        + "2027-01-15T08:40:00Z,31.5,Practice nurse,\"'@home; ward\",,,,,'+1 because they do,-1,0,0,0,1")
    #expect(lines[2] == "B2,Site B,fr,completed,,,,,,,,,,,,,1,0,0,0,-1")
    #expect(lines.count == 4 && lines[3].isEmpty)
  }

  @Test("the JSON holds the Q-set, the grid and every sort as an object")
  func json() throws {
    let object = try #require(
      try JSONSerialization.jsonObject(with: try Self.export().json()) as? [String: Any])
    #expect((object["statements"] as? [[String: Any]])?.map { $0["number"] as? Int } == [1, 2, 3, 4, 5])
    #expect((object["distribution"] as? [String: Any])?["capacities"] as? [Int] == [1, 3, 1])
    let sorts = try #require(object["sorts"] as? [[String: Any]])
    #expect(sorts.map { $0["sort_id"] as? String } == ["A1", "B2"])
    #expect(sorts.map { $0["language"] as? String } == ["en", "fr"], "each sort's language")
    #expect((sorts[0]["scores"] as? [String: Int])?["5"] == 1)
    #expect((sorts[0]["comments"] as? [String: String])?["5"] == "+1 because they do")
    #expect((sorts[0]["answers"] as? [String: [String]])?["areas"] == ["@home", "ward"])
    #expect(sorts[0]["sort_minutes"] as? Double == 31.5)
  }

  @Test("PQMethod .DAT and .STA, KADE and qmethod CSVs carry the same ids and scores")
  func analysisFormats() throws {
    let export = try Self.export()
    let dat = Self.lines(try export.pqmethodDAT())
    #expect(dat[0] == "  0  2  5 Joint commissioning")
    #expect(dat[1] == " -1  1  0  0  0  0  0  1  3  1" + String(repeating: "  0", count: 12))
    #expect(dat[2] == "A1        -1 0 0 0 1")
    #expect(dat[3] == "B2         1 0 0 0-1")
    #expect(
      Self.lines(try export.pqmethodSTA()).prefix(2) == ["Partners trust each other", "=HYPERLINK(\"http://x\")"])
    let kade = Self.lines(try export.kadeCSV())
    #expect(
      kade[0]
        == "id,Partners trust each other,\"'=HYPERLINK(\"\"http://x\"\")\",\"Budgets, pooled\",'-minus first,Leaders listen"
    )
    #expect(kade[1] == "A1,-1,0,0,0,1")
    let qmethod = Self.lines(try export.qmethodCSV())
    #expect(qmethod[0] == "\"\",\"A1\",\"B2\"")
    #expect(qmethod[1] == "\"sta1\",-1,1")
    #expect(qmethod[5] == "\"sta5\",1,-1")
    #expect(qmethod.count == 7)
    // Our own reader takes the qmethod layout back with the same scores.
    let back = try QDataReader.read(data: try export.qmethodCSV(), fileName: "x.csv")
    #expect(back.sortIDs == ["A1", "B2"])
    #expect(Array(back.sort(1)) == [1, 0, 0, 0, -1])
  }

  @Test("sort ids: the initial of the site's last word and a running number")
  func sortIDs() {
    #expect(SortIDs.make(site: "Site A", number: 12) == "A12")
    #expect(SortIDs.make(site: "leeds", number: 3) == "L3")
    #expect(SortIDs.make(site: "—", number: 1) == "S1")
    #expect(SortIDs.isKeepable("US1"))
    #expect(!SortIDs.isKeepable("a very long id"))
    #expect(!SortIDs.isKeepable(""))
  }
}
