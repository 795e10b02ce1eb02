import Foundation

/// One row of the report's Table 9: completed sorts and the time spent sorting.
public struct SortTimeSummary: Sendable, Hashable {
  /// Completed sorts.
  public var completed: Int
  /// Completed sorts with a sort time (all of them, for sorts made on POETQ).
  public var timed: Int
  /// Shortest and longest sort time, in seconds.
  public var shortest: TimeInterval?
  public var longest: TimeInterval?
  /// Sum of the sort times, in seconds.
  public var total: TimeInterval

  /// Summarises the sort times of `completed` completed sorts.
  public init(completed: Int, sortTimes: [TimeInterval]) {
    self.completed = completed
    timed = sortTimes.count
    shortest = sortTimes.min()
    longest = sortTimes.max()
    total = sortTimes.reduce(0, +)
  }

  /// Mean sort time in seconds.
  public var mean: TimeInterval? { timed == 0 ? nil : total / Double(timed) }

  /// "15-90", the range in whole minutes as the report prints it; "–" without times.
  public var rangeText: String {
    guard let shortest, let longest else { return "–" }
    return "\(Self.minutes(shortest))-\(Self.minutes(longest))"
  }

  /// "37", the mean in whole minutes; "–" without times.
  public var meanText: String { mean.map { String(Self.minutes($0)) } ?? "–" }

  /// "6 hours 10 mins", the total as the report prints it.
  public var totalText: String {
    let minutes = Self.minutes(total)
    let hours = minutes / 60
    let rest = minutes % 60
    let hourText = hours == 1 ? "1 hour" : "\(hours) hours"
    let minuteText = rest == 1 ? "1 min" : "\(rest) mins"
    return hours == 0 ? minuteText : "\(hourText) \(minuteText)"
  }

  /// Seconds to whole minutes, half up.
  static func minutes(_ seconds: TimeInterval) -> Int { Int((seconds / 60).rounded(.toNearestOrAwayFromZero)) }
}
