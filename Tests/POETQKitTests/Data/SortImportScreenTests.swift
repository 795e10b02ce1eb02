import Foundation
import POETQKit
import QMethod
import Testing

/// Reading another tool's file of sorts against a study: each sort on its own, with its problems.
@Suite("Sort import screening")
struct SortImportScreenTests {
  static let grid = try! Distribution(minScore: -1, maxScore: 1, capacities: [1, 3, 1])

  static func screen(_ text: String, name: String = "sorts.DAT", taken: Set<String> = []) throws
    -> SortImportScreen
  {
    try SortImportScreen.screen(
      data: Data(text.utf8), fileName: name, statementNumbers: [1, 2, 3, 4, 5],
      statementTexts: ["a", "b", "c", "d", "e"], distribution: grid, takenIDs: taken)
  }

  static let header = "  0  3  5 Study\n -1  1  0  0  0  0  0  1  3  1" + String(repeating: "  0", count: 12) + "\n"

  @Test("every sort is listed: valid, over a column's capacity, a score outside the grid, an id already taken")
  func rowByRow() throws {
    let file = Self.header + "A1        -1 0 0 0 1\nA2         1 1 0 0-1\nA3         2 0 0 0-1\n"
    let screen = try Self.screen(file, taken: ["A1"])
    #expect(screen.format == .pqmethodDAT)
    #expect(screen.sorts.map(\.sourceID) == ["A1", "A2", "A3"])
    #expect(screen.sorts[0].problems == ["the study already has a sort A1 (imported before?)"])
    #expect(
      screen.sorts[1].problems == [
        "column 0 holds 2 statements, under its capacity of 3", "column +1 holds 2 statements, over its capacity of 1",
      ])
    #expect(screen.sorts[2].problems == ["statement 1: score +2 is outside the grid -1…+1"])
    #expect(screen.validCount == 0 && screen.invalidCount == 3)
    let clean = try Self.screen(file)
    #expect(clean.sorts[0].isValid)
    #expect(clean.sorts[0].scores == [1: -1, 2: 0, 3: 0, 4: 0, 5: 1])
  }

  @Test("a file that is not laid out right, or made with another Q-set, is refused whole, naming where")
  func structural() throws {
    #expect(throws: QMethodError.self) { try Self.screen(Self.header + "A1        -1 0 0 0 x\n") }
    do {
      _ = try Self.screen("id,1,2,3\nA1,-1,0,1\n", name: "three.csv")
      Issue.record("a 3-statement file was read into a 5-statement study")
    } catch {
      #expect(String(describing: error).contains("three.csv"))
      #expect(String(describing: error).contains("3 statements but this study's Q-set has 5"))
    }
  }

  @Test("a .DAT line repeating an id is that sort's problem, listed with the others, not a refused file")
  func repeatedDATId() throws {
    let screen = try Self.screen(
      Self.header + "A1        -1 0 0 0 1\nB2         1 0 0 0-1\nA1         1 0 0 0-1\n")
    #expect(screen.sorts.map(\.sourceID) == ["A1", "B2", "A1"])
    #expect(screen.sorts[0].isValid && screen.sorts[1].isValid && !screen.sorts[2].isValid)
    #expect(screen.sorts[2].problems.count == 1)
    #expect(screen.sorts[2].problems.first?.contains("line 5: repeats the sort id \"A1\" of line 3") == true)
  }

  @Test("a KADE CSV and an easy-htmlq export are read the same way")
  func otherFormats() throws {
    let csv = try Self.screen("id,1,2,3,4,5\nP1,1,0,0,0,-1\n", name: "k.csv")
    #expect(csv.format == .csvSortsAsRows)
    #expect(csv.sorts[0].isValid)
    let json = try Self.screen(#"{"-Ka": {"uid": "p1", "sort": "-1|0|0|0|+1"}}"#, name: "results.json")
    #expect(json.format == .htmlqJSON)
    #expect(json.sorts[0].sourceID == "p1")
    #expect(json.sorts[0].scores[5] == 1)
  }
}
