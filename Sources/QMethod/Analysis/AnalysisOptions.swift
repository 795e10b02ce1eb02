/// The conventions an analysis follows where the established tools disagree.
public enum ConventionProfile: String, Sendable, Codable, CaseIterable {
  /// PQMethod and KADE: Brown centroid from 0.5 to 1e-3, PQMethod's pairwise Kaiser varimax (its
  /// quadrant rules and stopping rule, so the factors come out in its order and signs), factors signed so that Σ a·|a| ≥ 0, sorts standardised before weighting,
  /// ties in factor arrays broken by statement number, a statement distinguishes factor j when it
  /// differs from every other factor.
  case pqmethod
  /// The R package qmethod 1.8.4 exactly: psych's PCA signs and reordering, R's SVD varimax,
  /// centroid from the mean correlation to 1e-5, raw scores weighted, tied z-scores share the
  /// lowest slot, pairwise stars.
  case qmethod
}

/// How factors are extracted from the correlations.
public enum ExtractionMethod: String, Sendable, Codable, CaseIterable {
  /// Brown's centroid (PQMethod's QCENT): 7 factors by default.
  case centroid
  /// Principal components (PQMethod's QPCA): 8 by default.
  case pca
  /// Horst's iterated centroid as in PQMethod 5.5 / KADE, stopping on its own.
  case horst

  /// How many factors PQMethod extracts for the unrotated table.
  public var defaultFactorCount: Int {
    switch self {
    case .centroid, .horst: 7
    case .pca: 8
    }
  }
}

/// How the kept factors are rotated before any judgmental steps.
public enum RotationMethod: String, Sendable, Codable, CaseIterable {
  /// The profile's tool's varimax: PQMethod's pairwise rules (pqmethod), R's `varimax` (qmethod).
  case varimax
  /// Varimax to the exact optimum (pairwise sweeps with exact angles, to 1e-10 rad). Same criterion,
  /// but the factors may come out in another order or sign than the tools print them.
  case varimaxOptimum = "varimax-optimum"
  case none
}

/// One judgmental rotation step: turn the axes of factors `first` and `second` (1-based) by
/// `degrees`. Positive angles turn the axes counter-clockwise in the plane (first = x, second = y),
/// so a sort's coordinates turn clockwise: x′ = x·cos θ + y·sin θ, y′ = −x·sin θ + y·cos θ.
public struct RotationStep: Sendable, Hashable, Codable {
  public var first: Int
  public var second: Int
  public var degrees: Double

  public init(first: Int, second: Int, degrees: Double) {
    self.first = first
    self.second = second
    self.degrees = degrees
  }
}

/// The two-tailed significance levels a flag or a test can use, with their z values.
public enum SignificanceLevel: String, Sendable, Codable, CaseIterable {
  case p10 = "0.10"
  case p05 = "0.05"
  case p01 = "0.01"
  case p001 = "0.001"

  /// The critical z (two-tailed).
  public var z: Double {
    switch self {
    case .p10: 1.645
    case .p05: 1.96
    case .p01: 2.576
    case .p001: 3.291
    }
  }

  /// The level whose critical z is `z` (within 0.01), e.g. 1.96 → `.p05`.
  public init?(z: Double) {
    guard let level = Self.allCases.first(where: { abs($0.z - z) < 0.01 }) else { return nil }
    self = level
  }
}

/// Everything that determines an analysis besides the data. Stored with a run so it can be replayed.
public struct AnalysisOptions: Sendable, Hashable, Codable {
  public var profile: ConventionProfile = .pqmethod
  public var correlation: CorrelationMethod = .pearson
  public var extraction: ExtractionMethod = .centroid
  /// Factors kept for rotation and scoring; `nil` keeps those with an unrotated eigenvalue above 1
  /// (at most 7), as a starting point.
  public var factors: Int? = nil
  /// Factors extracted for the unrotated table; `nil` uses the method's PQMethod default (7 or 8),
  /// at least `factors`. The qmethod profile extracts exactly `factors`.
  public var extractedFactors: Int? = nil
  public var rotation: RotationMethod = .varimax
  /// Judgmental rotation steps applied, in order, after `rotation`.
  public var judgmentalRotation: [RotationStep] = []
  /// Critical z for automatic flagging: |a| > z/√statements (1.96 is p < .05).
  public var flagZ: Double = 1.96
  /// Also require a² to exceed the sum of the sort's other squared loadings.
  public var flagMajority: Bool = true
  /// Manual flags by sort id, 1-based factor numbers; an empty list unflags the sort. They replace
  /// the automatic flags of that sort only.
  public var manualFlags: [String: [Int]] = [:]
  /// Factors (1-based) whose sign is reversed after rotation (PQMethod's "invert factor").
  public var invertedFactors: [Int] = []
  /// Factors (1-based) split into a positive and a negative pole; the negative pole becomes a new
  /// factor at the end, with its sign reversed so its defining sorts load positively.
  public var splitFactors: [Int] = []
  /// The reliability of one sort, used for composite reliability (Brown 1980: 0.80).
  public var averageReliability: Double = 0.8
  /// Resample the sorts and report how stable z-scores, array positions and flags are
  /// (`AnalysisResult.bootstrap`); `nil` runs no bootstrap.
  public var bootstrap: BootstrapOptions? = nil

  public init() {}
}

extension AnalysisOptions {
  /// Decodes options written by hand or stored with a result: every key is optional and falls back
  /// to the default, so a config file names only what it changes.
  public init(from decoder: any Decoder) throws {
    self.init()
    let container = try decoder.container(keyedBy: CodingKeys.self)
    profile = try container.decodeIfPresent(ConventionProfile.self, forKey: .profile) ?? profile
    correlation = try container.decodeIfPresent(CorrelationMethod.self, forKey: .correlation) ?? correlation
    extraction = try container.decodeIfPresent(ExtractionMethod.self, forKey: .extraction) ?? extraction
    factors = try container.decodeIfPresent(Int.self, forKey: .factors)
    extractedFactors = try container.decodeIfPresent(Int.self, forKey: .extractedFactors)
    rotation = try container.decodeIfPresent(RotationMethod.self, forKey: .rotation) ?? rotation
    judgmentalRotation =
      try container.decodeIfPresent([RotationStep].self, forKey: .judgmentalRotation) ?? judgmentalRotation
    flagZ = try container.decodeIfPresent(Double.self, forKey: .flagZ) ?? flagZ
    flagMajority = try container.decodeIfPresent(Bool.self, forKey: .flagMajority) ?? flagMajority
    manualFlags = try container.decodeIfPresent([String: [Int]].self, forKey: .manualFlags) ?? manualFlags
    invertedFactors = try container.decodeIfPresent([Int].self, forKey: .invertedFactors) ?? invertedFactors
    splitFactors = try container.decodeIfPresent([Int].self, forKey: .splitFactors) ?? splitFactors
    averageReliability = try container.decodeIfPresent(Double.self, forKey: .averageReliability) ?? averageReliability
    bootstrap = try container.decodeIfPresent(BootstrapOptions.self, forKey: .bootstrap)
  }
}
