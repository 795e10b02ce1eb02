/// Horn's parallel analysis with random sorts drawn from the study's own grid.
///
/// Each simulation makes as many random sorts as the data has, on the same statements: a forced
/// grid's slots shuffled (so every random sort fits the grid, as a participant's must), or for a free
/// distribution every statement a score drawn uniformly from the range. The eigenvalues of each
/// simulated correlation matrix are collected, and the `percentile` of the k-th largest over all
/// simulations is the threshold the k-th observed eigenvalue must exceed to count as more than chance.
/// Source: Horn (1965), "A rationale and test for the number of factors in factor analysis",
/// *Psychometrika* 30; the percentile variant of Glorfeld (1995).
public enum ParallelAnalysis {
  /// What the simulations found.
  public struct Result: Sendable, Codable, Equatable {
    public var simulations: Int
    public var percentile: Double
    public var seed: UInt64
    /// The simulated `percentile` of the 1st, 2nd, … eigenvalue.
    public var thresholds: [Double]
    /// The mean simulated 1st, 2nd, … eigenvalue.
    public var means: [Double]
    /// How many leading observed eigenvalues exceed their threshold (counting stops at the first that
    /// does not).
    public var suggested: Int
  }

  /// The default number of simulations, percentile and seed.
  public static let defaultSimulations = 1000
  public static let defaultPercentile = 95.0
  public static let defaultSeed: UInt64 = 1965

  /// - Parameters:
  ///   - observed: the data's eigenvalues, descending (to count the suggestion).
  ///   - sorts: how many random sorts per simulation.
  ///   - statements: statements per sort.
  ///   - distribution: the grid to draw from.
  ///   - correlation: Pearson or Spearman, as the data's.
  ///   - percentile: 0 < percentile ≤ 100; the threshold is the nearest-rank percentile
  ///     (the ⌈percentile/100 · simulations⌉-th smallest value).
  ///   - stop: asked before each simulation; `true` abandons the run (a server shutting down).
  /// - Throws: `QMethodError.invalidOptions` for fewer than 1 simulation or a percentile out of range,
  ///   or when `stop` said so; `.invalidData` for a forced grid that does not hold `statements` statements.
  public static func run(
    observed: [Double], sorts: Int, statements: Int, distribution: Distribution,
    correlation: CorrelationMethod = .pearson, simulations: Int = defaultSimulations,
    percentile: Double = defaultPercentile, seed: UInt64 = defaultSeed, stop: () -> Bool = { false }
  ) throws(QMethodError) -> Result {
    guard simulations >= 1 else { throw .invalidOptions("parallel analysis needs at least 1 simulation") }
    guard percentile > 0 && percentile <= 100 else {
      throw .invalidOptions("the parallel analysis percentile must be above 0 and at most 100, not \(percentile)")
    }
    guard sorts >= 2 else { throw .invalidData("parallel analysis needs at least 2 sorts; the data has \(sorts)") }
    let count = min(sorts, statements)
    var samples = [[Double]](repeating: [], count: count)
    for k in 0..<count { samples[k].reserveCapacity(simulations) }
    var rng = SplitMix64(seed: seed)
    for _ in 0..<simulations {
      if stop() { throw .invalidOptions("the parallel analysis was stopped before its \(simulations) simulations") }
      let data = try randomSorts(sorts: sorts, statements: statements, distribution: distribution, using: &rng)
      let values = try eigenvalues(of: StandardisedSorts(data, method: correlation))
      for k in 0..<count { samples[k].append(k < values.count ? values[k] : 0) }
    }
    let rank = max(Int((percentile / 100 * Double(simulations)).rounded(.up)), 1) - 1
    let thresholds = samples.map { $0.sorted()[rank] }
    let means = samples.map { $0.reduce(0, +) / Double(simulations) }
    var suggested = 0
    while suggested < min(observed.count, thresholds.count) && observed[suggested] > thresholds[suggested] {
      suggested += 1
    }
    return Result(
      simulations: simulations, percentile: percentile, seed: seed, thresholds: thresholds, means: means,
      suggested: suggested)
  }

  /// One simulated dataset: `sorts` random sorts on `distribution` (statements numbered 1…).
  /// Forced: the grid's slots in a Fisher–Yates shuffle. Free: each score uniform over the range; a
  /// sort that came out with one score for every statement is drawn again (it correlates with nothing).
  public static func randomSorts(
    sorts: Int, statements: Int, distribution: Distribution, using rng: inout SplitMix64
  ) throws(QMethodError) -> QSortData {
    guard sorts >= 1, statements >= 1 else { throw .invalidData("random sorts need at least 1 sort and 1 statement") }
    var scores = [Int](repeating: 0, count: sorts * statements)
    if let slots = distribution.slots {
      guard slots.count == statements else {
        throw .invalidData("the grid holds \(slots.count) statements but the data has \(statements)")
      }
      var sort = slots
      for r in 0..<sorts {
        sort.shuffle(using: &rng)
        for i in 0..<statements { scores[r * statements + i] = sort[i] }
      }
    } else {
      let range = distribution.scores
      for r in 0..<sorts {
        repeat {
          for i in 0..<statements { scores[r * statements + i] = Int.random(in: range, using: &rng) }
        } while Set(scores[(r * statements)..<((r + 1) * statements)]).count < 2
      }
    }
    return try QSortData(
      statements: (1...statements).map { Statement(number: $0) }, sortIDs: (1...sorts).map { "R\($0)" },
      distribution: distribution, scores: scores)
  }

  /// All eigenvalues of the sorts' correlation matrix, descending, min(sorts, statements) of them
  /// (negative round-off set to 0): from R itself when sorts ≤ statements, otherwise from the
  /// statements × statements matrix Z·Zᵀ/S, which has the same non-zero eigenvalues, so no
  /// sorts × sorts matrix is ever built.
  public static func eigenvalues(of sorts: StandardisedSorts) -> [Double] {
    let small = sorts.sortCount <= sorts.statementCount
    let values = SymmetricEigenvalues.of(small ? sorts.correlationMatrix() : sorts.statementGram())
    return values.prefix(min(sorts.sortCount, sorts.statementCount)).map { max($0, 0) }
  }
}
