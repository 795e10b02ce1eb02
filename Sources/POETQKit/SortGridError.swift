import Foundation

/// Why a set of columns is not a grid. Every message names the column.
public enum SortGridError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
  /// The grid has no columns at all.
  case noColumns
  /// Two columns have the same score.
  case duplicateScore(Int)
  /// A column's capacity is below zero.
  case negativeCapacity(score: Int, capacity: Int)

  /// A sentence a researcher can act on.
  public var description: String {
    switch self {
    case .noColumns:
      return "The grid has no columns."
    case .duplicateScore(let score):
      return "The grid has two columns for score \(SortGrid.label(ofScore: score))."
    case .negativeCapacity(let score, let capacity):
      return "Column \(SortGrid.label(ofScore: score)) has a negative capacity (\(capacity))."
    }
  }

  /// The same sentence, for `localizedDescription`.
  public var errorDescription: String? { description }
}
