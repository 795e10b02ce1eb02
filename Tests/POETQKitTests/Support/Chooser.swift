/// A simulated participant: which of the candidates they choose at a step.
enum Chooser: String, CaseIterable, Sendable {
  /// Takes the first candidates shown (presort order).
  case firstCandidates
  /// Takes the last candidates shown.
  case lastCandidates
  /// Takes candidates at random from a seeded generator, and lists them in random order.
  case seededRandom

  func pick(_ count: Int, from candidates: [Int], using generator: inout SplitMix64) -> [Int] {
    switch self {
    case .firstCandidates: return Array(candidates.prefix(count))
    case .lastCandidates: return Array(candidates.suffix(count))
    case .seededRandom: return Array(candidates.shuffled(using: &generator).prefix(count))
    }
  }
}
