import Foundation

/// A local factor matched to an aggregate factor, with their correlation. Encoded in JSON as the
/// array `[local factor, aggregate factor, r]` (factor labels as strings, "1", "2", …).
public struct SecondOrderMatch: Sendable, Equatable, Codable {
  /// The local factor's label in its site's result.
  public var local: String
  /// The aggregate factor's label.
  public var aggregate: String
  public var r: Double

  public init(local: String, aggregate: String, r: Double) {
    self.local = local
    self.aggregate = aggregate
    self.r = r
  }

  public init(from decoder: any Decoder) throws {
    var container = try decoder.unkeyedContainer()
    local = try container.decode(String.self)
    aggregate = try container.decode(String.self)
    r = try container.decode(Double.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    try container.encode(local)
    try container.encode(aggregate)
    try container.encode(r)
  }
}

/// The second-order comparison of each site's local factors with the aggregate factors (the report's
/// Tables 15–19).
public struct SecondOrderComparison: Sendable, Codable, Equatable {
  public var basis: SecondOrderBasis
  /// Per site, one row per local factor and one column per aggregate factor: Pearson's r of their
  /// arrays (or z-scores); `null` where either factor has no defining sort.
  public var correlations: [String: [[Double?]]]
  public var threshold: Double
  /// Per site, each local factor paired with the aggregate factor it stands for (see ``SecondOrder/match``).
  public var matches: [String: [SecondOrderMatch]]
  /// Per site, the local factors (with an array) that stand for no aggregate factor.
  public var localOnly: [String: [String]]
  /// Per site, every pair correlating at r ≤ −threshold: the local viewpoint is the aggregate one's
  /// mirror image (its bipolar opposite), which the matching does not count as the same viewpoint.
  public var mirrors: [String: [SecondOrderMatch]]
  /// Per site, the labels of the correlation rows (the local factors).
  public var localFactors: [String: [String]]
  /// The labels of the correlation columns (the aggregate factors).
  public var aggregateFactors: [String]
}

/// The computations of the second-order comparison, as plain functions of results.
public enum SecondOrder {
  /// Pearson's r of every local factor with every aggregate factor,
  /// r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²) over the statements (PQMethod's second-order run
  /// correlates the factor arrays entered as sorts). Both results must rank the
  /// same statements in the same order.
  /// - Returns: one row per local factor, one column per aggregate factor; `nil` where a factor has
  ///   no array (no defining sort).
  public static func correlations(local: AnalysisResult, aggregate: AnalysisResult, basis: SecondOrderBasis)
    -> [[Double?]]
  {
    let localColumns = columns(local, basis: basis)
    let aggregateColumns = columns(aggregate, basis: basis)
    return localColumns.map { x in
      aggregateColumns.map { y in
        guard let x, let y else { return nil }
        return pearson(x, y)
      }
    }
  }

  /// A result's factors as columns of numbers over the statements (`nil` for a factor with none).
  public static func columns(_ result: AnalysisResult, basis: SecondOrderBasis) -> [[Double]?] {
    (0..<result.factorLabels.count).map { factor in
      switch basis {
      case .arrays:
        let column = result.factorArrays.map { $0[factor] }
        return column.contains(nil) ? nil : column.map { Double($0!) }
      case .zScores:
        let column = result.zScores.map { $0[factor] }
        return column.contains(nil) ? nil : column.map { $0! }
      }
    }
  }

  /// Pairs local factors with aggregate factors one to one: the highest r at or above `threshold`
  /// first (ties: the earlier local, then the earlier aggregate factor), then the highest of what
  /// is left, and so on. A local factor whose every r is below the threshold, or whose matches were
  /// all taken by a closer local factor of the same site, is local only.
  ///
  /// Read against the report, this rule gives Table 20 from Tables 15–19: B1 correlates 0.84 with
  /// ideal world and 0.61 with pragmatic but stands for ideal world; C3 (0.77 ideal world, 0.76
  /// pragmatic) stands for pragmatic because C1 (0.93) already stands for ideal world; D3 (0.51 with
  /// ideal world, taken by D1 at 0.90) is local to D.
  /// - Returns: the matches in local factor order, and the indices of the local factors with a
  ///   correlation row that match none.
  public static func match(_ correlations: [[Double?]], threshold: Double) -> (
    matches: [(local: Int, aggregate: Int, r: Double)], unmatched: [Int]
  ) {
    var candidates: [(local: Int, aggregate: Int, r: Double)] = []
    for (local, row) in correlations.enumerated() {
      for (aggregate, r) in row.enumerated() {
        if let r, r >= threshold { candidates.append((local, aggregate, r)) }
      }
    }
    candidates.sort { a, b in
      a.r != b.r ? a.r > b.r : a.local != b.local ? a.local < b.local : a.aggregate < b.aggregate
    }
    var usedLocal = Set<Int>()
    var usedAggregate = Set<Int>()
    var matches: [(local: Int, aggregate: Int, r: Double)] = []
    for candidate in candidates where !usedLocal.contains(candidate.local) {
      guard !usedAggregate.contains(candidate.aggregate) else { continue }
      usedLocal.insert(candidate.local)
      usedAggregate.insert(candidate.aggregate)
      matches.append(candidate)
    }
    matches.sort { $0.local < $1.local }
    let unmatched = correlations.indices.filter { local in
      !usedLocal.contains(local) && correlations[local].contains { $0 != nil }
    }
    return (matches, unmatched)
  }

  /// Every pair with r ≤ −threshold (mirror images), in local then aggregate factor order.
  public static func mirrors(_ correlations: [[Double?]], threshold: Double) -> [(
    local: Int, aggregate: Int, r: Double
  )] {
    correlations.enumerated().flatMap { local, row in
      row.enumerated().compactMap { aggregate, r in
        guard let r, r <= -threshold else { return nil }
        return (local, aggregate, r)
      }
    }
  }

  /// Tucker's congruence coefficient of every local factor's loadings with every aggregate factor's
  /// loadings over the sorts they share (the site's sorts): φ = Σ xᵢyᵢ / √(Σ xᵢ² Σ yᵢ²)
  /// (Tucker 1951; Lorenzo-Seva & ten Berge 2006 read φ ≥ 0.95 as equal, 0.85–0.94 as fair similarity).
  /// - Parameters:
  ///   - aggregateRows: the row in `aggregate` of each sort of `local`, in `local`'s order.
  /// - Returns: one row per local factor, one column per aggregate factor; 0 where a column is all zero.
  public static func congruence(local: AnalysisResult, aggregate: AnalysisResult, aggregateRows: [Int]) -> [[Double]] {
    let localCount = local.factorLabels.count
    let aggregateCount = aggregate.factorLabels.count
    return (0..<localCount).map { l in
      (0..<aggregateCount).map { a in
        var xy = 0.0
        var xx = 0.0
        var yy = 0.0
        for (row, aggregateRow) in aggregateRows.enumerated() {
          let x = local.loadings[row][l]
          let y = aggregate.loadings[aggregateRow][a]
          xy += x * y
          xx += x * x
          yy += y * y
        }
        return xx > 0 && yy > 0 ? xy / (xx * yy).squareRoot() : 0
      }
    }
  }
}

/// One site's row of the report's Table 20: which aggregate viewpoints appear at the site through
/// its local analysis, and which local viewpoints are its own.
public struct SiteSummary: Sendable, Codable, Equatable {
  /// Per aggregate factor, the local factor that stands for it at this site (`null` if none).
  public var aggregate: [SecondOrderMatch?]
  /// The site's local factors that stand for no aggregate factor.
  public var localOnly: [String]

  public init(aggregate: [SecondOrderMatch?], localOnly: [String]) {
    self.aggregate = aggregate
    self.localOnly = localOnly
  }
}
