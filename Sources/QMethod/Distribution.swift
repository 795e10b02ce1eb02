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
    // Normal density at column centres spread over ±2.5 SD, scaled to the count, then the rounding
    // remainder is handed out symmetrically from the middle outwards so the grid stays symmetric.
    let centre = Double(columns - 1) / 2
    let spread = max(centre, 1) / 2.5
    let weights = (0..<columns).map { column -> Double in
      let x = (Double(column) - centre) / spread
      return Foundation.exp(-x * x / 2)
    }
    let total = weights.reduce(0, +)
    var capacities = weights.map { max(1, Int(($0 / total * Double(statementCount)).rounded(.down))) }
    // Keep the grid symmetric: mirror the left half onto the right.
    for column in 0..<columns / 2 { capacities[columns - 1 - column] = capacities[column] }
    var remainder = statementCount - capacities.reduce(0, +)
    let middleOut = (0..<columns).sorted { abs(Double($0) - centre) < abs(Double($1) - centre) }
    while remainder != 0 {
      for column in middleOut where remainder != 0 {
        let mirror = columns - 1 - column
        if remainder > 0 {
          if mirror == column {
            capacities[column] += 1
            remainder -= 1
          } else if remainder >= 2 {
            capacities[column] += 1
            capacities[mirror] += 1
            remainder -= 2
          }
        } else if capacities[column] > 1 {
          if mirror == column {
            capacities[column] -= 1
            remainder += 1
          } else if remainder <= -2 {
            capacities[column] -= 1
            capacities[mirror] -= 1
            remainder += 2
          }
        }
      }
      // An even column count cannot absorb an odd remainder symmetrically: the middle pair takes it.
      if remainder == 1 || remainder == -1 {
        let middle = middleOut[0]
        capacities[middle] += remainder
        remainder = 0
      }
    }
    return try Distribution(minScore: minScore, maxScore: maxScore, capacities: capacities)
  }
}

import Foundation
