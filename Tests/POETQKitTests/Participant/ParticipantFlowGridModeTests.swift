import Foundation
import POETQKit
import Testing

@Suite("Participant flow: grid mode (direct placement)")
struct ParticipantFlowGridModeTests {
  let forced = FlowFixture.design(method: .grid)
  let free = FlowFixture.design(distribution: .free, method: .grid)

  /// A driver on the placing stage of `design`, the presort done.
  func placing(_ design: FlowDesign) throws -> FlowDriver {
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run(.proceed)
    return driver
  }

  @Test("going on from the presort in grid mode leads to placing, with nothing placed")
  func presortToPlacing() throws {
    let driver = try placing(forced)
    #expect(driver.flow.stage == .placing)
    #expect(driver.flow.placements.isEmpty)
    #expect(driver.flow.timestamps["placing"] == moment(10))
    #expect(driver.flow.timestamps["ranking"] == nil)
    #expect(throws: FlowError.notNow(.placing)) { try driver.trying(.choose([5])) }
  }

  @Test("placing puts a statement into a column, moves it, and takes it back to its pile")
  func placeAndUnplace() throws {
    var driver = try placing(forced)
    try driver.run(.place(statement: 5, score: 2))
    #expect(driver.flow.placements == [5: 2])
    try driver.run(.place(statement: 5, score: -1))
    #expect(driver.flow.placements == [5: -1])
    try driver.run(.place(statement: 8, score: -1))
    #expect(driver.flow.placements == [5: -1, 8: -1])
    try driver.run(.place(statement: 5, score: nil))
    #expect(driver.flow.placements == [8: -1])
    try driver.run(.place(statement: 5, score: nil))
    #expect(driver.flow.placements == [8: -1], "taking back a statement in its pile changes nothing")
    #expect(driver.flow.stage == .placing)
  }

  @Test("forced: a full column refuses another statement, with its score and capacity")
  func forcedColumnFull() throws {
    var driver = try placing(forced)
    try driver.run([.place(statement: 5, score: 2), .place(statement: 8, score: 1), .place(statement: 1, score: 1)])
    #expect(throws: FlowError.columnFull(score: 2, capacity: 1)) { try driver.trying(.place(statement: 8, score: 2)) }
    #expect(throws: FlowError.columnFull(score: 1, capacity: 2)) { try driver.trying(.place(statement: 3, score: 1)) }
    try driver.run(.place(statement: 5, score: 2))
    #expect(driver.flow.placements == [5: 2, 8: 1, 1: 1], "a statement put again where it is stays there")
    try driver.run(.place(statement: 5, score: nil))
    try driver.run(.place(statement: 8, score: 2))
    #expect(driver.flow.placements == [8: 2, 1: 1], "moving out makes room")
    try driver.run(.place(statement: 3, score: 1))
    #expect(driver.flow.placements == [8: 2, 1: 1, 3: 1])
  }

  @Test("forced: a column of capacity 0 takes nothing; free: it takes statements like any other")
  func emptyColumn() throws {
    let grid = try SortGrid(minScore: -1, capacities: [2, 0, 1])
    var forcedDriver = FlowDriver(
      design: FlowFixture.design(grid: grid, statements: [1, 2, 3], method: .grid), presortOrder: [1, 2, 3])
    try forcedDriver.presortAll([1: .agree, 2: .neutral, 3: .disagree])
    try forcedDriver.run(.proceed)
    #expect(throws: FlowError.columnFull(score: 0, capacity: 0)) {
      try forcedDriver.trying(.place(statement: 2, score: 0))
    }
    var freeDriver = FlowDriver(
      design: FlowFixture.design(grid: grid, statements: [1, 2, 3], distribution: .free, method: .grid),
      presortOrder: [1, 2, 3])
    try freeDriver.presortAll([1: .agree, 2: .neutral, 3: .disagree])
    try freeDriver.run(.proceed)
    try freeDriver.run([.place(statement: 1, score: 0), .place(statement: 2, score: 0), .place(statement: 3, score: 0)])
    try freeDriver.run(.proceed)
    #expect(freeDriver.flow.stage == .review)
    #expect(freeDriver.flow.placements == [1: 0, 2: 0, 3: 0])
  }

  @Test("free: a column may hold more than its capacity, and a complete overfull grid goes on to review")
  func freeOverfull() throws {
    var driver = try placing(free)
    for statement in FlowFixture.statements {
      try driver.run(.place(statement: statement, score: 2))
    }
    #expect(driver.flow.placements.count == 9)
    #expect(driver.flow.placements.values.allSatisfy { $0 == 2 })
    try driver.run(.proceed)
    #expect(driver.flow.stage == .review)
    try driver.run(.proceed)
    #expect(driver.flow.stage == .submitted)
  }

  @Test("a statement outside the Q-set or a score that is not a column is refused, forced or free")
  func unknownStatementOrColumn() throws {
    for design in [forced, free] {
      let driver = try placing(design)
      #expect(throws: FlowError.unknownStatement(42)) { try driver.trying(.place(statement: 42, score: 0)) }
      #expect(throws: FlowError.unknownStatement(42)) { try driver.trying(.place(statement: 42, score: nil)) }
      #expect(throws: FlowError.unknownStatement(42), "the statement is checked first") {
        try driver.trying(.place(statement: 42, score: 7))
      }
      #expect(throws: FlowError.unknownColumn(3)) { try driver.trying(.place(statement: 5, score: 3)) }
      #expect(throws: FlowError.unknownColumn(-3)) { try driver.trying(.place(statement: 5, score: -3)) }
    }
    let gapped = try SortGrid(columns: [.init(score: -1, capacity: 1), .init(score: 1, capacity: 1)])
    var driver = FlowDriver(
      design: FlowFixture.design(grid: gapped, statements: [1, 2], distribution: .free, method: .grid),
      presortOrder: [2, 1])
    try driver.presortAll([1: .agree, 2: .disagree])
    try driver.run(.proceed)
    #expect(throws: FlowError.unknownColumn(0), "within the range but not a column") {
      try driver.trying(.place(statement: 1, score: 0))
    }
  }

  @Test("going on from placing is refused with every problem of the grid, forced or free")
  func incompleteGrid() throws {
    var driver = try placing(forced)
    let empty = driver.flow
    #expect(
      throws: FlowError.gridIncomplete(
        FlowFixture.statements.map { .notPlaced($0) }
          + FlowFixture.smallGrid.columns.map { .wrongColumnCount(score: $0.score, holds: 0, capacity: $0.capacity) })
    ) { try driver.trying(.proceed) }
    // -2: 1; -1: 2, 3; 0: 4, 5, 6; +1: 7; +2: nothing; 8 and 9 in their piles.
    try driver.fillGrid(Array(1...7))
    let expected: [GridPlacementError] = [
      .notPlaced(8), .notPlaced(9), .wrongColumnCount(score: 1, holds: 1, capacity: 2),
      .wrongColumnCount(score: 2, holds: 0, capacity: 1),
    ]
    #expect(
      GridPlacement.problems(
        in: driver.flow.placements, statements: forced.statements, grid: forced.grid, distribution: .forced)
        == expected)
    let partial = driver.flow
    #expect(throws: FlowError.gridIncomplete(expected)) { try driver.trying(.proceed) }
    #expect(driver.flow == partial)
    #expect(driver.flow.stage == .placing)
    #expect(empty.placements.isEmpty)

    var freeDriver = try placing(free)
    try freeDriver.fillGrid(Array(1...7))
    #expect(throws: FlowError.gridIncomplete([.notPlaced(8), .notPlaced(9)])) { try freeDriver.trying(.proceed) }

    try driver.run([.place(statement: 8, score: 1), .place(statement: 9, score: 2), .proceed])
    #expect(driver.flow.stage == .review)
    #expect(driver.flow.timestamps["review"] == moment(driver.clock))
  }

  @Test("review in grid mode swaps and goes back to placing, placements kept; placing goes back to the presort")
  func backAndForth() throws {
    var driver = try placing(forced)
    try driver.fillGrid(FlowFixture.presortOrder)  // -2: 5; -1: 2, 8; 0: 1, 9, 3; +1: 7, 4; +2: 6
    try driver.run(.proceed)
    #expect(driver.flow.stage == .review)
    let reviewEntered = try #require(driver.flow.timestamps["review"])
    try driver.run(.swap(5, 6))
    #expect(driver.flow.placements[5] == 2)
    #expect(driver.flow.placements[6] == -2)
    #expect(throws: FlowError.notNow(.review)) { try driver.trying(.place(statement: 5, score: 1)) }

    try driver.run(.back)
    #expect(driver.flow.stage == .placing)
    #expect(driver.flow.placements == [6: -2, 2: -1, 8: -1, 1: 0, 9: 0, 3: 0, 7: 1, 4: 1, 5: 2])
    try driver.run([.place(statement: 5, score: nil), .place(statement: 7, score: 2)])
    #expect(throws: FlowError.gridIncomplete([.notPlaced(5), .wrongColumnCount(score: 1, holds: 1, capacity: 2)])) {
      try driver.trying(.proceed)
    }
    try driver.run([.place(statement: 5, score: 1), .proceed])
    #expect(driver.flow.stage == .review)
    #expect(driver.flow.timestamps["review"] == reviewEntered, "the first entry is kept")

    try driver.run([.back, .back])
    #expect(driver.flow.stage == .presort)
    #expect(driver.flow.placements.count == 9, "the placements wait while the presort is looked at")
    #expect(throws: FlowError.cannotGoBack) { try driver.trying(.back) }
    try driver.run(.proceed)
    #expect(driver.flow.stage == .placing)
    #expect(driver.flow.placements.count == 9)

    try driver.run([.back, .undoPresort])
    #expect(driver.flow.placements.isEmpty, "a changed presort clears the grid")
    #expect(driver.flow.nextInPresort == 6)
  }

  @Test("a confirmed grid-mode review records the grid confirmation and submits when it is the last stage")
  func gridModeConfirm() throws {
    var driver = try placing(forced)
    try driver.fillGrid(FlowFixture.presortOrder)
    try driver.run(.proceed)
    try driver.run(.proceed)
    #expect(driver.flow.stage == .submitted)
    #expect(driver.flow.timestamps[ParticipantFlow.gridConfirmedKey] == moment(driver.clock))
    #expect(driver.flow.timestamps["submitted"] == moment(driver.clock))
    #expect(driver.flow.sortTime == driver.clock)
  }
}
