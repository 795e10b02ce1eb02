/// One site's row of the prevalence table (the report's Table 11): how many of its sorts define
/// each aggregate factor, and how many define none.
public struct SitePrevalence: Sendable, Codable, Equatable {
  /// The site's sorts.
  public var sorts: Int
  /// Per aggregate factor (column order of the aggregate result), the site's sorts flagged on it. A
  /// sort flagged on two factors counts in both.
  public var defining: [Int]
  /// The site's sorts flagged on no aggregate factor.
  public var none: Int

  public init(sorts: Int, defining: [Int], none: Int) {
    self.sorts = sorts
    self.defining = defining
    self.none = none
  }

  /// Sorts that define at least one aggregate factor: the x of "matched x of n".
  public var matched: Int { sorts - none }

  /// The prevalence of the aggregate factors among the sorts at `rows` of `aggregate`.
  public static func compute(aggregate: AnalysisResult, rows: [Int]) -> SitePrevalence {
    var defining = Array(repeating: 0, count: aggregate.factorLabels.count)
    var none = 0
    for row in rows {
      let flags = aggregate.flags[row]
      for (factor, flagged) in flags.enumerated() where flagged { defining[factor] += 1 }
      if !flags.contains(true) { none += 1 }
    }
    return SitePrevalence(sorts: rows.count, defining: defining, none: none)
  }

  /// The totals row: every site's counts added up.
  public static func total(_ rows: some Collection<SitePrevalence>) -> SitePrevalence {
    let width = rows.map(\.defining.count).max() ?? 0
    var total = SitePrevalence(sorts: 0, defining: Array(repeating: 0, count: width), none: 0)
    for row in rows {
      total.sorts += row.sorts
      total.none += row.none
      for (factor, count) in row.defining.enumerated() { total.defining[factor] += count }
    }
    return total
  }
}

/// A value of a group column (a role, a profession) and how many sorts gave it.
public struct GroupCount: Sendable, Codable, Equatable {
  public var value: String
  public var count: Int

  public init(value: String, count: Int) {
    self.value = value
    self.count = count
  }

  /// The report's Table 14 for one site and one group column: per aggregate factor, the values of
  /// the column among the site's defining sorts, most frequent first (ties by name).
  public static func byFactor(aggregate: AnalysisResult, rows: [Int], values: [String?]) -> [[GroupCount]] {
    (0..<aggregate.factorLabels.count).map { factor in
      var counts: [String: Int] = [:]
      for row in rows where aggregate.flags[row][factor] {
        if let value = values[row] { counts[value, default: 0] += 1 }
      }
      return counts.map { GroupCount(value: $0.key, count: $0.value) }
        .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }
  }
}
