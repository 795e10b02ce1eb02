/// "How many factors?": the figures behind the choice of a solution, side by side — the scree of
/// all eigenvalues, Kaiser's count, parallel analysis on random sorts from the study's own grid,
/// Humphrey's rule and significant loadings per unrotated factor, and the solutions with 2…7 factors.
public enum FactorCount {
  /// What to compute.
  public struct Options: Sendable, Hashable, Codable {
    /// Extraction, profile, correlation and flagging for the candidate solutions (`factors`,
    /// judgmental steps, manual flags, inversions and splits are ignored).
    public var analysis = AnalysisOptions()
    /// The factor counts to compare (kept within what the data allow).
    public var candidates: ClosedRange<Int> = 2...7
    /// Factor pairs whose z-scores correlate at least this much (in absolute value) are marked.
    public var correlationThreshold = 0.8
    public var simulations = ParallelAnalysis.defaultSimulations
    public var percentile = ParallelAnalysis.defaultPercentile
    public var seed = ParallelAnalysis.defaultSeed

    public init() {}
  }

  /// One criterion in one sentence, with its source.
  public struct Criterion: Sendable, Codable, Equatable {
    public var name: String
    public var explanation: String
    public var source: String
    /// The factor count it points to.
    public var suggested: Int
  }

  public struct Result: Sendable, Codable, Equatable {
    public var sorts: Int
    public var statements: Int
    public var extraction: ExtractionMethod
    /// All eigenvalues of the sorts' correlation matrix, unrotated, descending (the scree).
    public var eigenvalues: [Double]
    /// Eigenvalues above 1.
    public var kaiser: Int
    public var parallel: ParallelAnalysis.Result
    public var humphrey: HumphreyRule.Result
    public var correlationThreshold: Double
    public var solutions: [FactorSolution]
    public var criteria: [Criterion]
  }

  /// - Parameters:
  ///   - parallel: a parallel analysis computed before for data of this shape with the same
  ///     simulations, percentile, seed and correlation (a server's cache: the thresholds depend on the
  ///     shape only); its suggestion is counted again for this data. `nil` computes it.
  /// - Throws: `QMethodError` when the data cannot be analysed (fewer than 2 sorts, a flat sort, …)
  ///   or an option is out of range.
  public static func compute(
    _ data: QSortData, options: Options = Options(), parallel known: ParallelAnalysis.Result? = nil
  ) throws(QMethodError) -> Result {
    guard data.sortCount >= 2 else {
      throw .invalidData("an analysis needs at least 2 sorts; the data has \(data.sortCount)")
    }
    guard options.candidates.lowerBound >= 1 else { throw .invalidOptions("candidate factor counts start at 1") }
    guard (0...1).contains(options.correlationThreshold) else {
      throw .invalidOptions("the correlation threshold must be between 0 and 1, not \(options.correlationThreshold)")
    }
    let standardised = try StandardisedSorts(data, method: options.analysis.correlation)
    // The same decomposition as QAnalysis's screeEigenvalues, so the two agree to the last digit.
    let small = data.sortCount <= data.statementCount
    let eigenvalues = SymmetricEigen(small ? standardised.correlationMatrix() : standardised.statementGram()).values
      .prefix(min(data.sortCount, data.statementCount)).map { max($0, 0) }
    let parallel: ParallelAnalysis.Result
    if var known, known.simulations == options.simulations, known.percentile == options.percentile,
      known.seed == options.seed, known.thresholds.count == eigenvalues.count
    {
      known.suggested = zip(eigenvalues, known.thresholds).prefix { $0 > $1 }.count
      parallel = known
    } else {
      parallel = try ParallelAnalysis.run(
        observed: eigenvalues, sorts: data.sortCount, statements: data.statementCount,
        distribution: data.distribution, correlation: options.analysis.correlation,
        simulations: options.simulations, percentile: options.percentile, seed: options.seed)
    }

    var base = options.analysis
    base.judgmentalRotation = []
    base.manualFlags = [:]
    base.invertedFactors = []
    base.splitFactors = []
    let most = options.analysis.extraction == .pca ? min(data.sortCount, data.statementCount) : data.sortCount
    let counts = Array(options.candidates.clamped(to: 1...max(most, 1)))
    var solutions: [FactorSolution] = []
    var widest: AnalysisResult?
    for k in counts {
      var analysis = base
      analysis.factors = k
      let result = try QAnalysis.run(data, options: analysis)
      solutions.append(FactorSolution(result, correlationThreshold: options.correlationThreshold))
      widest = result
    }
    let unrotated = Matrix(widest?.unrotatedLoadings ?? [])
    let humphrey = HumphreyRule.apply(unrotated: unrotated, statementCount: data.statementCount)
    let kaiser = eigenvalues.filter { $0 > 1 }.count
    let criteria = [
      Criterion(
        name: "Kaiser–Guttman",
        explanation: "Keep the factors whose eigenvalue is above 1, that is which explain more than one sort's worth "
          + "of variance; with many sorts it keeps too many.",
        source: "Kaiser (1960)", suggested: kaiser),
      Criterion(
        name: "Parallel analysis",
        explanation: "Keep the factors whose eigenvalue exceeds the \(percentileText(parallel.percentile)) percentile "
          + "of the same eigenvalue in \(parallel.simulations) sets of random sorts on this study's grid, "
          + "that is more than chance would give.",
        source: "Horn (1965)", suggested: parallel.suggested),
      Criterion(
        name: "Humphrey's rule",
        explanation: "A factor is significant when the product of its two highest loadings exceeds twice the "
          + "standard error 1/√\(data.statementCount) = \(threeDecimals(humphrey.standardError)).",
        source: "Brown (1980); Watts & Stenner (2012)", suggested: humphrey.suggested),
      Criterion(
        name: "Two significant loadings",
        explanation: "A factor should have at least two sorts loading above 1.96/√\(data.statementCount) = "
          + "\(threeDecimals(humphrey.significanceThreshold)) (p < .05).",
        source: "Brown (1980); Watts & Stenner (2012)", suggested: humphrey.suggestedBySignificantLoadings),
    ]
    return Result(
      sorts: data.sortCount, statements: data.statementCount, extraction: options.analysis.extraction,
      eigenvalues: eigenvalues, kaiser: kaiser, parallel: parallel, humphrey: humphrey,
      correlationThreshold: options.correlationThreshold, solutions: solutions, criteria: criteria)
  }

  static func threeDecimals(_ value: Double) -> String {
    let scaled = Int((value * 1000).rounded())
    return "\(scaled / 1000).\(String(repeating: "0", count: 3 - String(scaled % 1000).count))\(scaled % 1000)"
  }

  /// A percentile as an ordinal: "95th", "99th", "97.5th".
  public static func percentileText(_ value: Double) -> String {
    let whole = Int(value)
    guard Double(whole) == value else { return "\(value)th" }
    switch (whole % 10, whole % 100) {
    case (1, let h) where h != 11: return "\(whole)st"
    case (2, let h) where h != 12: return "\(whole)nd"
    case (3, let h) where h != 13: return "\(whole)rd"
    default: return "\(whole)th"
    }
  }
}
