/// The reliability figures of one factor (Brown 1980, pp. 244–247).
public struct FactorCharacteristics: Sendable, Codable, Equatable {
  /// Number of defining (flagged) sorts, p.
  public var definingSorts: Int
  /// Sum of squared loadings over all sorts (PQMethod's and qmethod's "eigenvalue" of a rotated factor).
  public var eigenvalue: Double
  /// 100 · eigenvalue / number of sorts.
  public var explainedVariance: Double
  /// Composite reliability p·r/(1 + (p − 1)·r) with r the average reliability of one sort.
  public var compositeReliability: Double
  /// Standard error of the factor scores, √(1 − reliability) (the z-scores have SD 1).
  public var seFactorScores: Double

  /// Characteristics from a factor's loadings column and flags.
  static func compute(
    loadings: [Double], flags: [Bool], averageReliability r: Double
  ) -> FactorCharacteristics {
    let p = flags.filter { $0 }.count
    let eigenvalue = loadings.reduce(0) { $0 + $1 * $1 }
    let reliability = p == 0 ? 0 : Double(p) * r / (1 + Double(p - 1) * r)
    return FactorCharacteristics(
      definingSorts: p,
      eigenvalue: eigenvalue,
      explainedVariance: 100 * eigenvalue / Double(loadings.count),
      compositeReliability: reliability,
      seFactorScores: (1 - reliability).squareRoot())
  }

  /// Standard error of the difference between two factors' z-scores, √(SE_j² + SE_m²).
  static func seDifference(_ a: FactorCharacteristics, _ b: FactorCharacteristics) -> Double {
    (a.seFactorScores * a.seFactorScores + b.seFactorScores * b.seFactorScores).squareRoot()
  }
}

/// Pearson correlation of two equally long vectors (the correlation between factor z-scores).
func pearson(_ x: [Double], _ y: [Double]) -> Double {
  let n = Double(x.count)
  let mx = x.reduce(0, +) / n
  let my = y.reduce(0, +) / n
  var sxy = 0.0
  var sxx = 0.0
  var syy = 0.0
  for i in x.indices {
    sxy += (x[i] - mx) * (y[i] - my)
    sxx += (x[i] - mx) * (x[i] - mx)
    syy += (y[i] - my) * (y[i] - my)
  }
  return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
}
