import Foundation
import POETQKit
import Testing

/// Seeded random participants on random grids: whatever they do along the way, the flow keeps its
/// promises.
@Suite("Participant flow: random runs")
struct ParticipantFlowPropertyTests {
  /// A grid of 1–7 columns in one of `GridFamily`'s layouts, capacities 0–3 (so possibly no
  /// statements at all).
  static func randomGrid(using generator: inout SplitMix64) -> SortGrid {
    let columnCount = Int.random(in: 1...7, using: &generator)
    let scores = GridFamily.layouts(columnCount: columnCount).randomElement(using: &generator)!
    return try! SortGrid(
      columns: scores.map { SortGrid.Column(score: $0, capacity: Int.random(in: 0...3, using: &generator)) })
  }

  /// The first way the final placements contradict the presort, or nil.
  static func presortContradiction(_ placements: [Int: Int], piles: PresortPiles) -> String? {
    let scores = { (pile: PresortPile) in piles[pile].compactMap { placements[$0] } }
    for (higher, lower) in [(PresortPile.agree, PresortPile.neutral), (.neutral, .disagree), (.agree, .disagree)] {
      if let lowest = scores(higher).min(), let highest = scores(lower).max(), lowest < highest {
        return "a \(higher) statement at \(lowest) is below a \(lower) one at \(highest)"
      }
    }
    return nil
  }

  @Test(
    "random grids, presorts and choices, with undo and looking back: review holds a valid grid in presort order",
    arguments: 0..<4 as Range<UInt64>)
  func stepwiseRuns(batch: UInt64) throws {
    var generator = SplitMix64(seed: 0xF10E + batch)
    var choicesMade = 0
    for run in 0..<150 {
      let grid = Self.randomGrid(using: &generator)
      let statements = GridFamily.statements(count: grid.totalCapacity)
      let commentScores = grid.scores.filter { _ in Int.random(in: 0..<3, using: &generator) == 0 }
      let design = FlowFixture.design(grid: grid, statements: statements, commentScores: commentScores)
      var driver = FlowDriver(design: design, presortOrder: statements.shuffled(using: &generator))
      let label = "batch \(batch) run \(run): \(grid.columns.map { "\($0.score):\($0.capacity)" })"

      while let next = driver.flow.nextInPresort {
        try driver.run(.presort(statement: next, pile: PresortPile.allCases.randomElement(using: &generator)!))
        if Int.random(in: 0..<8, using: &generator) == 0 {
          try driver.run(.undoPresort)
          #expect(driver.flow.nextInPresort == next, "\(label)")
        }
      }
      let piles = driver.flow.piles
      #expect(piles.count == statements.count, "\(label)")
      try driver.run(.proceed)

      var steps = 0
      while driver.flow.stage == .ranking {
        let step = try driver.flow.ranking(design: design).nextStep
        guard case .choose(let score, let count, let candidates, _) = step else {
          Issue.record("\(label): the ranking stage has nothing to choose: \(step)")
          break
        }
        let pick = Chooser.seededRandom.pick(count, from: candidates, using: &generator)
        #expect(throws: FlowError.wrongChoice(.wrongCount(score: score, expected: count, chosen: count + 1))) {
          try driver.trying(.choose(candidates.prefix(count + 1).map { $0 }))
        }
        try driver.run(.choose(pick))
        steps += 1
        if driver.flow.stage == .ranking, Int.random(in: 0..<5, using: &generator) == 0 {
          let choices = driver.flow.rankingChoices
          try driver.run([.back, .proceed])
          #expect(driver.flow.stage == .ranking, "\(label)")
          #expect(driver.flow.rankingChoices == choices, "\(label)")
          try driver.run(.undoChoice)
          #expect(try driver.flow.ranking(design: design).nextStep == step, "\(label): undo reopens the step")
          try driver.run(.choose(pick))
        }
      }
      choicesMade += steps

      #expect(driver.flow.stage == .review, "\(label)")
      #expect(driver.flow.rankingChoices.count == steps, "\(label)")
      let allocation = try StepwiseAllocation(grid: grid, piles: piles, choices: driver.flow.rankingChoices)
      #expect(driver.flow.placements == allocation.placements, "\(label)")
      #expect(
        GridPlacement.problems(in: driver.flow.placements, statements: statements, grid: grid, distribution: .forced)
          == [], "\(label)")
      #expect(Self.presortContradiction(driver.flow.placements, piles: piles) == nil, "\(label)")

      let expectedComments = driver.flow.placements.filter { commentScores.contains($0.value) }
        .sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
      #expect(driver.flow.commentStatements(design: design) == expectedComments, "\(label)")
      try driver.run(.proceed)
      #expect(driver.flow.stage == (expectedComments.isEmpty ? .submitted : .comments), "\(label)")
      #expect(driver.flow.sortTime == driver.clock, "\(label): the presort started at consent")
      if driver.flow.stage == .comments { try driver.run(.proceed) }
      #expect(driver.flow.stage == .submitted, "\(label)")
      let decoded = try JSONDecoder().decode(ParticipantFlow.self, from: JSONEncoder().encode(driver.flow))
      #expect(decoded == driver.flow, "\(label)")
    }
    #expect(choicesMade > 150, "the runs exercise the ranking")
  }

  @Test(
    "random placements in grid mode: refused exactly when a forced column is full; going on exactly when valid",
    arguments: [DistributionKind.forced, .free])
  func gridModeRuns(distribution: DistributionKind) throws {
    var generator = SplitMix64(seed: distribution == .forced ? 0x61D : 0xF4EE)
    var fullColumns = 0
    var incomplete = 0
    var completeAtRandom = 0
    for run in 0..<150 {
      let grid = Self.randomGrid(using: &generator)
      // A free distribution need not hold exactly the grid's capacity.
      let extra = distribution == .free ? Int.random(in: -1...2, using: &generator) : 0
      let statements = GridFamily.statements(count: max(0, grid.totalCapacity + extra))
      let design = FlowFixture.design(grid: grid, statements: statements, distribution: distribution, method: .grid)
      var driver = FlowDriver(design: design, presortOrder: statements)
      while let next = driver.flow.nextInPresort {
        try driver.run(.presort(statement: next, pile: PresortPile.allCases.randomElement(using: &generator)!))
      }
      try driver.run(.proceed)
      let label = "\(distribution) run \(run): \(grid.columns.map { "\($0.score):\($0.capacity)" })"

      var model: [Int: Int] = [:]
      for _ in 0..<(statements.count * 2) {
        let statement = statements.randomElement(using: &generator)!
        let score = Int.random(in: 0..<5, using: &generator) == 0 ? nil : grid.scores.randomElement(using: &generator)
        let capacity = score.flatMap { grid.capacity(ofScore: $0) } ?? 0
        if let score, distribution == .forced, model[statement] != score,
          model.values.filter({ $0 == score }).count >= capacity
        {
          #expect(throws: FlowError.columnFull(score: score, capacity: capacity), "\(label)") {
            try driver.trying(.place(statement: statement, score: score))
          }
          fullColumns += 1
        } else {
          try driver.run(.place(statement: statement, score: score))
          model[statement] = score
        }
        #expect(driver.flow.placements == model, "\(label)")
      }

      let problems = GridPlacement.problems(in: model, statements: statements, grid: grid, distribution: distribution)
      if problems.isEmpty {
        completeAtRandom += 1
        try driver.run([.proceed, .back])
      } else {
        #expect(throws: FlowError.gridIncomplete(problems), "\(label)") { try driver.trying(.proceed) }
        incomplete += 1
      }

      // Complete the grid: forced, column by column from scratch; free, the rest anywhere.
      if distribution == .forced {
        for statement in statements { try driver.run(.place(statement: statement, score: nil)) }
        try driver.fillGrid(statements)
      } else {
        for statement in statements where model[statement] == nil {
          try driver.run(.place(statement: statement, score: grid.scores.randomElement(using: &generator)!))
        }
      }
      #expect(driver.flow.placements.count == statements.count, "\(label)")
      try driver.run(.proceed)
      #expect(driver.flow.stage == .review, "\(label)")
      #expect(
        GridPlacement.problems(
          in: driver.flow.placements, statements: statements, grid: grid, distribution: distribution)
          == [], "\(label)")
    }
    #expect(incomplete > 10, "some runs leave the grid incomplete")
    #expect(completeAtRandom > 0, "some runs complete it at random")
    if distribution == .forced { #expect(fullColumns > 10, "some runs meet a full column") }
  }
}
