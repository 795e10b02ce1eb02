import Foundation

/// Why a final sort is not acceptable. Every message names the statement or the column.
public enum GridPlacementError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
  /// A placed statement is not in the study's Q-set.
  case notInQSet(Int)
  /// A statement is placed more than once.
  case placedMoreThanOnce(Int)
  /// A statement of the Q-set has no place.
  case notPlaced(Int)
  /// A statement's score lies outside the grid's range.
  case scoreOutsideGrid(statement: Int, score: Int, minScore: Int, maxScore: Int)
  /// A statement's score lies within the range but the grid has no column for it.
  case noSuchColumn(statement: Int, score: Int)
  /// A column of a forced distribution holds a different number of statements than its capacity.
  case wrongColumnCount(score: Int, holds: Int, capacity: Int)

  /// The statement the problem is about, if it is about one statement.
  public var statement: Int? {
    switch self {
    case .notInQSet(let statement), .placedMoreThanOnce(let statement), .notPlaced(let statement),
      .scoreOutsideGrid(let statement, _, _, _), .noSuchColumn(let statement, _):
      return statement
    case .wrongColumnCount:
      return nil
    }
  }

  /// A sentence a participant or researcher can act on.
  public var description: String {
    switch self {
    case .notInQSet(let statement):
      return "Statement \(statement) is not in the Q-set."
    case .placedMoreThanOnce(let statement):
      return "Statement \(statement) is placed more than once."
    case .notPlaced(let statement):
      return "Statement \(statement) is not placed."
    case .scoreOutsideGrid(let statement, let score, let minScore, let maxScore):
      return "Statement \(statement) is placed at \(label(score)); the grid runs from \(label(minScore)) "
        + "to \(label(maxScore))."
    case .noSuchColumn(let statement, let score):
      return "Statement \(statement) is placed at \(label(score)); the grid has no column \(label(score))."
    case .wrongColumnCount(let score, let holds, let capacity):
      return "Column \(label(score)) holds \(holds) \(holds == 1 ? "statement" : "statements"); it takes \(capacity)."
    }
  }

  /// The same sentence, for `localizedDescription`.
  public var errorDescription: String? { description }

  private func label(_ score: Int) -> String { SortGrid.label(ofScore: score) }
}
