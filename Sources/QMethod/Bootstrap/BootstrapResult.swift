/// What a bootstrap of an analysis found (`AnalysisResult.bootstrap`; docs/result-schema.md).
///
/// Matrices follow the analysis's: statements × factors like `zScores`, sorts × factors like
/// `flags`, factors in the order of `factorLabels`. A cell is `null` where nothing was observed (a
/// factor without defining sorts in every step, a sort no step drew).
public struct BootstrapResult: Sendable, Codable, Equatable {
  /// Resamples drawn.
  public var steps: Int
  /// The seed of the resampling; the same seed and data give the same result on every platform.
  public var seed: UInt64
  public var alignment: BootstrapAlignment
  public var factorLabels: [String]
  /// Per statement and factor, the mean of the step z-scores (over the steps where the factor had
  /// defining sorts).
  public var zScoreMean: [[Double?]]
  /// Their standard deviation (n − 1 denominator, as R's `sd`): the bootstrap standard error.
  public var zScoreSD: [[Double?]]
  /// The 2.5 % and 97.5 % quantiles of the step z-scores (R's default type 7): a 95 % percentile
  /// interval.
  public var zScoreLower: [[Double?]]
  public var zScoreUpper: [[Double?]]
  /// The share of all steps in which the statement's position in the step's factor array is within
  /// one column of its position in the full solution's array (a step without the factor counts
  /// as not keeping it).
  public var arrayPositionKept: [[Double?]]
  /// The share of steps with exactly the full solution's position.
  public var arrayPositionExact: [[Double?]]
  /// The factor arrays of the bootstrap mean z-scores (qmboots' "bootstrapped factor scores").
  public var bootstrapArrays: [[Int?]]
  /// Per sort and factor, the share of the steps that drew the sort in which it was flagged
  /// (qmboots' `flag_freq`); `null` for a sort no step drew.
  public var flagFrequency: [[Double?]]
  /// Per sort and factor, the mean and SD of its aligned loading over the steps that drew it.
  public var loadingMean: [[Double?]]
  public var loadingSD: [[Double?]]
  /// Per sort, how many steps drew it (at least once).
  public var drawnSteps: [Int]
  /// Per factor, how stable it is.
  public var factors: [BootstrapFactorStability]
  /// Steps (1-based) whose rotated factors came out in another order than the full solution's, and
  /// those in which a factor came out mirrored, both read from the alignment (the signed
  /// permutation closest to it).
  public var reorderedSteps: [Int]
  public var reflectedSteps: [Int]
  public var notes: [String]

  /// A statement's position is called unstable when fewer than this share of steps keep it within
  /// one column; a sort's flag when it differs from the full solution's in more than 1 − this share.
  public static let stableShare = 0.8
}

/// The stability of one factor over the bootstrap.
public struct BootstrapFactorStability: Sendable, Codable, Equatable {
  public var label: String
  /// Steps in which the factor had at least one defining sort.
  public var definedSteps: Int
  /// The mean number of defining sorts per step (a sort drawn twice counts twice, as in the step's
  /// analysis).
  public var meanDefiningSorts: Double
  /// Mean and 5 % quantile, over the steps, of the Pearson correlation between the step's z-scores
  /// and the full solution's (`null` when the full factor has none).
  public var zScoreCorrelation: Double?
  public var zScoreCorrelationLow: Double?
  /// The mean over statements of `arrayPositionKept`.
  public var arrayPositionKept: Double?
  /// Statement numbers whose position is kept within one column in fewer than 80 % of the steps.
  public var unstableStatements: [Int]
  /// Sort ids whose flag in the steps that drew them differs from the full solution's in more than
  /// 20 % of them (flagged in full but flagged in < 80 % of the steps, or the reverse).
  public var unstableSorts: [String]
  /// Mean Tucker congruence φ = Σa·t/√(Σa²·Σt²) between the step's aligned loadings and the full
  /// solution's, over the sorts the step drew.
  public var loadingCongruence: Double
  /// qmboots' factor stability index: Σ_i |full array_i − bootstrap array_i| / statements, and the
  /// same divided by its maximum 2·Σ|grid scores| (`NFSindex`).
  public var stabilityIndex: Double?
  public var normalisedStabilityIndex: Double?
  /// Steps in which this factor was taken from another position, and in which it was mirrored.
  public var reorderedSteps: Int
  public var reflectedSteps: Int
}
