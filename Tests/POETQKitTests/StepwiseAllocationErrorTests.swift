import Foundation
import POETQKit
import Testing

@Suite("Stepwise ranking: refused starts and choices")
struct StepwiseAllocationErrorTests {
  let poetqGrid = try! SortGrid(minScore: -4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])
  let fittingPiles = PresortPiles(agree: Array(1...15), neutral: Array(16...25), disagree: Array(26...40))

  @Test("too few or too many chosen: names the column and both counts")
  func wrongCount() throws {
    let ranking = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles)
    #expect(throws: StepwiseAllocationError.wrongCount(score: 4, expected: 2, chosen: 1)) { try ranking.choosing([1]) }
    #expect(
      StepwiseAllocationError.wrongCount(score: 4, expected: 2, chosen: 1).description
        == "Choose 2 statements for column +4; 1 was chosen.")
    #expect(throws: StepwiseAllocationError.wrongCount(score: 4, expected: 2, chosen: 3)) {
      try ranking.choosing([1, 2, 3])
    }
    #expect(
      StepwiseAllocationError.wrongCount(score: -3, expected: 1, chosen: 0).description
        == "Choose 1 statement for column -3; 0 were chosen.")
  }

  @Test("a statement that is not a candidate: names the statement and the column")
  func notACandidate() throws {
    let ranking = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles)
    #expect(throws: StepwiseAllocationError.notACandidate(statement: 40, score: 4)) { try ranking.choosing([1, 40]) }
    #expect(throws: StepwiseAllocationError.notACandidate(statement: 99, score: 4)) { try ranking.choosing([99, 1]) }
    #expect(
      StepwiseAllocationError.notACandidate(statement: 40, score: 4).description
        == "Statement 40 is not one of the statements to choose from for column +4.")
    let afterFirst = try ranking.choosing([1, 2])
    #expect(throws: StepwiseAllocationError.notACandidate(statement: 1, score: 3)) {
      try afterFirst.choosing([1, 3, 4])
    }
  }

  @Test("a statement chosen twice: names it, even when the count would otherwise be right")
  func chosenTwice() throws {
    let ranking = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles)
    #expect(throws: StepwiseAllocationError.chosenTwice(7)) { try ranking.choosing([7, 7]) }
    #expect(StepwiseAllocationError.chosenTwice(7).description == "Statement 7 was chosen twice.")
  }

  @Test("a refused choice leaves the ranking as it was")
  func refusedChoiceChangesNothing() throws {
    let ranking = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles)
    let before = ranking.nextStep
    _ = try? ranking.choosing([1, 40])
    #expect(ranking.nextStep == before)
    #expect(ranking.choices.isEmpty)
    #expect(try ranking.choosing([1, 2]).choices == [[1, 2]])
  }

  @Test("choosing after the grid is full, or undoing before any choice, is refused with a sentence")
  func finishedAndNothingToUndo() throws {
    let grid = try SortGrid(minScore: -1, capacities: [1, 1, 1])
    let finished = try StepwiseAllocation(grid: grid, piles: PresortPiles(agree: [1], neutral: [2], disagree: [3]))
    #expect(finished.isFinished)
    #expect(throws: StepwiseAllocationError.alreadyFinished) { try finished.choosing([1]) }
    #expect(throws: StepwiseAllocationError.nothingToUndo) { try finished.undoingLastChoice() }
    #expect(
      StepwiseAllocationError.alreadyFinished.description
        == "Every statement is already placed; there is nothing left to choose.")
    #expect(
      StepwiseAllocationError.nothingToUndo.description
        == "No choice has been made yet, so there is nothing to undo.")
  }

  @Test("a grid that does not hold the presorted statements is refused")
  func gridDoesNotFit() {
    let piles = PresortPiles(agree: Array(1...15), neutral: Array(16...24), disagree: Array(26...40))
    #expect(throws: StepwiseAllocationError.gridDoesNotFitStatements(gridCapacity: 40, statementCount: 39)) {
      try StepwiseAllocation(grid: poetqGrid, piles: piles)
    }
    #expect(
      StepwiseAllocationError.gridDoesNotFitStatements(gridCapacity: 40, statementCount: 39).description
        == "The grid has 40 places but 39 statements were presorted.")
  }

  @Test("a statement in two piles is refused")
  func statementInTwoPiles() {
    let piles = PresortPiles(agree: Array(1...15), neutral: Array(15...24), disagree: Array(26...40))
    #expect(throws: StepwiseAllocationError.statementSortedTwice(15)) {
      try StepwiseAllocation(grid: poetqGrid, piles: piles)
    }
    #expect(
      StepwiseAllocationError.statementSortedTwice(15).description
        == "Statement 15 is in the presort piles more than once.")
  }

  @Test("stored choices that do not replay: names the choice and why")
  func storedChoiceRejected() throws {
    let expected = StepwiseAllocationError.storedChoiceRejected(
      index: 1, reason: .notACandidate(statement: 99, score: 3))
    #expect(throws: expected) {
      try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles, choices: [[1, 2], [99, 3, 4]])
    }
    #expect(
      expected.description
        == "Stored choice 2 cannot be replayed: Statement 99 is not one of the statements to choose from for column +3."
    )
  }

  @Test("localizedDescription is the same sentence")
  func localizedDescription() {
    let error: any Error = StepwiseAllocationError.chosenTwice(3)
    #expect(error.localizedDescription == "Statement 3 was chosen twice.")
  }
}
