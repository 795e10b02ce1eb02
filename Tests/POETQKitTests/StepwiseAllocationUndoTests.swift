import Foundation
import POETQKit
import Testing

@Suite("Stepwise ranking: undo, replay and storage")
struct StepwiseAllocationUndoTests {
  let poetqGrid = try! SortGrid(minScore: -4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])
  let fittingPiles = PresortPiles(agree: Array(1...15), neutral: Array(16...25), disagree: Array(26...40))

  @Test("undo takes back the last choice and the automatic fills after it; its step is pending again")
  func undoTakesBackAutomaticFills() throws {
    let start = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles)
    let beforeThirdChoice = try start.choosing([1, 2]).choosing([3, 4, 5])
    let afterThirdChoice = try beforeThirdChoice.choosing([6, 7, 8, 9])
    #expect(afterThirdChoice.fills.contains { $0.score == 1 })

    let undone = try afterThirdChoice.undoingLastChoice()
    #expect(undone == beforeThirdChoice)
    #expect(undone.nextStep == .choose(score: 2, count: 4, candidates: Array(6...15), pile: .agree))
    #expect(!undone.fills.contains { $0.score == 1 })
    #expect(undone.placements[10] == nil)
  }

  @Test("undo all the way back reaches the start; one more undo is refused")
  func undoToTheStart() throws {
    let start = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles)
    var ranking = try start.choosing([1, 2]).choosing([3, 4, 5]).choosing([6, 7, 8, 9]).choosing([40, 39])
    var undos = 0
    while ranking.canUndo {
      ranking = try ranking.undoingLastChoice()
      undos += 1
    }
    #expect(undos == 4)
    #expect(ranking == start)
    #expect(ranking.nextStep == start.nextStep)
    #expect(throws: StepwiseAllocationError.nothingToUndo) { try ranking.undoingLastChoice() }
  }

  @Test("after undo a different choice is accepted and leads where it should")
  func undoThenChooseDifferently() throws {
    let ranking = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles).choosing([1, 2])
    let redone = try ranking.undoingLastChoice().choosing([14, 15])
    #expect(redone.choices == [[14, 15]])
    #expect(redone.placements == [14: 4, 15: 4])
    #expect(redone.nextStep == .choose(score: 3, count: 3, candidates: Array(1...13), pile: .agree))
  }

  @Test("the stored form is the grid, the piles and the choices, and it resumes at the same step")
  func codableRoundTrip() throws {
    let ranking = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles).choosing([1, 2]).choosing([3, 4, 5])
    let data = try JSONEncoder().encode(ranking)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(Set(object.keys) == ["grid", "piles", "choices"])

    let decoded = try JSONDecoder().decode(StepwiseAllocation.self, from: data)
    #expect(decoded == ranking)
    #expect(decoded.nextStep == ranking.nextStep)
    #expect(decoded.fills == ranking.fills)
    #expect(try decoded.choosing([6, 7, 8, 9]) == ranking.choosing([6, 7, 8, 9]))
  }

  @Test("a stored ranking whose choices do not replay is refused on decoding, naming the problem")
  func tamperedStorageRefused() throws {
    let ranking = try StepwiseAllocation(grid: poetqGrid, piles: fittingPiles).choosing([1, 2])
    let json = try #require(String(data: JSONEncoder().encode(ranking), encoding: .utf8))
    let tampered = json.replacingOccurrences(of: "[[1,2]]", with: "[[1,40]]")
    #expect(tampered != json)
    do {
      _ = try JSONDecoder().decode(StepwiseAllocation.self, from: Data(tampered.utf8))
      Issue.record("a choice of a disagree statement for +4 was accepted from storage")
    } catch let DecodingError.dataCorrupted(context) {
      #expect(context.debugDescription.contains("Statement 40 is not one of the statements to choose from"))
    }
  }

  @Test("steps and fills round-trip through JSON")
  func stepsAndFillsRoundTrip() throws {
    let values: [StepwiseStep] = [
      .choose(score: -2, count: 3, candidates: [5, 1, 9, 4], pile: .neutral),
      .finished(placements: [1: -1, 2: 0, 3: 1]),
    ]
    #expect(try JSONDecoder().decode([StepwiseStep].self, from: JSONEncoder().encode(values)) == values)
    let fill = StepwiseFill(score: 1, statements: [3, 2], pile: .agree, origin: .automatic)
    #expect(try JSONDecoder().decode(StepwiseFill.self, from: JSONEncoder().encode(fill)) == fill)
  }
}
