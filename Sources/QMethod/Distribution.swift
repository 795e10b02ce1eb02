import Foundation

/// The grid a sort is placed on: a score range and, for a forced distribution, how many statements
/// each score column holds.
///
/// A forced distribution of −4…+4 holding 2,3,4,5,5,5,4,3,2 is
/// `Distribution(minScore: -4, maxScore: 4, capacities: [2, 3, 4, 5, 5, 5, 4, 3, 2])`.
public struct Distribution: Sendable, Hashable, Codable {
  /// The lowest score (the "most disagree" column).
  public let minScore: Int
  /// The highest score (the "most agree" column).
  public let maxScore: Int
  /// Statements per column from `minScore` to `maxScore`; `nil` for a free distribution.
  public let capacities: [Int]?

  /// A forced distribution. Throws when the capacities do not match the range or are negative.
  public init(minScore: Int, maxScore: Int, capacities: [Int]?) throws(QMethodError) {
    guard minScore < maxScore else {
      throw .invalidDistribution("the lowest score \(minScore) must be below the highest \(maxScore)")
    }
    if let capacities {
      guard capacities.count == maxScore - minScore + 1 else {
        throw .invalidDistribution(
          "\(capacities.count) column capacities for \(maxScore - minScore + 1) scores (\(minScore)…\(maxScore))")
      }
      guard capacities.allSatisfy({ $0 >= 0 }) else {
        throw .invalidDistribution("a column capacity is negative: \(capacities)")
      }
    }
    self.minScore = minScore
    self.maxScore = maxScore
    self.capacities = capacities
  }

  /// A free distribution: any number of statements per score within the range.
  public static func free(minScore: Int, maxScore: Int) throws(QMethodError) -> Distribution {
    try Distribution(minScore: minScore, maxScore: maxScore, capacities: nil)
  }

  /// Whether the column capacities are fixed.
  public var isForced: Bool { capacities != nil }

  /// The scores from lowest to highest.
  public var scores: ClosedRange<Int> { minScore...maxScore }

  /// The number of statements the grid holds (forced only).
  public var statementCount: Int? { capacities?.reduce(0, +) }

  /// The capacity of the column for `score`, or `nil` for a free distribution.
  public func capacity(of score: Int) -> Int? {
    guard let capacities, scores.contains(score) else { return nil }
    return capacities[score - minScore]
  }

  /// The forced distribution's scores in ascending order, one per slot (e.g. −4,−4,−3,−3,−3,…).
  public var slots: [Int]? {
    guard let capacities else { return nil }
    var slots: [Int] = []
    for (offset, count) in capacities.enumerated() {
      slots.append(contentsOf: repeatElement(minScore + offset, count: count))
    }
    return slots
  }

  /// Infers a distribution from one complete sort: the range it spans and how many statements sit
  /// at each score. Every forced sort implies its distribution.
  public static func inferred(fromSort scores: [Int]) throws(QMethodError) -> Distribution {
    guard let low = scores.min(), let high = scores.max(), low < high else {
      throw .invalidDistribution("a sort needs at least two different scores to imply a grid")
    }
    var capacities = Array(repeating: 0, count: high - low + 1)
    for score in scores { capacities[score - low] += 1 }
    return try Distribution(minScore: low, maxScore: high, capacities: capacities)
  }

  /// A quasi-normal forced distribution for `statementCount` statements on `minScore…maxScore`,
  /// symmetric, with capacities rising towards the middle (as Q grids are usually drawn).
  public static func quasiNormal(statementCount: Int, minScore: Int, maxScore: Int) throws(QMethodError)
    -> Distribution
  {
    let columns = maxScore - minScore + 1
    guard columns >= 2, statementCount >= columns else {
      throw .invalidDistribution(
        "\(statementCount) statements cannot fill \(columns) columns (\(minScore)…\(maxScore))")
    }
    // Every column holds at least one statement; the rest follow a normal curve whose edges sit at
    // ±2 SD (flat enough for Q grids such as 2,3,4,6,10,6,4,3,2). Statements are handed out one
    // mirrored pair at a time to the column furthest below its share, so the grid stays symmetric;
    // an odd statement goes to the middle column (with an even column count, the one right of centre).
    let centre = Double(columns - 1) / 2
    let weights = (0..<columns).map { column -> Double in
      let x = 2 * (Double(column) - centre) / centre
      return Foundation.exp(-x * x / 2)
    }
    let spare = Double(statementCount - columns)
    let totalWeight = weights.reduce(0, +)
    let shares = weights.map { 1 + spare * $0 / totalWeight }
    var capacities = Array(repeating: 1, count: columns)
    var remaining = statementCount - columns
    let leftHalf = Array(0..<((columns + 1) / 2))
    while remaining > 0 {
      let column = leftHalf.max { a, b in
        let (da, db) = (shares[a] - Double(capacities[a]), shares[b] - Double(capacities[b]))
        return da != db ? da < db : a < b
      }!
      let mirror = columns - 1 - column
      if mirror != column && remaining >= 2 {
        capacities[column] += 1
        capacities[mirror] += 1
        remaining -= 2
      } else {
        capacities[columns / 2] += 1
        remaining -= 1
      }
    }
    return try Distribution(minScore: minScore, maxScore: maxScore, capacities: capacities)
  }
}
