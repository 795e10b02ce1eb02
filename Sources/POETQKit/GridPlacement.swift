import Foundation

/// A statement and the score it was placed at, as a submitted sort lists them.
public struct PlacedStatement: Sendable, Hashable, Codable {
  /// The statement id.
  public var statement: Int
  /// The score (grid column) it was placed at.
  public var score: Int

  /// Creates an entry.
  public init(statement: Int, score: Int) {
    self.statement = statement
    self.score = score
  }
}

/// The checks a final sort must pass before the server accepts it (SPEC §4: "a complete placement
/// that matches the distribution (or, for free distributions, the score range)"), and the swap of
/// the review step.
///
/// A sort passes when every statement of the Q-set is placed exactly once, nothing else is placed,
/// every score is one of the grid's columns, and, for a forced distribution, every column holds
/// exactly its capacity. For a free distribution the capacities do not apply; the scores must still
/// be columns of the grid (for the usual contiguous grid that is the range min…max; a grid that
/// skips a score has no column to show a statement placed there in).
public enum GridPlacement {
  /// Every reason `entries` is not an acceptable final sort; empty when it is.
  ///
  /// The problems come grouped, each group in ascending order of statement or score: statements not
  /// in the Q-set, statements placed more than once, scores that are not columns, statements not
  /// placed, then (forced only) columns holding the wrong number of statements.
  /// - Parameters:
  ///   - entries: The submitted placements; a list, so that a statement sent twice is caught.
  ///   - statements: The ids of the study's Q-set.
  ///   - grid: The study's grid.
  ///   - distribution: Whether the column capacities bind.
  public static func problems(
    in entries: [PlacedStatement], statements: [Int], grid: SortGrid, distribution: DistributionKind
  ) -> [GridPlacementError] {
    let qSet = Set(statements)
    let columnScores = Set(grid.scores)
    var timesPlaced: [Int: Int] = [:]
    var statementsPerScore: [Int: Int] = [:]
    var strangers = Set<Int>()
    var offGrid: [GridPlacementError] = []
    for entry in entries {
      timesPlaced[entry.statement, default: 0] += 1
      if !qSet.contains(entry.statement) { strangers.insert(entry.statement) }
      if columnScores.contains(entry.score) {
        statementsPerScore[entry.score, default: 0] += 1
      } else if entry.score < grid.minScore || entry.score > grid.maxScore {
        offGrid.append(
          .scoreOutsideGrid(
            statement: entry.statement, score: entry.score, minScore: grid.minScore, maxScore: grid.maxScore))
      } else {
        offGrid.append(.noSuchColumn(statement: entry.statement, score: entry.score))
      }
    }
    var problems: [GridPlacementError] = strangers.sorted().map { .notInQSet($0) }
    problems += timesPlaced.filter { $0.value > 1 }.keys.sorted().map { .placedMoreThanOnce($0) }
    problems += offGrid.sorted { ($0.statement ?? 0) < ($1.statement ?? 0) }
    problems += qSet.subtracting(timesPlaced.keys).sorted().map { .notPlaced($0) }
    if distribution == .forced {
      for column in grid.columns where statementsPerScore[column.score, default: 0] != column.capacity {
        problems.append(
          .wrongColumnCount(
            score: column.score, holds: statementsPerScore[column.score, default: 0], capacity: column.capacity))
      }
    }
    return problems
  }

  /// Every reason `placements` (statement id → score) is not an acceptable final sort; empty when
  /// it is. As ``problems(in:statements:grid:distribution:)``, for a sort that cannot name a
  /// statement twice.
  public static func problems(
    in placements: [Int: Int], statements: [Int], grid: SortGrid, distribution: DistributionKind
  ) -> [GridPlacementError] {
    problems(in: entries(of: placements), statements: statements, grid: grid, distribution: distribution)
  }

  /// Checks a submitted sort.
  ///
  /// - Throws: The first of ``problems(in:statements:grid:distribution:)``.
  public static func validate(
    _ entries: [PlacedStatement], statements: [Int], grid: SortGrid, distribution: DistributionKind
  ) throws(GridPlacementError) {
    if let problem = problems(in: entries, statements: statements, grid: grid, distribution: distribution).first {
      throw problem
    }
  }

  /// Checks a sort given as statement id → score.
  ///
  /// - Throws: The first of ``problems(in:statements:grid:distribution:)``.
  public static func validate(
    _ placements: [Int: Int], statements: [Int], grid: SortGrid, distribution: DistributionKind
  ) throws(GridPlacementError) {
    try validate(entries(of: placements), statements: statements, grid: grid, distribution: distribution)
  }

  /// The placements with two statements' scores exchanged (the review step's swap). Swapping a
  /// statement with itself, or two statements in the same column, changes nothing. Column counts
  /// never change, so a valid sort stays valid.
  ///
  /// - Throws: ``GridPlacementError/notPlaced(_:)`` naming the first statement that has no score.
  public static func swapping(_ first: Int, _ second: Int, in placements: [Int: Int]) throws(GridPlacementError)
    -> [Int: Int]
  {
    guard let firstScore = placements[first] else { throw .notPlaced(first) }
    guard let secondScore = placements[second] else { throw .notPlaced(second) }
    var swapped = placements
    swapped[first] = secondScore
    swapped[second] = firstScore
    return swapped
  }

  /// The placements as a list in ascending order of statement, so problems come out in a stable order.
  private static func entries(of placements: [Int: Int]) -> [PlacedStatement] {
    placements.sorted { $0.key < $1.key }.map { PlacedStatement(statement: $0.key, score: $0.value) }
  }
}
