/// What the second-order comparison correlates: the factor arrays (the grid scores, as PQMethod's
/// second-order run enters them) or the factor z-scores.
public enum SecondOrderBasis: String, Sendable, Codable, CaseIterable {
  case arrays
  case zScores
}

/// Everything that determines a multi-site comparison besides the data and the groups.
public struct MultiSiteOptions: Sendable, Hashable, Codable {
  /// The aggregate analysis: its `factors` is the aggregate factor count (`nil`: eigenvalue above 1);
  /// its judgmental rotation, manual flags, inversions and splits apply to it alone. Its profile,
  /// correlation, extraction, rotation and flagging rule apply to the local and second-order
  /// analyses as well.
  public var analysis: AnalysisOptions
  /// Factors kept at each site, by site name; a site not named keeps those with an unrotated
  /// eigenvalue above 1 (the engine's default).
  public var localFactors: [String: Int]
  /// Factors kept in the second-order analysis of the local arrays; `nil`: eigenvalue above 1.
  public var secondOrderFactors: Int?
  /// A local factor matches an aggregate one at r ≥ threshold (the report reads 0.50).
  public var threshold: Double
  /// What the second-order correlations compare.
  public var basis: SecondOrderBasis

  public init(
    analysis: AnalysisOptions = AnalysisOptions(), localFactors: [String: Int] = [:], secondOrderFactors: Int? = nil,
    threshold: Double = 0.5, basis: SecondOrderBasis = .arrays
  ) {
    self.analysis = analysis
    self.localFactors = localFactors
    self.secondOrderFactors = secondOrderFactors
    self.threshold = threshold
    self.basis = basis
  }

  /// The options of a local or second-order analysis: the aggregate's method and flagging rule,
  /// `factors` kept, and none of the aggregate's solution-specific steps (they name its factors and sorts).
  public func methodOptions(factors: Int?) -> AnalysisOptions {
    var options = analysis
    options.factors = factors
    options.judgmentalRotation = []
    options.manualFlags = [:]
    options.invertedFactors = []
    options.splitFactors = []
    return options
  }
}
