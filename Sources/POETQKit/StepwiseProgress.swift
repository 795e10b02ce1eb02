import Foundation

/// The working state of one stepwise ranking: what is left, what is placed, and what comes next.
///
/// ``StepwiseAllocation`` rebuilds this from its grid, piles and choices and never stores it; the
/// rules it follows are documented there.
struct StepwiseProgress: Sendable {
  /// The columns that hold statements, in the order they are filled.
  let visitOrder: [SortGrid.Column]
  /// The index in `visitOrder` of the column being filled.
  private(set) var columnIndex = 0
  /// How many more statements the column being filled takes.
  private(set) var roomLeft: Int
  /// The statements not yet placed, each pile still in presort order.
  private(set) var remaining: PresortPiles
  /// Statement id → score for every statement placed so far.
  private(set) var placements: [Int: Int] = [:]
  /// Every completed step, in order.
  private(set) var fills: [StepwiseFill] = []
  /// The choice the participant must make next, or the finished grid.
  private(set) var nextStep: StepwiseStep = .finished(placements: [:])

  /// Starts a ranking and applies every step that needs no choice.
  ///
  /// The caller has checked that the piles hold exactly as many statements as the grid, each once.
  init(grid: SortGrid, piles: PresortPiles) {
    visitOrder = Self.visitOrder(of: grid)
    roomLeft = visitOrder.first?.capacity ?? 0
    remaining = piles
    advance()
  }

  /// The columns with room, positive side from the outermost inward, then the negative side from the
  /// outermost inward, then the middle (score 0). Columns of capacity 0 are left out: nothing goes
  /// there, so there is nothing to ask.
  static func visitOrder(of grid: SortGrid) -> [SortGrid.Column] {
    let holding = grid.columns.filter { $0.capacity > 0 }
    let positive = holding.filter { $0.score > 0 }.reversed()
    let negative = holding.filter { $0.score < 0 }
    let middle = holding.filter { $0.score == 0 }
    return positive + negative + middle
  }

  /// The piles that supply a column, in the order they are drawn on: the pile that matches the side
  /// first, the neutral pile next, the opposite pile last. The middle column takes whatever is left,
  /// so its order only decides the order the automatic fills are reported in.
  static func supplyOrder(forScore score: Int) -> [PresortPile] {
    score < 0 ? [.disagree, .neutral, .agree] : [.agree, .neutral, .disagree]
  }

  /// Applies the participant's choice for the pending step, then every step that follows without one.
  ///
  /// - Throws: ``StepwiseAllocationError/alreadyFinished`` when nothing is pending;
  ///   ``StepwiseAllocationError/chosenTwice(_:)``, ``StepwiseAllocationError/notACandidate(statement:score:)``
  ///   or ``StepwiseAllocationError/wrongCount(score:expected:chosen:)``, checked in that order.
  mutating func choose(_ statements: [Int]) throws(StepwiseAllocationError) {
    guard case .choose(let score, let count, let candidates, let pile) = nextStep else {
      throw .alreadyFinished
    }
    var seen = Set<Int>()
    for statement in statements where !seen.insert(statement).inserted {
      throw .chosenTwice(statement)
    }
    let candidateSet = Set(candidates)
    if let stranger = statements.first(where: { !candidateSet.contains($0) }) {
      throw .notACandidate(statement: stranger, score: score)
    }
    guard statements.count == count else {
      throw .wrongCount(score: score, expected: count, chosen: statements.count)
    }
    place(statements, from: pile, at: score, origin: .chosen)
    advance()
  }

  /// Fills columns until a choice is needed or the grid is full.
  ///
  /// A column draws on the first pile of its supply order that still has statements. If that pile
  /// has more statements than the column has room, the participant chooses; otherwise all of them
  /// go in without asking and the column, if it still has room, draws on the next pile.
  private mutating func advance() {
    while columnIndex < visitOrder.count {
      guard roomLeft > 0 else {
        columnIndex += 1
        if columnIndex < visitOrder.count { roomLeft = visitOrder[columnIndex].capacity }
        continue
      }
      let score = visitOrder[columnIndex].score
      guard let pile = Self.supplyOrder(forScore: score).first(where: { !remaining[$0].isEmpty }) else {
        preconditionFailure("the grid has room left but the piles are empty; the capacities were not checked")
      }
      let candidates = remaining[pile]
      guard candidates.count <= roomLeft else {
        nextStep = .choose(score: score, count: roomLeft, candidates: candidates, pile: pile)
        return
      }
      place(candidates, from: pile, at: score, origin: .automatic)
    }
    nextStep = .finished(placements: placements)
  }

  /// Moves `statements` from `pile` into the current column.
  private mutating func place(_ statements: [Int], from pile: PresortPile, at score: Int, origin: StepwiseFill.Origin) {
    let placed = Set(statements)
    remaining[pile].removeAll { placed.contains($0) }
    for statement in statements { placements[statement] = score }
    fills.append(StepwiseFill(score: score, statements: statements, pile: pile, origin: origin))
    roomLeft -= statements.count
  }
}
