import Foundation
import POETQKit
import Testing

@Suite("Stepwise ranking, step by step")
struct StepwiseAllocationTests {
  let poetqGrid = try! SortGrid(minScore: -4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])
  /// Statements 1–15 agree, 16–25 neutral, 26–40 disagree: each pile fits its side exactly.
  let fittingPiles = PresortPiles(agree: Array(1...15), neutral: Array(16...25), disagree: Array(26...40))

  @Test("POETQ grid, piles that fit their sides: six choices; -1, +1 and the middle placed without asking")
  func poetqWalkThrough() throws {
    var ranking = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles)
    #expect(ranking.nextStep == .choose(score: 4, count: 2, candidates: Array(1...15), pile: .agree))
    #expect(ranking.automaticFillsSinceLastChoice.isEmpty)
    ranking = try ranking.choosing([3, 1])
    #expect(ranking.nextStep == .choose(score: 3, count: 3, candidates: [2] + Array(4...15), pile: .agree))
    ranking = try ranking.choosing([2, 4, 5])
    #expect(ranking.nextStep == .choose(score: 2, count: 4, candidates: Array(6...15), pile: .agree))
    ranking = try ranking.choosing([6, 7, 8, 9])
    #expect(
      ranking.automaticFillsSinceLastChoice == [
        StepwiseFill(score: 1, statements: Array(10...15), pile: .agree, origin: .automatic)
      ])
    #expect(ranking.nextStep == .choose(score: -4, count: 2, candidates: Array(26...40), pile: .disagree))
    ranking = try ranking.choosing([40, 39])
    #expect(ranking.nextStep == .choose(score: -3, count: 3, candidates: Array(26...38), pile: .disagree))
    ranking = try ranking.choosing([38, 37, 36])
    #expect(ranking.nextStep == .choose(score: -2, count: 4, candidates: Array(26...35), pile: .disagree))
    ranking = try ranking.choosing([35, 34, 33, 32])
    #expect(
      ranking.automaticFillsSinceLastChoice == [
        StepwiseFill(score: -1, statements: Array(26...31), pile: .disagree, origin: .automatic),
        StepwiseFill(score: 0, statements: Array(16...25), pile: .neutral, origin: .automatic),
      ])

    var expected: [Int: Int] = [1: 4, 3: 4, 2: 3, 4: 3, 5: 3, 40: -4, 39: -4, 38: -3, 37: -3, 36: -3]
    for statement in 6...9 { expected[statement] = 2 }
    for statement in 10...15 { expected[statement] = 1 }
    for statement in 16...25 { expected[statement] = 0 }
    for statement in 26...31 { expected[statement] = -1 }
    for statement in 32...35 { expected[statement] = -2 }
    #expect(ranking.nextStep == .finished(placements: expected))
    #expect(ranking.isFinished)
    #expect(ranking.choices == [[3, 1], [2, 4, 5], [6, 7, 8, 9], [40, 39], [38, 37, 36], [35, 34, 33, 32]])
    #expect(ranking.remainingPiles == PresortPiles())
  }

  @Test("a pile that partly covers a column goes in without asking; the rest is chosen from the next pile")
  func partlyCoveredColumn() throws {
    // -2…+2 holding 1,1,2,3,2: +2 takes 2 of the 3 agree statements, so 1 is left when +1 (3) opens.
    let grid = try SortGrid(minScore: -2, capacities: [1, 1, 2, 3, 2])
    let piles = PresortPiles(agree: [1, 2, 3], neutral: [4, 5, 6, 7], disagree: [8, 9])
    var ranking = try StepwiseAllocation(grid: grid, piles: piles)
    #expect(ranking.nextStep == .choose(score: 2, count: 2, candidates: [1, 2, 3], pile: .agree))
    ranking = try ranking.choosing([1, 2])
    #expect(
      ranking.automaticFillsSinceLastChoice == [
        StepwiseFill(score: 1, statements: [3], pile: .agree, origin: .automatic)
      ])
    #expect(ranking.nextStep == .choose(score: 1, count: 2, candidates: [4, 5, 6, 7], pile: .neutral))
    ranking = try ranking.choosing([7, 5])
    #expect(ranking.nextStep == .choose(score: -2, count: 1, candidates: [8, 9], pile: .disagree))
    ranking = try ranking.choosing([9])
    #expect(
      ranking.automaticFillsSinceLastChoice == [
        StepwiseFill(score: -1, statements: [8], pile: .disagree, origin: .automatic),
        StepwiseFill(score: 0, statements: [4, 6], pile: .neutral, origin: .automatic),
      ])
    #expect(ranking.nextStep == .finished(placements: [1: 2, 2: 2, 3: 1, 7: 1, 5: 1, 9: -2, 8: -1, 4: 0, 6: 0]))
  }

  @Test("an empty agree pile: the positive side is chosen from the neutral pile")
  func emptyAgreePile() throws {
    let grid = try SortGrid(minScore: -1, capacities: [1, 1, 1])
    let ranking = try StepwiseAllocation(grid: grid, piles: PresortPiles(neutral: [1, 2], disagree: [3]))
    #expect(ranking.nextStep == .choose(score: 1, count: 1, candidates: [1, 2], pile: .neutral))
    let finished = try ranking.choosing([2])
    #expect(finished.nextStep == .finished(placements: [2: 1, 3: -1, 1: 0]))
  }

  @Test("only disagree statements: the participant ranks them from the top, agree side first")
  func onlyDisagreeStatements() throws {
    let grid = try SortGrid(minScore: -1, capacities: [1, 1, 1])
    var ranking = try StepwiseAllocation(grid: grid, piles: PresortPiles(disagree: [1, 2, 3]))
    #expect(ranking.nextStep == .choose(score: 1, count: 1, candidates: [1, 2, 3], pile: .disagree))
    ranking = try ranking.choosing([1])
    #expect(ranking.nextStep == .choose(score: -1, count: 1, candidates: [2, 3], pile: .disagree))
    ranking = try ranking.choosing([3])
    #expect(ranking.nextStep == .finished(placements: [1: 1, 3: -1, 2: 0]))
  }

  @Test("a pile that exactly fills the first column is placed before any choice, and reported")
  func automaticBeforeTheFirstChoice() throws {
    let piles = PresortPiles(agree: [1, 2], neutral: Array(3...25), disagree: Array(26...40))
    let ranking = try StepwiseAllocation(grid: poetqGrid, piles: piles)
    #expect(
      ranking.automaticFillsSinceLastChoice == [
        StepwiseFill(score: 4, statements: [1, 2], pile: .agree, origin: .automatic)
      ])
    #expect(ranking.nextStep == .choose(score: 3, count: 3, candidates: Array(3...25), pile: .neutral))
    #expect(!ranking.canUndo)
  }

  @Test("a one-column grid is filled without a single choice, one automatic fill per pile")
  func oneColumnGrid() throws {
    for score in [0, 2, -3] {
      let grid = try SortGrid(columns: [SortGrid.Column(score: score, capacity: 3)])
      let ranking = try StepwiseAllocation(grid: grid, piles: PresortPiles(agree: [1], neutral: [2], disagree: [3]))
      #expect(ranking.nextStep == .finished(placements: [1: score, 2: score, 3: score]))
      #expect(ranking.fills.map(\.origin) == [.automatic, .automatic, .automatic])
      #expect(
        ranking.fills.map(\.pile) == (score < 0 ? [.disagree, .neutral, .agree] : [.agree, .neutral, .disagree]))
    }
  }

  @Test("no statements: finished from the start")
  func noStatements() throws {
    let grid = try SortGrid(minScore: -1, capacities: [0, 0, 0])
    let ranking = try StepwiseAllocation(grid: grid, piles: PresortPiles())
    #expect(ranking.nextStep == .finished(placements: [:]))
    #expect(ranking.fills.isEmpty)
  }

  @Test("a grid without a 0 column: the innermost negative column is filled last, from what is left")
  func gridWithoutZero() throws {
    let grid = try SortGrid(columns: [
      .init(score: -2, capacity: 1), .init(score: -1, capacity: 2), .init(score: 1, capacity: 2),
      .init(score: 2, capacity: 1),
    ])
    var ranking = try StepwiseAllocation(
      grid: grid, piles: PresortPiles(agree: [1, 2], neutral: [3], disagree: [4, 5, 6]))
    #expect(ranking.nextStep == .choose(score: 2, count: 1, candidates: [1, 2], pile: .agree))
    ranking = try ranking.choosing([2])
    #expect(
      ranking.automaticFillsSinceLastChoice == [
        StepwiseFill(score: 1, statements: [1], pile: .agree, origin: .automatic),
        StepwiseFill(score: 1, statements: [3], pile: .neutral, origin: .automatic),
      ])
    #expect(ranking.nextStep == .choose(score: -2, count: 1, candidates: [4, 5, 6], pile: .disagree))
    ranking = try ranking.choosing([5])
    #expect(ranking.fills.last == StepwiseFill(score: -1, statements: [4, 6], pile: .disagree, origin: .automatic))
    #expect(ranking.nextStep == .finished(placements: [2: 2, 1: 1, 3: 1, 5: -2, 4: -1, 6: -1]))
  }

  @Test("a grid entirely above 0 is filled from the top: agree, then neutral, then disagree")
  func gridEntirelyPositive() throws {
    let grid = try SortGrid(minScore: 1, capacities: [1, 1, 1])
    let ranking = try StepwiseAllocation(grid: grid, piles: PresortPiles(agree: [1, 2], neutral: [3]))
    #expect(ranking.nextStep == .choose(score: 3, count: 1, candidates: [1, 2], pile: .agree))
    #expect(try ranking.choosing([1]).nextStep == .finished(placements: [1: 3, 2: 2, 3: 1]))
  }

  @Test("columns of capacity 0 are never asked about")
  func zeroCapacityColumnsSkipped() throws {
    let grid = try SortGrid(minScore: -3, capacities: [0, 2, 1, 2, 1, 2, 0])
    var ranking = try StepwiseAllocation(
      grid: grid, piles: PresortPiles(agree: [1, 2, 3], neutral: [4, 8], disagree: [5, 6, 7]))
    #expect(ranking.nextStep == .choose(score: 2, count: 2, candidates: [1, 2, 3], pile: .agree))
    ranking = try ranking.choosing([1, 2])
    ranking = try ranking.choosing([5, 6])
    #expect(ranking.isFinished)
    #expect(!ranking.fills.contains { abs($0.score) == 3 })
    #expect(ranking.placements.values.allSatisfy { abs($0) <= 2 })
  }

  @Test("an asymmetric grid: the short negative side is filled from the disagree pile, the rest from the middle")
  func asymmetricGrid() throws {
    let grid = try SortGrid(minScore: -1, capacities: [2, 1, 1, 1, 1])
    let piles = PresortPiles(agree: [1, 2, 3], neutral: [4], disagree: [5, 6])
    var ranking = try StepwiseAllocation(grid: grid, piles: piles)
    #expect(ranking.nextStep == .choose(score: 3, count: 1, candidates: [1, 2, 3], pile: .agree))
    ranking = try ranking.choosing([3])
    #expect(ranking.nextStep == .choose(score: 2, count: 1, candidates: [1, 2], pile: .agree))
    ranking = try ranking.choosing([1])
    #expect(ranking.nextStep == .finished(placements: [3: 3, 1: 2, 2: 1, 5: -1, 6: -1, 4: 0]))
  }
}
