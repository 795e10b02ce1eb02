import POETQKit

/// The grids the exhaustive tests run on, and the ways to split statements into presort piles.
enum GridFamily {
  /// Every score layout for `columnCount` columns that the stepwise rule treats differently: a
  /// contiguous range with 0 at each possible position (symmetric when centred, asymmetric
  /// otherwise), a range entirely above 0 and one entirely below, and every split into a negative
  /// and a positive side without a 0 column (−k…−1, +1…+(columnCount − k)).
  static func layouts(columnCount: Int) -> [[Int]] {
    var layouts: [[Int]] = []
    for lowest in -(columnCount - 1)...0 {
      layouts.append(Array(lowest..<(lowest + columnCount)))
    }
    layouts.append(Array(1...columnCount))
    layouts.append(Array(-columnCount...(-1)))
    if columnCount >= 2 {
      for negativeCount in 1..<columnCount {
        layouts.append(Array(-negativeCount...(-1)) + Array(1...(columnCount - negativeCount)))
      }
    }
    return layouts
  }

  /// Every capacity vector of `columnCount` columns with capacities 0…`maxCapacity`: symmetric
  /// and asymmetric ones, with and without empty columns.
  static func capacityVectors(columnCount: Int, maxCapacity: Int) -> [[Int]] {
    var vectors: [[Int]] = [[]]
    for _ in 0..<columnCount {
      vectors = vectors.flatMap { prefix in (0...maxCapacity).map { prefix + [$0] } }
    }
    return vectors
  }

  /// Every grid of `columnCount` columns: each layout with each capacity vector.
  static func grids(columnCount: Int, maxCapacity: Int) -> [SortGrid] {
    layouts(columnCount: columnCount).flatMap { scores in
      capacityVectors(columnCount: columnCount, maxCapacity: maxCapacity).map { capacities in
        try! SortGrid(columns: zip(scores, capacities).map { SortGrid.Column(score: $0, capacity: $1) })
      }
    }
  }

  /// Every way to split `statements` (in presort order) into piles of sizes (agree, neutral,
  /// disagree): all triples summing to the count, the statements dealt out in order.
  static func pileSplits(of statements: [Int]) -> [PresortPiles] {
    var splits: [PresortPiles] = []
    for agreeCount in 0...statements.count {
      for neutralCount in 0...(statements.count - agreeCount) {
        splits.append(
          PresortPiles(
            agree: Array(statements[0..<agreeCount]),
            neutral: Array(statements[agreeCount..<(agreeCount + neutralCount)]),
            disagree: Array(statements[(agreeCount + neutralCount)...])))
      }
    }
    return splits
  }

  /// Every assignment of `statements` to the three piles (3ⁿ of them), each pile keeping the order
  /// the statements are given in.
  static func pileAssignments(of statements: [Int]) -> [PresortPiles] {
    var assignments: [PresortPiles] = [PresortPiles()]
    for statement in statements {
      assignments = assignments.flatMap { piles in
        PresortPile.allCases.map { pile in
          var extended = piles
          extended[pile].append(statement)
          return extended
        }
      }
    }
    return assignments
  }

  /// `count` (at most 101) distinct statement ids in a scrambled but fixed order, so presort order is
  /// not id order.
  static func statements(count: Int) -> [Int] {
    (0..<count).map { ($0 * 37 + 11) % 101 + 1 }
  }
}
