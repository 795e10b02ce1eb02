import Foundation
import QMethod

/// Carrying a researcher's interpretations from one analysis to another made from it (a re-run after
/// a withdrawal, hand flags or a hand rotation saved as new): each factor goes to the factor whose
/// array it matches one-to-one (each the other's best match by the correlation of their factor arrays,
/// ``AnalysisComparison``; Watts & Stenner 2012, p. 141) at or above a threshold. Weaker or ambiguous
/// matches are offered, not carried.
public enum InterpretationCarry {
  /// Factor arrays correlating at 0.90 or more are taken as the same viewpoint.
  public static let defaultThreshold = 0.90

  /// A factor of the earlier analysis and the factor of the new one it resembles most.
  public struct Match: Sendable, Equatable {
    /// The factors, 1-based: of the earlier analysis, and of the new one.
    public var from: Int
    public var to: Int
    /// The correlation of their factor arrays.
    public var r: Double
    /// Whether it is carried by itself: one-to-one and at or above the threshold.
    public var carried: Bool
  }

  /// Per factor of `earlier`, its best match in `later` (none when it has no array).
  public static func matches(
    from earlier: AnalysisResult, to later: AnalysisResult, threshold: Double = defaultThreshold
  ) -> [Match] {
    let comparison = AnalysisComparison(earlier, later)
    let r = comparison.arrayCorrelations
    func best(_ values: [Double?]) -> Int? {
      values.indices.filter { values[$0] != nil }.max { values[$0]! < values[$1]! }
    }
    return earlier.factorLabels.indices.compactMap { a -> Match? in
      guard let b = best(r[a]), let value = r[a][b] else { return nil }
      let backwards = best(r.map { $0[b] })
      return Match(from: a + 1, to: b + 1, r: value, carried: backwards == a && value >= threshold)
    }
  }

  /// `interpretation` as it goes to factor `factor` (1-based) of `result`: the writing whole, the
  /// quotes of sorts that still define the factor; the others are recorded as dropped (the page says
  /// which), never kept with their words.
  public static func carried(_ interpretation: FactorInterpretation, to factor: Int, in result: AnalysisResult)
    -> FactorInterpretation
  {
    let exemplars =
      factor >= 1 && factor <= result.exemplars.count ? Set(result.exemplars[factor - 1].map(\.sort)) : []
    let leaving = Set(interpretation.quotes.map(\.sort).filter { !exemplars.contains($0) })
    return interpretation.removingQuotes(of: leaving, reason: .notDefining) ?? interpretation
  }
}
