/// Humphrey's rule and the count of significant loadings, applied to each unrotated factor.
///
/// Humphrey's rule: a factor is significant when the product of its two highest loadings (in
/// absolute value) exceeds twice the standard error of a zero-order loading, SE = 1/√statements
/// (Brown 1980, p. 223; Watts & Stenner 2012, p. 107). The second criterion asks for at least two
/// significant loadings, |a| > 1.96/√statements (p < .05), on the factor (Watts & Stenner 2012, p. 107).
public enum HumphreyRule {
  /// One unrotated factor under both criteria.
  public struct Factor: Sendable, Codable, Equatable {
    /// 1-based factor number.
    public var factor: Int
    /// |a₁|·|a₂|, the two highest absolute loadings.
    public var product: Double
    /// `product > 2·SE`.
    public var passes: Bool
    /// Sorts with |a| > 1.96/√statements.
    public var significantLoadings: Int
  }

  public struct Result: Sendable, Codable, Equatable {
    /// 1/√statements.
    public var standardError: Double
    /// 2·SE, the bar for the product.
    public var threshold: Double
    /// 1.96·SE, the bar for one significant loading.
    public var significanceThreshold: Double
    public var factors: [Factor]
    /// Leading factors passing Humphrey's rule (counting stops at the first that fails).
    public var suggested: Int
    /// Leading factors with at least two significant loadings.
    public var suggestedBySignificantLoadings: Int
  }

  /// Applies both criteria to every column of `unrotated` (sorts × factors).
  public static func apply(unrotated: Matrix, statementCount: Int) -> Result {
    let se = 1 / Double(statementCount).squareRoot()
    let significance = SignificanceLevel.p05.z * se
    let factors = (0..<unrotated.columns).map { c -> Factor in
      let magnitudes = unrotated.column(c).map(abs).sorted(by: >)
      let product = magnitudes.count >= 2 ? magnitudes[0] * magnitudes[1] : 0
      return Factor(
        factor: c + 1, product: product, passes: product > 2 * se,
        significantLoadings: magnitudes.filter { $0 > significance }.count)
    }
    return Result(
      standardError: se, threshold: 2 * se, significanceThreshold: significance, factors: factors,
      suggested: factors.prefix { $0.passes }.count,
      suggestedBySignificantLoadings: factors.prefix { $0.significantLoadings >= 2 }.count)
  }
}
