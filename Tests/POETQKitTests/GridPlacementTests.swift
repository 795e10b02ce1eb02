import Foundation
import POETQKit
import Testing

@Suite("Final sort validation and the review swap")
struct GridPlacementTests {
  let poetqGrid = try! SortGrid(minScore: -4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])
  let qSet = Array(1...40)

  /// A valid POETQ sort: statements 1–2 at -4, 3–5 at -3, …, 39–40 at +4.
  var validSort: [Int: Int] {
    var placements: [Int: Int] = [:]
    var next = 1
    for column in poetqGrid.columns {
      for _ in 0..<column.capacity {
        placements[next] = column.score
        next += 1
      }
    }
    return placements
  }

  @Test("a complete sort that fills every column exactly is accepted, forced or free")
  func validSortAccepted() throws {
    #expect(validSort.count == 40)
    #expect(GridPlacement.problems(in: validSort, statements: qSet, grid: poetqGrid, distribution: .forced).isEmpty)
    try GridPlacement.validate(validSort, statements: qSet, grid: poetqGrid, distribution: .forced)
    try GridPlacement.validate(validSort, statements: qSet, grid: poetqGrid, distribution: .free)
  }

  @Test("a missing statement is named, and so is the column it leaves short")
  func missingStatement() {
    var placements = validSort
    placements[12] = nil  // statement 12 was at -1
    let problems = GridPlacement.problems(in: placements, statements: qSet, grid: poetqGrid, distribution: .forced)
    #expect(problems == [.notPlaced(12), .wrongColumnCount(score: -1, holds: 5, capacity: 6)])
    #expect(
      problems.map(\.description) == ["Statement 12 is not placed.", "Column -1 holds 5 statements; it takes 6."])
    #expect(throws: GridPlacementError.notPlaced(12)) {
      try GridPlacement.validate(placements, statements: qSet, grid: poetqGrid, distribution: .forced)
    }
  }

  @Test("a column with too many and one with too few are both named, in order of score")
  func wrongColumnCounts() {
    var placements = validSort
    placements[33] = 3  // statement 33 was at +2
    let problems = GridPlacement.problems(in: placements, statements: qSet, grid: poetqGrid, distribution: .forced)
    #expect(
      problems == [
        .wrongColumnCount(score: 2, holds: 3, capacity: 4), .wrongColumnCount(score: 3, holds: 4, capacity: 3),
      ])
    #expect(problems.last?.description == "Column +3 holds 4 statements; it takes 3.")
    #expect(
      GridPlacementError.wrongColumnCount(score: 4, holds: 1, capacity: 2).description
        == "Column +4 holds 1 statement; it takes 2.")
    #expect(GridPlacement.problems(in: placements, statements: qSet, grid: poetqGrid, distribution: .free).isEmpty)
  }

  @Test("a statement outside the Q-set is named")
  func notInQSet() {
    var placements = validSort
    placements[41] = 0
    let problems = GridPlacement.problems(in: placements, statements: qSet, grid: poetqGrid, distribution: .free)
    #expect(problems == [.notInQSet(41)])
    #expect(problems.first?.description == "Statement 41 is not in the Q-set.")
  }

  @Test("a statement submitted twice is named")
  func placedTwice() {
    var entries = validSort.sorted { $0.key < $1.key }.map { PlacedStatement(statement: $0.key, score: $0.value) }
    entries.append(PlacedStatement(statement: 7, score: 4))
    let problems = GridPlacement.problems(in: entries, statements: qSet, grid: poetqGrid, distribution: .free)
    #expect(problems == [.placedMoreThanOnce(7)])
    #expect(problems.first?.description == "Statement 7 is placed more than once.")
    #expect(throws: GridPlacementError.placedMoreThanOnce(7)) {
      try GridPlacement.validate(entries, statements: qSet, grid: poetqGrid, distribution: .forced)
    }
  }

  @Test("a score outside the grid is refused for free distributions too, naming the range")
  func scoreOutsideGrid() {
    var placements = validSort
    placements[40] = 6
    let problems = GridPlacement.problems(in: placements, statements: qSet, grid: poetqGrid, distribution: .free)
    #expect(problems == [.scoreOutsideGrid(statement: 40, score: 6, minScore: -4, maxScore: 4)])
    #expect(problems.first?.description == "Statement 40 is placed at +6; the grid runs from -4 to +4.")
  }

  @Test("a score inside the range that is not a column is refused, naming the missing column")
  func noSuchColumn() throws {
    let grid = try SortGrid(columns: [.init(score: -1, capacity: 1), .init(score: 1, capacity: 1)])
    let problems = GridPlacement.problems(in: [1: 1, 2: 0], statements: [1, 2], grid: grid, distribution: .free)
    #expect(problems == [.noSuchColumn(statement: 2, score: 0)])
    #expect(problems.first?.description == "Statement 2 is placed at 0; the grid has no column 0.")
  }

  @Test("several problems come grouped: strangers, repeats, off-grid scores, missing statements, column counts")
  func problemOrder() throws {
    let grid = try SortGrid(minScore: -1, capacities: [1, 1, 1])
    let entries = [
      PlacedStatement(statement: 3, score: 5), PlacedStatement(statement: 9, score: 0),
      PlacedStatement(statement: 1, score: 1), PlacedStatement(statement: 1, score: 1),
    ]
    let problems = GridPlacement.problems(in: entries, statements: [1, 2, 3], grid: grid, distribution: .forced)
    #expect(
      problems == [
        .notInQSet(9), .placedMoreThanOnce(1), .scoreOutsideGrid(statement: 3, score: 5, minScore: -1, maxScore: 1),
        .notPlaced(2), .wrongColumnCount(score: -1, holds: 0, capacity: 1),
        .wrongColumnCount(score: 1, holds: 2, capacity: 1),
      ])
  }

  @Test("swap exchanges two statements' scores and keeps every column count")
  func swap() throws {
    let swapped = try GridPlacement.swapping(1, 40, in: validSort)
    #expect(swapped[1] == 4)
    #expect(swapped[40] == -4)
    #expect(swapped.filter { $0.key != 1 && $0.key != 40 } == validSort.filter { $0.key != 1 && $0.key != 40 })
    try GridPlacement.validate(swapped, statements: qSet, grid: poetqGrid, distribution: .forced)
    #expect(try GridPlacement.swapping(5, 5, in: validSort) == validSort)
    #expect(try GridPlacement.swapping(1, 2, in: validSort) == validSort)  // both at -4
  }

  @Test("every swap of a small valid sort stays valid")
  func everySwapStaysValid() throws {
    let grid = try SortGrid(minScore: -2, capacities: [1, 2, 3, 2, 1])
    let sort: [Int: Int] = [1: -2, 2: -1, 3: -1, 4: 0, 5: 0, 6: 0, 7: 1, 8: 1, 9: 2]
    var swaps = 0
    for first in 1...9 {
      for second in 1...9 {
        let swapped = try GridPlacement.swapping(first, second, in: sort)
        #expect(swapped[first] == sort[second] && swapped[second] == sort[first])
        #expect(
          GridPlacement.problems(in: swapped, statements: Array(1...9), grid: grid, distribution: .forced).isEmpty)
        swaps += 1
      }
    }
    #expect(swaps == 81)
  }

  @Test("swapping a statement that is not placed is refused, naming it")
  func swapUnplaced() {
    #expect(throws: GridPlacementError.notPlaced(41)) { try GridPlacement.swapping(41, 1, in: validSort) }
    #expect(throws: GridPlacementError.notPlaced(42)) { try GridPlacement.swapping(1, 42, in: validSort) }
    #expect(GridPlacementError.notPlaced(42).localizedDescription == "Statement 42 is not placed.")
  }
}
