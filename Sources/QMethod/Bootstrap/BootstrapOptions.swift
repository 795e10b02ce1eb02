/// How a bootstrap aligns each step's factors with the full solution before comparing them.
public enum BootstrapAlignment: String, Sendable, Codable, CaseIterable {
  /// Orthogonal Procrustes rotation of the step's loadings onto the full solution's (over the sorts
  /// the step drew): rotation, reflection and re-ordering in one, for any number of factors.
  case procrustes
  /// Only re-order and reflect the step's rotated factors (the signed permutation closest to the
  /// full solution, found exactly for any number of factors): what qmethod's `qindtest` attempts,
  /// without its failures when two factors match the same target.
  case reorder
}

/// The bootstrap of an analysis (Zabala & Pascual 2016, "Bootstrapping Q methodology to improve
/// the understanding of human perspectives", *PLoS ONE* 11(2): e0148087): resample the sorts with
/// replacement `steps` times, run the same analysis on each resample, align its factors with the
/// full solution, and summarise how z-scores, array positions and flags vary.
public struct BootstrapOptions: Sendable, Hashable, Codable {
  /// Resamples drawn (1…100,000).
  public var steps: Int
  /// The seed of the resampling (xoshiro256**): the same seed gives the same result everywhere.
  public var seed: UInt64
  public var alignment: BootstrapAlignment

  /// The most steps a bootstrap may ask for.
  public static let maxSteps = 100_000

  public init(steps: Int = 1000, seed: UInt64 = 1, alignment: BootstrapAlignment = .procrustes) {
    self.steps = steps
    self.seed = seed
    self.alignment = alignment
  }

  public init(from decoder: any Decoder) throws {
    self.init()
    let container = try decoder.container(keyedBy: CodingKeys.self)
    steps = try container.decodeIfPresent(Int.self, forKey: .steps) ?? steps
    seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
    alignment = try container.decodeIfPresent(BootstrapAlignment.self, forKey: .alignment) ?? alignment
  }
}
