import Foundation

/// Why a stepwise ranking cannot start or a choice cannot be accepted. Every message names the
/// statement or the column so the page can show it as it is.
public enum StepwiseAllocationError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
  /// The grid's places and the presorted statements differ in number.
  case gridDoesNotFitStatements(gridCapacity: Int, statementCount: Int)
  /// A statement is in the presort piles more than once.
  case statementSortedTwice(Int)
  /// The choice names a statement twice.
  case chosenTwice(Int)
  /// The choice names a statement that is not among the step's candidates.
  case notACandidate(statement: Int, score: Int)
  /// The choice has a different number of statements than the step asks for.
  case wrongCount(score: Int, expected: Int, chosen: Int)
  /// A choice was made after every statement was placed.
  case alreadyFinished
  /// Undo was asked for before any choice was made.
  case nothingToUndo
  /// A stored list of choices does not replay: choice `index` (0-based) was refused for `reason`.
  indirect case storedChoiceRejected(index: Int, reason: StepwiseAllocationError)

  /// A sentence a participant or researcher can act on.
  public var description: String {
    switch self {
    case .gridDoesNotFitStatements(let gridCapacity, let statementCount):
      return "The grid has \(places(gridCapacity)) but \(statements(statementCount)) were presorted."
    case .statementSortedTwice(let statement):
      return "Statement \(statement) is in the presort piles more than once."
    case .chosenTwice(let statement):
      return "Statement \(statement) was chosen twice."
    case .notACandidate(let statement, let score):
      return "Statement \(statement) is not one of the statements to choose from for column "
        + "\(SortGrid.label(ofScore: score))."
    case .wrongCount(let score, let expected, let chosen):
      return "Choose \(statements(expected)) for column \(SortGrid.label(ofScore: score)); \(chosen) "
        + "\(chosen == 1 ? "was" : "were") chosen."
    case .alreadyFinished:
      return "Every statement is already placed; there is nothing left to choose."
    case .nothingToUndo:
      return "No choice has been made yet, so there is nothing to undo."
    case .storedChoiceRejected(let index, let reason):
      return "Stored choice \(index + 1) cannot be replayed: \(reason.description)"
    }
  }

  /// The same sentence, for `localizedDescription`.
  public var errorDescription: String? { description }

  private func statements(_ count: Int) -> String { count == 1 ? "1 statement" : "\(count) statements" }
  private func places(_ count: Int) -> String { count == 1 ? "1 place" : "\(count) places" }
}
