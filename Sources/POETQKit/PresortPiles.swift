import Foundation

/// One of the three piles of the presort (SPEC §4 step 3).
public enum PresortPile: String, Sendable, Hashable, Codable, CaseIterable {
  /// Statements the participant disagrees with.
  case disagree
  /// Statements the participant feels neutral or indifferent about (the report's "neutral category").
  case neutral
  /// Statements the participant agrees with.
  case agree
}

/// The outcome of the presort: the statement ids in each pile, each pile in the order the
/// participant sorted its statements (the presort order is randomised per participant, so this is
/// the order the stepwise ranking shows candidates in).
public struct PresortPiles: Sendable, Hashable, Codable {
  /// The statements the participant agrees with, in presort order.
  public var agree: [Int]
  /// The statements the participant feels neutral about, in presort order.
  public var neutral: [Int]
  /// The statements the participant disagrees with, in presort order.
  public var disagree: [Int]

  /// Creates the piles; an omitted pile is empty.
  public init(agree: [Int] = [], neutral: [Int] = [], disagree: [Int] = []) {
    self.agree = agree
    self.neutral = neutral
    self.disagree = disagree
  }

  /// The statements of one pile, in presort order.
  public subscript(pile: PresortPile) -> [Int] {
    get {
      switch pile {
      case .agree: return agree
      case .neutral: return neutral
      case .disagree: return disagree
      }
    }
    set {
      switch pile {
      case .agree: agree = newValue
      case .neutral: neutral = newValue
      case .disagree: disagree = newValue
      }
    }
  }

  /// Every statement in the piles: agree, then neutral, then disagree.
  public var allStatements: [Int] { agree + neutral + disagree }

  /// The number of statements in the three piles together.
  public var count: Int { agree.count + neutral.count + disagree.count }

  /// The pile `statement` is in, or `nil` when it is in none.
  public func pile(of statement: Int) -> PresortPile? {
    PresortPile.allCases.first { self[$0].contains(statement) }
  }
}
