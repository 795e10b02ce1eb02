import Foundation
import Testing

@testable import QMethod

/// Collection tools' exports, written from the layouts the tools document and write (issue 15):
/// EQ Web Sort / Quince JSON records and CSV tables, HTMLQ / FlashQ results CSV, KADE's headerless
/// sorts CSV, Excel's `sep=;` line.
@Suite("Formats: collection tools' exports")
struct FormatsCollectionToolsTests {
  /// Five sorts on the grid 0…4 with capacities 1, 2, 3, 2, 1 (9 statements), as EQ Web Sort
  /// writes a grid that starts at 0.
  static let sorts: [[Int]] = [
    [0, 1, 1, 2, 2, 2, 3, 3, 4],
    [4, 3, 3, 2, 2, 2, 1, 1, 0],
    [2, 0, 1, 1, 2, 3, 2, 4, 3],
    [1, 2, 0, 3, 2, 2, 4, 1, 3],
    [3, 2, 4, 1, 0, 2, 1, 2, 3],
  ]

  static func read(_ text: String, _ fileName: String, options: ReadOptions = ReadOptions()) throws -> QSortData {
    try QDataReader.read(data: Data(text.utf8), fileName: fileName, options: options)
  }

  @Test("EQ Web Sort / Quince JSON array: partId, randomId where partId repeats, position; grid 0…4 kept")
  func eqWebSortJSONArray() throws {
    let records = Self.sorts.enumerated().map { index, scores -> String in
      let partID = index == 3 ? "p1" : "p\(index + 1)"  // p1 repeats: records 1 and 4 fall back to randomId
      let fields = scores.enumerated().map { "\"s\($0.offset)\": \($0.element)" }.joined(separator: ", ")
      return """
        {"partId": "\(partID)", "randomId": "r\(index + 1)x", "urlUsercode": "no data", \
        "dateTime": "2024-05-0\(index + 1) 10:00", "sort": "\(scores.map(String.init).joined(separator: "|"))", \(fields)}
        """
    }
    let data = try Self.read("[\n" + records.joined(separator: ",\n") + "\n]\n", "results.json")
    #expect(data.sortIDs == ["r1x", "p2", "p3", "r4x", "p5"])
    #expect(data.distribution.minScore == 0 && data.distribution.maxScore == 4)
    #expect(data.distribution.capacities == [1, 2, 3, 2, 1])
    for (index, scores) in Self.sorts.enumerated() { #expect(Array(data.sort(index)) == scores) }
    #expect(data.sortMetadata["p2"]?["urlUsercode"] == "no data")
    #expect(data.sortMetadata["p2"]?["dateTime"] == "2024-05-02 10:00")
  }

  @Test("EQ Web Sort JSON without \"sort\": the s0…sN fields in number order")
  func eqWebSortScoreFields() throws {
    let records = Self.sorts.enumerated().map { index, scores -> String in
      // Written out of order on purpose: s10 after s9 and s2, as a JSON object does not keep order.
      let fields = scores.enumerated().reversed().map { "\"s\($0.offset + 1)\": \"\($0.element)\"" }
      return "{\"partId\": \"P\(index)\", \(fields.joined(separator: ", "))}"
    }
    let data = try Self.read("[" + records.joined(separator: ",") + "]", "quince.json")
    for (index, scores) in Self.sorts.enumerated() { #expect(Array(data.sort(index)) == scores) }
  }

  @Test("EQ Web Sort CSV table: same columns as the JSON, metadata kept, CR-only line ends")
  func eqWebSortCSV() throws {
    var text = "partId,randomId,urlUsercode,timeOnQsortPage,sort\r"
    for (index, scores) in Self.sorts.enumerated() {
      text +=
        "p\(index + 1),r\(index + 1),no data,00:0\(index + 1):10,\(scores.map(String.init).joined(separator: "|"))\r"
    }
    let data = try Self.read(text, "eq-web-sort.csv")
    #expect(try QDataFormat.detect(data: Data(text.utf8), fileName: "eq-web-sort.csv") == .webSortCSV)
    #expect(data.sortIDs == ["p1", "p2", "p3", "p4", "p5"])
    #expect(data.sortMetadata["p3"]?["timeOnQsortPage"] == "00:03:10")
    #expect(Array(data.sort(4)) == Self.sorts[4])
  }

  /// HTMLQ / FlashQ: `sid;uid;s1;…;sN;npos;nneu;nneg;` then form, comment and duration columns and
  /// `datetime`, `;`-separated with CRLF, scores written `+2`, ` 0`, `-3`.
  static func htmlqCSV(_ rows: [(uid: String, scores: [Int])]) -> String {
    let n = rows[0].scores.count
    let header =
      "sid;uid;" + (1...n).map { "s\($0)" }.joined(separator: ";")
      + ";npos;nneu;nneg;form0;comment_agree;comment_disagree;dur0;dur1;datetime"
    let lines = rows.map { row -> String in
      let scores = row.scores.map { $0 > 0 ? "+\($0)" : $0 == 0 ? " 0" : "\($0)" }
      return "study1;\(row.uid);" + scores.joined(separator: ";")
        + ";3;3;3;female;\"Cities; cars\";none;95;310;2019-03-04 10:11:12"
    }
    return ([header] + lines).joined(separator: "\r\n") + "\r\n"
  }

  @Test("HTMLQ results CSV: ; and CRLF, +2 and ' 0', metadata columns kept, grid −2…+2")
  func htmlqResults() throws {
    let rows = Self.sorts.enumerated().map { ("u\($0.offset + 1)", $0.element.map { $0 - 2 }) }
    let text = Self.htmlqCSV(rows)
    let data = try Self.read(text, "htmlq_results.csv")
    #expect(data.sortIDs == ["u1", "u2", "u3", "u4", "u5"])
    #expect(data.distribution.minScore == -2 && data.distribution.capacities == [1, 2, 3, 2, 1])
    #expect(Array(data.sort(0)) == [-2, -1, -1, 0, 0, 0, 1, 1, 2])
    let metadata = try #require(data.sortMetadata["u2"])
    #expect(metadata["sid"] == "study1")
    #expect(metadata["comment_agree"] == "Cities; cars")
    #expect(metadata["dur1"] == "310")
    #expect(metadata["datetime"] == "2019-03-04 10:11:12")
  }

  @Test("KADE's sorts saved as CSV without a header, and an Excel sep=; first line")
  func headerlessAndSeparatorLine() throws {
    let rows = Self.sorts.enumerated().map {
      "resp\($0.offset + 1);" + $0.element.map { String($0 - 2) }.joined(separator: ";")
    }
    let headerless = try Self.read(rows.joined(separator: "\n"), "sorts.csv")
    #expect(headerless.sortIDs == ["resp1", "resp2", "resp3", "resp4", "resp5"])
    #expect(headerless.statements.allSatisfy { $0.text.isEmpty })
    #expect(Array(headerless.sort(2)) == Self.sorts[2].map { $0 - 2 })

    let excel = "sep=;\r\nid;1;2;3;4;5;6;7;8;9\r\n" + rows.joined(separator: "\r\n")
    let withLine = try Self.read(excel, "excel.csv")
    #expect(withLine.sortIDs == headerless.sortIDs)
    #expect(withLine.scores == headerless.scores)
  }

  @Test("invalid records: each named in one message; --skip-invalid leaves them out and notes each")
  func invalidRecords() throws {
    var rows = Self.sorts.enumerated().map { "s\($0.offset + 1)," + $0.element.map(String.init).joined(separator: ",") }
    // Line 2: a pilot with more statements.
    rows.insert("pilot," + ([0, 1, 1, 2, 2, 2, 3, 3, 4, 2, 2]).map(String.init).joined(separator: ","), at: 1)
    rows.append("s2," + Self.sorts[0].map(String.init).joined(separator: ","))  // line 7, repeats s2
    rows.append("empty")  // line 8
    let text = rows.joined(separator: "\n") + "\n"
    let error = try #require(FormatTestSupport.malformed(text, fileName: "pilot.csv"))
    #expect(error.file == "pilot.csv")
    #expect(error.message.contains("3 records cannot be used"))
    #expect(error.message.contains("line 2 (sort pilot) has 11 scores where the other sorts have 9"))
    #expect(error.message.contains("line 7 (sort s2) repeats the sort id \"s2\" of line 3"))
    #expect(error.message.contains("line 8 (sort empty) has no scores (an empty sort)"))
    #expect(error.message.hasSuffix("correct them") && error.remedies == [.skipInvalid(plural: true)])
    #expect(!error.message.contains("--"), "the engine names no command-line flag")

    let skipped = try Self.read(text, "pilot.csv", options: ReadOptions(skipInvalid: true))
    #expect(skipped.sortIDs == ["s1", "s2", "s3", "s4", "s5"])
    #expect(skipped.skippedRecords.map(\.place) == ["line 2", "line 7", "line 8"])
    #expect(skipped.notes.filter { $0.hasPrefix("pilot.csv: left out line") }.count == 3)
    // The analysis repeats what was left out in its notes.
    var options = AnalysisOptions()
    options.factors = 1
    let result = try QAnalysis.run(skipped, options: options)
    #expect(result.notes.contains { $0.contains("left out line 2 (sort pilot)") })
  }

  @Test("JSON records: an empty sort and another length named by record")
  func invalidJSONRecords() throws {
    let text = """
      [{"uid": "a", "sort": "0|1|1|2|2|2|3|3|4"}, {"uid": "b", "sort": ""},
       {"uid": "c", "sort": "4|3|3|2|2|2|1|1|0"}, {"uid": "d", "sort": "4|3|3|2|2|2|1|1"}]
      """
    let error = try #require(FormatTestSupport.malformed(text, fileName: "web.json"))
    #expect(error.message.contains("record 2 (sort b) has no scores (an empty sort)"))
    #expect(error.message.contains("record 4 (sort d) has 8 scores where the other sorts have 9"))
  }

  @Test("a sort off the grid the others share is named; --free reads free, --skip-invalid leaves it out")
  func offGridSort() throws {
    var sorts = Self.sorts.map { $0.map { $0 - 2 } }
    sorts.append([2, 1, 1, 2, 0, 0, -1, -1, -2])  // +2 twice, 0 twice: off the shared grid
    let text =
      "id,1,2,3,4,5,6,7,8,9\n"
      + sorts.enumerated().map { "US\($0.offset + 1)," + $0.element.map(String.init).joined(separator: ",") }.joined(
        separator: "\n")
    let error = try #require(FormatTestSupport.malformed(text, fileName: "grid.csv"))
    #expect(
      error.message.contains(
        "US6 is off the grid the other 5 sorts share: score 0 holds 2 statements where the grid allows 3"))
    #expect(error.remedies == [.readFree, .skipInvalid(plural: false)] && !error.message.contains("--"))

    let free = try Self.read(text, "grid.csv", options: ReadOptions(free: true))
    #expect(free.distribution.capacities == nil)
    #expect(free.sortCount == 6)
    #expect(free.notes.contains { $0.contains("free distribution -2…2, as asked: US6 is off the grid") })

    let skipped = try Self.read(text, "grid.csv", options: ReadOptions(skipInvalid: true))
    #expect(skipped.sortCount == 5)
    #expect(skipped.distribution.capacities == [1, 2, 3, 2, 1])
    #expect(skipped.notes.contains { $0.contains("left out US6 is off the grid") })
  }

  @Test("sorts that share no grid are read free, and that is said")
  func noSharedGrid() throws {
    let text = "id,1,2,3,4\na,1,2,3,4\nb,1,1,3,4\nc,2,2,3,3\n"
    let data = try Self.read(text, "free.csv")
    #expect(data.distribution.capacities == nil)
    #expect(data.notes.contains { $0.contains("share no grid (3 different shapes)") })
  }
}
