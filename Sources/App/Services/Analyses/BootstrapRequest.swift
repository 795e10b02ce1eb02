import Foundation
import QMethod

/// The `"bootstrap"` of an analysis request: `{"steps": 1000, "seed": 42}` (Zabala & Pascual 2016).
/// Steps are bounded for the server (``stepsRange``): the runner has one thread, and 5,000 steps of
/// a 100-sort PCA take seconds there, while the CLI allows up to the engine's 100,000. A seed left
/// out is drawn once and stored with the analysis's options, so a re-run (or `poetq analyze
/// --config`) reproduces the same numbers. Unknown fields are refused, like the rest of the body.
struct BootstrapRequest: APIBody, Sendable, Equatable {
  var steps: Int
  var seed: UInt64?

  /// The steps a run from the API or the run form may ask for.
  static let stepsRange = 10...5_000
  /// Seeds up to 2⁵³ − 1: JSON readers that hold numbers as doubles (browsers) keep them exact.
  static let largestSeed: UInt64 = (1 << 53) - 1

  enum CodingKeys: String, CodingKey, CaseIterable {
    case steps, seed
  }

  init(steps: Int, seed: UInt64?) {
    self.steps = steps
    self.seed = seed
  }

  init(from decoder: any Decoder) throws {
    try decoder.refuseUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    steps = try c.decode(Int.self, forKey: .steps)
    guard Self.stepsRange.contains(steps) else {
      throw Self.problem(
        c, .steps,
        "draw \(Self.stepsRange.lowerBound) to \(Self.stepsRange.upperBound) resamples, not \(steps) (the command line allows more)."
      )
    }
    // Read as a signed number, so a negative seed is named here rather than as a number that does
    // not fit.
    let seed = try c.decodeIfPresent(Int.self, forKey: .seed)
    if let seed, seed < 0 || UInt64(seed) > Self.largestSeed {
      throw Self.problem(c, .seed, "use a whole number from 0 to \(Self.largestSeed), not \(seed).")
    }
    self.seed = seed.map(UInt64.init)
  }

  /// A decoding error whose text names the field (`bootstrap.steps: …`), passed on as a 400.
  private static func problem(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, _ text: String)
    -> DecodingError
  {
    .dataCorrupted(
      DecodingError.Context(
        codingPath: c.codingPath + [key], debugDescription: text, underlyingError: APIFieldProblem()))
  }

  /// The engine's options: the seed asked for, or one drawn now (and stored with the analysis).
  var options: BootstrapOptions {
    BootstrapOptions(steps: steps, seed: seed ?? UInt64.random(in: 0...Self.largestSeed))
  }
}
