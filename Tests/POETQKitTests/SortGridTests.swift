import Foundation
import POETQKit
import Testing

@Suite("Sort grid and presort piles")
struct SortGridTests {
  @Test("columns are kept in ascending order of score, whatever order they come in")
  func columnsSorted() throws {
    let grid = try SortGrid(columns: [
      .init(score: 1, capacity: 2), .init(score: -1, capacity: 3), .init(score: 0, capacity: 0),
    ])
    #expect(grid.scores == [-1, 0, 1])
    #expect(grid.minScore == -1)
    #expect(grid.maxScore == 1)
    #expect(grid.totalCapacity == 5)
    #expect(grid.capacity(ofScore: -1) == 3)
    #expect(grid.capacity(ofScore: 0) == 0)
    #expect(grid.capacity(ofScore: 2) == nil)
  }

  @Test("the POETQ template's columns make the 2,3,4,6,10,6,4,3,2 grid")
  func fromTemplate() throws {
    let grid = try SortGrid(templateColumns: StudyTemplate.poetqJointCommissioning.columns)
    #expect(grid == (try SortGrid(minScore: -4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])))
    #expect(grid.totalCapacity == 40)
  }

  @Test("no columns, a repeated score and a negative capacity are refused with a sentence naming the column")
  func refusedGrids() {
    #expect(throws: SortGridError.noColumns) { try SortGrid(columns: []) }
    #expect(throws: SortGridError.noColumns) { try SortGrid(minScore: 0, capacities: []) }
    #expect(throws: SortGridError.duplicateScore(2)) {
      try SortGrid(columns: [.init(score: 2, capacity: 1), .init(score: 1, capacity: 1), .init(score: 2, capacity: 3)])
    }
    #expect(throws: SortGridError.negativeCapacity(score: -1, capacity: -2)) {
      try SortGrid(minScore: -1, capacities: [-2, 1, 1])
    }
    #expect(SortGridError.noColumns.description == "The grid has no columns.")
    #expect(SortGridError.duplicateScore(2).description == "The grid has two columns for score +2.")
    #expect(
      SortGridError.negativeCapacity(score: -1, capacity: -2).description
        == "Column -1 has a negative capacity (-2).")
  }

  @Test("scores read with their sign: +3, 0, -3")
  func scoreLabels() {
    #expect(SortGrid.label(ofScore: 3) == "+3")
    #expect(SortGrid.label(ofScore: 0) == "0")
    #expect(SortGrid.label(ofScore: -3) == "-3")
  }

  @Test("a grid round-trips through JSON, and a stored invalid grid is refused")
  func codable() throws {
    let grid = try SortGrid(minScore: -2, capacities: [1, 2, 3, 2, 1])
    #expect(try JSONDecoder().decode(SortGrid.self, from: JSONEncoder().encode(grid)) == grid)
    let invalid = Data(#"{"columns":[{"score":1,"capacity":1},{"score":1,"capacity":2}]}"#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(SortGrid.self, from: invalid) }
  }

  @Test("piles: subscript, all statements in pile order, count, and which pile a statement is in")
  func piles() {
    var piles = PresortPiles(agree: [3, 1], neutral: [2], disagree: [5, 4])
    #expect(piles[.agree] == [3, 1])
    #expect(piles.allStatements == [3, 1, 2, 5, 4])
    #expect(piles.count == 5)
    #expect(piles.pile(of: 5) == .disagree)
    #expect(piles.pile(of: 9) == nil)
    piles[.neutral].append(9)
    #expect(piles.neutral == [2, 9])
    #expect(piles.pile(of: 9) == .neutral)
  }
}
