import Foundation

/// One candidate solution of "How many factors?": what keeping `factors` factors gives, in the
/// figures a researcher weighs (Watts & Stenner 2012, ch. 6): who defines each factor, how much
/// variance it explains, and whether two factors are really one.
public struct FactorSolution: Sendable, Codable, Equatable {
  /// A pair of factors whose z-scores correlate at or above the threshold.
  public struct CorrelatedPair: Sendable, Codable, Equatable {
    public var first: Int
    public var second: Int
    public var correlation: Double
  }

  /// Factors kept.
  public var factors: Int
  /// Per factor (1-based in order), its defining sorts, highest |loading| first.
  public var definingSorts: [[String]]
  /// Per factor, the percentage of the sorts' variance it explains after rotation.
  public var explainedVariance: [Double]
  /// The sum of `explainedVariance`.
  public var totalExplainedVariance: Double
  /// Per factor, sorts loading significantly (|a| > 1.96/√statements) after rotation.
  public var significantLoadings: [Int]
  /// Correlations between the factors' z-scores (`null` for a factor without defining sorts).
  public var factorCorrelations: [[Double?]]
  /// Pairs at or above the threshold in absolute value.
  public var highlyCorrelated: [CorrelatedPair]
  /// Factors (1-based) with two or fewer defining sorts.
  public var weakFactors: [Int]
  /// The engine's warnings for this solution.
  public var warnings: [String]

  /// The candidate from a finished analysis that kept `result.factorLabels.count` factors.
  public init(_ result: AnalysisResult, correlationThreshold: Double) {
    let k = result.factorLabels.count
    let bar = SignificanceLevel.p05.z / Double(result.statements.count).squareRoot()
    factors = k
    definingSorts = result.exemplars.map { $0.map(\.sort) }
    explainedVariance = result.characteristics.map(\.explainedVariance)
    totalExplainedVariance = explainedVariance.reduce(0, +)
    significantLoadings = (0..<k).map { c in result.loadings.filter { abs($0[c]) > bar }.count }
    factorCorrelations = result.factorCorrelations
    var pairs: [CorrelatedPair] = []
    for a in 0..<k {
      for b in (a + 1)..<max(a + 1, k) {
        if let r = result.factorCorrelations[a][b], abs(r) >= correlationThreshold {
          pairs.append(CorrelatedPair(first: a + 1, second: b + 1, correlation: r))
        }
      }
    }
    highlyCorrelated = pairs
    weakFactors = result.characteristics.indices.filter { result.characteristics[$0].definingSorts <= 2 }.map {
      $0 + 1
    }
    warnings = result.warnings
  }
}
