import Foundation

/// What the stepwise ranking needs next: a choice from the participant, or nothing (it is complete).
///
/// Steps that need no choice (the candidates exactly fill what is asked) never appear here: they are
/// applied at once and reported as ``StepwiseFill``s with origin ``StepwiseFill/Origin/automatic``,
/// so the page can announce "these were placed for you".
public enum StepwiseStep: Sendable, Hashable, Codable {
  /// The participant chooses exactly `count` of `candidates` for the column `score`.
  ///
  /// On the positive side (`score > 0`) the question is which statements they agree with most, on
  /// the negative side which they disagree with most. `candidates` are the statements left in
  /// `pile`, in presort order, and there are always more of them than `count`.
  case choose(score: Int, count: Int, candidates: [Int], pile: PresortPile)
  /// Every statement is placed: statement id → score, a complete fill of the grid.
  case finished(placements: [Int: Int])
}

/// One completed step of the stepwise ranking: statements from one pile put into one column.
public struct StepwiseFill: Sendable, Hashable, Codable {
  /// How the statements came to be placed.
  public enum Origin: String, Sendable, Hashable, Codable, CaseIterable {
    /// The participant chose them.
    case chosen
    /// They were placed without asking, because they were all the pile had left and the column
    /// had room for all of them.
    case automatic
  }

  /// The column the statements went to.
  public var score: Int
  /// The statements placed, in the order chosen (``Origin/chosen``) or in presort order
  /// (``Origin/automatic``).
  public var statements: [Int]
  /// The presort pile the statements came from.
  public var pile: PresortPile
  /// Whether the participant chose them or they were placed for them.
  public var origin: Origin

  /// Creates a fill.
  public init(score: Int, statements: [Int], pile: PresortPile, origin: Origin) {
    self.score = score
    self.statements = statements
    self.pile = pile
    self.origin = origin
  }
}
