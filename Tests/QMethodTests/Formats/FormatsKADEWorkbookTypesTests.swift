import Foundation
import Testing

@testable import QMethod

/// KADE's three Excel input types, in the layouts KADE's readers take them (shawnbanasick/kade,
/// `src/Sections/Input/Excel/parseExcelType1.js`, `parseExcelType2.js` and their `excelLogic/`,
/// `src/Sections/Input/Kanded/KandedLogic/parseExcelType3.js`) and Ken-Q Analysis's workbook
/// export writes the third (sheets `Analysis Overview`, `Statements`, `Q-sorts`).
@Suite("Formats: KADE's Excel types 1, 2 and 3")
struct FormatsKADEWorkbookTypesTests {
  typealias Cell = FormatsKADEWorkbookTests.Cell
  static let scores = FormatsKADEWorkbookTests.scores
  static let names = ["resp1", "resp2", "resp3"]
  /// The grid of the 7 statements: scores −1, 0, +1 taking 2, 3 and 2 statements.
  static let pattern = [-1, -1, 0, 0, 0, 1, 1]

  static func statementsSheet(heading: [Cell?]) -> [[Cell?]] {
    [heading] + (1...7).map { [.number(String($0)), .inline("Statement \($0)")] }
  }

  /// Type 1's sorts sheet: B2 the project name, rows 6–25 the scores −6…+13 with their counts,
  /// row 30 the participants, rows 31–37 one grid cell each (its score, then under every
  /// participant the statement placed there).
  static func typeOneSheet(placements: [[Int]]) -> [[Cell?]] {
    var rows: [[Cell?]] = Array(repeating: [], count: 37)
    rows[0] = [.inline("Q sort data")]
    rows[1] = [.inline("Project name"), .inline("Cities")]
    for index in 0..<20 {
      let score = -6 + index
      rows[5 + index] = [.number(String(score)), .number(String(pattern.filter { $0 == score }.count))]
    }
    rows[29] = [.inline("Sort value")] + names.map { Cell.inline($0) }
    for (cell, score) in pattern.enumerated() {
      rows[30 + cell] = [.number(String(score))] + placements.map { Cell.number(String($0[cell])) }
    }
    return rows
  }

  /// For each participant, the statement placed in each grid cell (cells in pattern order).
  static func placements() -> [[Int]] {
    scores.map { sort in
      var remaining = Array(1...sort.count)
      return pattern.map { score in
        let index = remaining.firstIndex { sort[$0 - 1] == score }!
        return remaining.remove(at: index)
      }
    }
  }

  static func workbook(_ sheets: [(name: String, rows: [[Cell?]])]) throws -> Data {
    try FormatsKADEWorkbookTests.workbook(sheets: sheets, sharedXML: FormatsKADEWorkbookTests.sharedXML)
  }

  @Test("type 1: statement numbers typed into the grid give each participant's scores, the grid and the title")
  func typeOne() throws {
    let bytes = try Self.workbook([
      ("sorts", Self.typeOneSheet(placements: Self.placements())),
      ("statements", Self.statementsSheet(heading: [.inline("Number"), .inline("Statements")])),
    ])
    let data = try QDataReader.read(data: bytes, fileName: "type1.xlsx")
    #expect(data.title == "Cities")
    #expect(data.sortIDs == Self.names)
    for (index, sort) in Self.scores.enumerated() { #expect(Array(data.sort(index)) == sort) }
    #expect(data.distribution.capacities == [2, 3, 2])
    #expect(data.statements.map(\.text) == (1...7).map { "Statement \($0)" })
  }

  @Test("type 1: a statement placed twice is named by its cells; --skip-invalid leaves that participant out")
  func typeOneRepeatedStatement() throws {
    var placements = Self.placements()
    placements[1][4] = placements[1][1]  // resp2 (column C) puts one statement in rows 32 and 35
    let bytes = try Self.workbook([("sorts", Self.typeOneSheet(placements: placements))])
    let error = try #require(FormatTestSupport.malformed(bytes, fileName: "type1.xlsx"))
    #expect(error.file == "type1.xlsx")
    #expect(error.field == "column C of sheet sorts (sort resp2)")
    #expect(error.message.contains("places statement \(placements[1][1]) twice (cells C32 and C35)"))
    #expect(error.remedies == [.skipInvalid(plural: false)])
    let skipped = try QDataReader.read(data: bytes, fileName: "type1.xlsx", options: ReadOptions(skipInvalid: true))
    #expect(skipped.sortIDs == ["resp1", "resp3"])
  }

  @Test("type 2: the project row and the 'Sort Pattern' row are not sorts; the pattern is the grid")
  func typeTwo() throws {
    var rows: [[Cell?]] = [[.inline("Project name"), .inline("Cities")], [], [], [.inline("Sort Pattern")]]
    rows[3] += Self.pattern.map { Cell.number(String($0)) }
    rows += [[], []]
    rows += Self.scores.enumerated().map { [.inline(Self.names[$0.offset])] + $0.element.map { .number(String($0)) } }
    let bytes = try Self.workbook([
      ("sorts", rows), ("statements", Self.statementsSheet(heading: [.inline("Statements")])),
    ])
    let data = try QDataReader.read(data: bytes, fileName: "type2.xlsx")
    #expect(data.title == "Cities")
    #expect(data.sortIDs == Self.names)
    for (index, sort) in Self.scores.enumerated() { #expect(Array(data.sort(index)) == sort) }
    #expect(data.distribution.capacities == [2, 3, 2])
    #expect(data.statements.first?.text == "Statement 1")
  }

  @Test("type 3 (Ken-Q's export): overview with the grid as one text, Q-sorts with S1…Sn, SD and mean kept")
  func typeThree() throws {
    let overview: [[Cell?]] = [
      [], [.inline("Project name"), .inline("Cities")], [], [.inline("Total Number of Statements"), .number("7")], [],
      [.inline("Q-sort Triangle Shape"), .inline(Self.pattern.map(String.init).joined(separator: ","))],
    ]
    var sorts: [[Cell?]] = [
      [.inline("Respondent")] + (1...7).map { Cell.inline("S\($0)") } + [
        .inline("Standard Deviation"), .inline("Mean"),
      ]
    ]
    sorts += Self.scores.enumerated().map {
      [.inline(Self.names[$0.offset])] + $0.element.map { .number(String($0)) } + [.number("0.756"), .number("0")]
    }
    let bytes = try Self.workbook([
      ("Analysis Overview", overview),
      ("Statements", Self.statementsSheet(heading: [.inline("Statement Number"), .inline("Statements")])),
      ("Q-sorts", sorts),
    ])
    let data = try QDataReader.read(data: bytes, fileName: "kenq.xlsx")
    #expect(data.title == "Cities")
    #expect(data.sortIDs == Self.names)
    for (index, sort) in Self.scores.enumerated() { #expect(Array(data.sort(index)) == sort) }
    #expect(data.distribution.capacities == [2, 3, 2])
    #expect(data.statements.map(\.text) == (1...7).map { "Statement \($0)" })
    #expect(data.sortMetadata["resp2"]?["Standard Deviation"] == "0.756")
    #expect(data.sortMetadata["resp2"]?["Mean"] == "0")
  }
}
