import Foundation

/// Everything an analysis produces: the engine's result schema (documented in docs/result-schema.md).
///
/// Matrices are arrays of rows: loadings and flags have one row per sort and one column per factor;
/// z-scores and factor arrays one row per statement. A factor without defining sorts has `null`
/// z-scores and array entries.
public struct AnalysisResult: Sendable, Codable, Equatable {
  /// The engine version that produced this result (`QMethodEngine.version`).
  public var engineVersion: String
  /// FNV-1a 64-bit fingerprint of the data (statements, sort ids, scores), to tell snapshots apart.
  public var dataFingerprint: String
  public var options: AnalysisOptions
  public var title: String
  /// Sort ids, in row order of the loadings.
  public var sorts: [String]
  /// Statement numbers, in row order of the z-scores.
  public var statements: [Int]
  public var statementTexts: [String]
  public var distribution: Distribution
  /// Factor labels in column order: "1", "2", … and "3−" for the negative pole of a split factor 3.
  public var factorLabels: [String]
  /// The sorts × sorts correlations, present only when there are no more sorts than statements.
  public var correlations: [[Double]]?
  /// The correlation matrix's eigenvalues, descending, min(sorts, statements) of them (the scree).
  public var screeEigenvalues: [Double]
  /// The extraction's eigenvalues: PCA the leading eigenvalues; centroid methods each unrotated
  /// factor's sum of squared loadings.
  public var eigenvalues: [Double]
  /// Percentage of the sorts' variance each unrotated factor explains (100·eigenvalue/sorts).
  public var explainedVariance: [Double]
  public var unrotatedLoadings: [[Double]]
  /// Final loadings after rotation, judgmental steps, inversion and splitting.
  public var loadings: [[Double]]
  public var flags: [[Bool]]
  public var zScores: [[Double?]]
  public var factorArrays: [[Int?]]
  public var characteristics: [FactorCharacteristics]
  /// Correlations between the factors' z-scores (`null` where a factor has none).
  public var factorCorrelations: [[Double?]]
  /// Standard errors of differences between factor z-scores, √(SE_j² + SE_m²).
  public var seDifferences: [[Double]]
  /// Per factor, distinguishing statement numbers at p < .05 (`p05`, including p < .01) and `p01`.
  public var distinguishing: [StatementTests.DistinguishingStatements]
  /// Consensus statement numbers (pqmethod: not significant at p < .01; qmethod: at p < .05).
  public var consensus: [Int]
  /// Consensus statements not significant even at p < .05.
  public var consensusP05: [Int]
  /// Every pair of factors: differences and qmethod's stars.
  public var comparisons: [StatementTests.PairComparison]
  /// qmethod's `dist.and.cons` verdict per statement.
  public var qmethodLabels: [String]
  /// Per factor the six highest and six lowest statements of its z-scores (most agree first; most
  /// disagree first).
  public var characteristicStatements: [CharacteristicStatements]
  /// Per factor its defining sorts, highest |loading| first.
  public var exemplars: [[Exemplar]]
  /// Extraction notes (iterations, convergence).
  public var notes: [String]
  /// Things a researcher should check; the analysis still completed.
  public var warnings: [String]
  /// The warnings about sorts (double flags, negative flags) with every sort they concern: the
  /// warning's text names the first few and counts the rest (absent from results stored before it).
  public var warningSorts: [WarningSorts]? = nil
  /// How stable the solution is over resamples of the sorts, when `options.bootstrap` asked.
  public var bootstrap: BootstrapResult? = nil

  public struct CharacteristicStatements: Sendable, Codable, Equatable {
    public var mostAgree: [Int]
    public var mostDisagree: [Int]
  }

  /// The sorts a warning is about.
  public struct WarningSorts: Sendable, Codable, Equatable {
    /// The warning's index in `warnings` (0-based).
    public var warning: Int
    /// The factor label the warning is about, or `null` when it concerns several (double flags).
    public var factor: String?
    /// All the sort ids, in row order.
    public var sorts: [String]
  }

  public struct Exemplar: Sendable, Codable, Equatable {
    public var sort: String
    public var loading: Double
  }
}

extension AnalysisResult {
  /// The result as `poetq analyze --format json` writes it: pretty-printed, keys sorted, slashes
  /// unescaped, a final newline — `JSONEncoder`'s bytes with those options, written by
  /// ``writeJSON(flush:)``. One encoding, so a stored result and the CLI's file are the same bytes.
  public func jsonData() throws -> Data {
    var data = Data()
    try writeJSON { data.append(contentsOf: $0) }
    return data
  }
}
