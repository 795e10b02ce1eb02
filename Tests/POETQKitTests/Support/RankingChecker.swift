import Foundation
import POETQKit

/// Runs one stepwise ranking to the end with a simulated participant and checks it against an
/// independent model of the rule (SPEC §4), step by step. Returns a description of the first broken
/// invariant, or `nil` when the run is sound.
///
/// What is checked, at every step:
/// - columns are visited +outermost…+1, then −outermost…−1, then 0, skipping capacity-0 columns,
///   and each column's fills are consecutive;
/// - a column draws on the first non-empty pile of its supply order (agree → neutral → disagree on
///   the positive side and in the middle, disagree → neutral → agree on the negative side);
/// - a choice asks for exactly the room left in the column and offers exactly the statements left in
///   that pile, in presort order, and more of them than it asks for;
/// - an automatic fill places the whole of what is left in its pile (candidates == count), and no
///   more than the column has room for; so steps are automatic exactly when candidates == count;
/// - the chosen statements are recorded as chosen, at the step's score;
/// - `automaticFillsSinceLastChoice` is exactly the fills after the last chosen one.
/// And at the end:
/// - every column is full and every pile empty; the placements pass `GridPlacement` (forced);
/// - the grid never contradicts the presort: every agree statement scores at least as high as every
///   neutral one, and every neutral one at least as high as every disagree one;
/// - statements cross to the other side only when their piles ran out, precisely: with P, M and Z
///   places on the positive side, the negative side and at 0, an agree statement scores ≤ 0 exactly
///   when the agree pile holds more than P, and < 0 exactly when it holds more than P + Z; a disagree
///   statement scores ≥ 0 exactly when the disagree pile holds more than M, and > 0 exactly when it
///   holds more than M + Z.
/// With `checkUndoAndStorage`, also at every choice: undo gives back the state before it (equal,
/// same next step, same fills), replaying the choices rebuilds the same state, and a JSON round
/// trip gives an equal state with the same next step.
func firstBrokenInvariant(
  grid: SortGrid, piles: PresortPiles, chooser: Chooser, seed: UInt64, checkUndoAndStorage: Bool = false
) -> String? {
  // Built only on failure: string building would otherwise dominate the exhaustive runs.
  func broken(_ message: String) -> String {
    let columns = grid.columns.map { "\(SortGrid.label(ofScore: $0.score)):\($0.capacity)" }.joined(separator: " ")
    return "grid \(columns), agree \(piles.agree), neutral \(piles.neutral), disagree \(piles.disagree), "
      + "\(chooser.rawValue): \(message)"
  }

  let holding = grid.columns.filter { $0.capacity > 0 }
  let expectedVisits =
    holding.filter { $0.score > 0 }.map(\.score).sorted(by: >)
    + holding.filter { $0.score < 0 }.map(\.score).sorted()
    + holding.filter { $0.score == 0 }.map(\.score)
  func supply(_ score: Int) -> [PresortPile] {
    score < 0 ? [.disagree, .neutral, .agree] : [.agree, .neutral, .disagree]
  }

  var generator = SplitMix64(seed: seed)
  var ranking: StepwiseAllocation
  do {
    ranking = try StepwiseAllocation(grid: grid, piles: piles)
  } catch {
    return broken("the ranking would not start: \(error)")
  }
  var left = piles
  var room: [Int: Int] = Dictionary(uniqueKeysWithValues: grid.columns.map { ($0.score, $0.capacity) })
  var visits: [Int] = []
  var checkedFills = 0

  while true {
    for fill in ranking.fills[checkedFills...] {
      if visits.last != fill.score { visits.append(fill.score) }
      let roomLeft = room[fill.score] ?? 0
      guard let expectedPile = supply(fill.score).first(where: { !left[$0].isEmpty }), fill.pile == expectedPile else {
        return broken("column \(fill.score) drew on \(fill.pile) out of turn")
      }
      if fill.origin == .automatic {
        guard fill.statements == left[fill.pile] else {
          return broken("automatic fill at \(fill.score) placed \(fill.statements); the pile held \(left[fill.pile])")
        }
      }
      guard fill.statements.count <= roomLeft, !fill.statements.isEmpty else {
        return broken("fill at \(fill.score) placed \(fill.statements.count) with room for \(roomLeft)")
      }
      let placed = Set(fill.statements)
      left[fill.pile].removeAll { placed.contains($0) }
      room[fill.score] = roomLeft - fill.statements.count
    }
    checkedFills = ranking.fills.count
    let lastChosen = ranking.fills.lastIndex { $0.origin == .chosen }
    guard ranking.automaticFillsSinceLastChoice == Array(ranking.fills[(lastChosen.map { $0 + 1 } ?? 0)...]) else {
      return broken("automaticFillsSinceLastChoice is \(ranking.automaticFillsSinceLastChoice)")
    }

    switch ranking.nextStep {
    case .choose(let score, let count, let candidates, let pile):
      guard score == expectedVisits.first(where: { room[$0, default: 0] > 0 }) else {
        return broken("asked about column \(score) out of turn (room \(room))")
      }
      guard pile == supply(score).first(where: { !left[$0].isEmpty }), candidates == left[pile] else {
        return broken("column \(score) offers \(candidates) from \(pile); expected the first non-empty pile")
      }
      guard count == room[score], candidates.count > count else {
        return broken("column \(score) asks for \(count) of \(candidates.count) with room \(room[score] ?? 0)")
      }
      let pick = chooser.pick(count, from: candidates, using: &generator)
      let next: StepwiseAllocation
      do {
        next = try ranking.choosing(pick)
      } catch {
        return broken("choosing \(pick) at \(score) was refused: \(error)")
      }
      let recorded = next.fills[checkedFills]
      guard recorded.origin == .chosen, recorded.score == score, recorded.statements == pick, recorded.pile == pile
      else {
        return broken("the choice \(pick) at \(score) was recorded as \(recorded)")
      }
      if checkUndoAndStorage, let problem = undoAndStorageProblem(before: ranking, after: next) {
        return broken(problem)
      }
      ranking = next

    case .finished(let placements):
      guard left.count == 0, room.values.allSatisfy({ $0 == 0 }) else {
        return broken("finished with statements left \(left) or room left \(room)")
      }
      guard visits == expectedVisits else {
        return broken("visited columns \(visits); expected \(expectedVisits)")
      }
      guard placements == ranking.placements else { return broken("finished placements differ from placements") }
      let problems = GridPlacement.problems(
        in: placements, statements: piles.allStatements, grid: grid, distribution: .forced)
      guard problems.isEmpty else { return broken("invalid grid: \(problems)") }
      return presortProblem(placements: placements, grid: grid, piles: piles).map(broken)
    }
  }
}

/// The ways a finished grid could contradict the presort (see `firstBrokenInvariant`).
private func presortProblem(placements: [Int: Int], grid: SortGrid, piles: PresortPiles) -> String? {
  let scores = { (pile: PresortPile) in piles[pile].map { placements[$0]! } }
  let agree = scores(.agree)
  let neutral = scores(.neutral)
  let disagree = scores(.disagree)
  for (higher, lower, names) in [
    (agree, neutral, "agree/neutral"), (neutral, disagree, "neutral/disagree"), (agree, disagree, "agree/disagree"),
  ] {
    if let lowest = higher.min(), let highest = lower.max(), lowest < highest {
      return "\(names): a statement at \(lowest) is below one at \(highest)"
    }
  }
  let positive = grid.columns.filter { $0.score > 0 }.reduce(0) { $0 + $1.capacity }
  let negative = grid.columns.filter { $0.score < 0 }.reduce(0) { $0 + $1.capacity }
  let middle = grid.capacity(ofScore: 0) ?? 0
  let checks: [(Bool, Bool, String)] = [
    (agree.contains { $0 <= 0 }, piles.agree.count > positive, "agree at or below 0"),
    (agree.contains { $0 < 0 }, piles.agree.count > positive + middle, "agree below 0"),
    (disagree.contains { $0 >= 0 }, piles.disagree.count > negative, "disagree at or above 0"),
    (disagree.contains { $0 > 0 }, piles.disagree.count > negative + middle, "disagree above 0"),
  ]
  for (happened, pilesRanOut, what) in checks where happened != pilesRanOut {
    return "\(what): happened \(happened), piles ran out \(pilesRanOut)"
  }
  return nil
}

/// Undo, replay and JSON storage around one accepted choice.
private func undoAndStorageProblem(before: StepwiseAllocation, after: StepwiseAllocation) -> String? {
  do {
    let undone = try after.undoingLastChoice()
    guard undone == before, undone.nextStep == before.nextStep, undone.fills == before.fills else {
      return "undo did not restore the step before the choice"
    }
    let replayed = try StepwiseAllocation(grid: after.grid, piles: after.piles, choices: after.choices)
    guard replayed == after, replayed.nextStep == after.nextStep, replayed.fills == after.fills else {
      return "replaying the choices gave a different state"
    }
    let decoded = try JSONDecoder().decode(StepwiseAllocation.self, from: JSONEncoder().encode(after))
    guard decoded == after, decoded.nextStep == after.nextStep, decoded.placements == after.placements else {
      return "the JSON round trip gave a different state"
    }
  } catch {
    return "undo, replay or storage failed: \(error)"
  }
  return nil
}
