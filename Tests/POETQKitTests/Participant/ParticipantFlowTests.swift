import Foundation
import POETQKit
import Testing

@Suite("Participant flow: stages, presort, stepwise ranking, review")
struct ParticipantFlowTests {
  let design = FlowFixture.design()

  /// The placements of the stepwise run in `fullStepwiseRun` (choices [8], [3, 5], [6], [9]).
  static let rankedPlacements: [Int: Int] = [8: 2, 3: 1, 5: 1, 6: -2, 4: -1, 9: -1, 1: 0, 2: 0, 7: 0]

  // MARK: - Stages and the start

  @Test("a design has the stages it has content for: questionnaires, placing or ranking, comments")
  func stagesOfADesign() {
    let before = FlowFixture.questions.filter { $0.phase == .before }
    let after = FlowFixture.questions.filter { $0.phase == .after }
    #expect(design.stages == [.presort, .ranking, .review])
    #expect(FlowFixture.design(method: .grid).stages == [.presort, .placing, .review])
    #expect(
      FlowFixture.design(questions: FlowFixture.questions, commentScores: [-2, 2]).stages == [
        .questionsBefore, .presort, .ranking, .review, .comments, .questionsAfter,
      ])
    #expect(FlowFixture.design(questions: before).stages == [.questionsBefore, .presort, .ranking, .review])
    #expect(FlowFixture.design(questions: after).stages == [.presort, .ranking, .review, .questionsAfter])
    #expect(
      FlowFixture.design(method: .grid, commentScores: [0]).stages == [.presort, .placing, .review, .comments])
    #expect(FlowFixture.design(commentScores: [3, -3]).stages == [.presort, .ranking, .review], "not columns")
    #expect(
      FlowFixture.design(questions: FlowFixture.questions).questions(in: .after).map(\.key) == ["remarks", "again"])
  }

  @Test("a new flow starts at the first stage with the consent and that stage's entry time, and nothing else")
  func newFlow() {
    let flow = ParticipantFlow(design: design, presortOrder: FlowFixture.presortOrder, at: moment(0))
    #expect(flow.stage == .presort)
    #expect(flow.timestamps == ["consented": moment(0), "presort": moment(0)])
    #expect(flow.presortOrder == FlowFixture.presortOrder)
    #expect(flow.presort.isEmpty)
    #expect(flow.rankingChoices.isEmpty)
    #expect(flow.placements.isEmpty)
    #expect(flow.comments.isEmpty)
    #expect(flow.answers.isEmpty)
    #expect(flow.nextInPresort == 5)
    #expect(flow.piles == PresortPiles())
    #expect(flow.sortTime == nil)

    let asking = ParticipantFlow(
      design: FlowFixture.design(questions: FlowFixture.questions), presortOrder: [3, 1, 2], at: moment(7))
    #expect(asking.stage == .questionsBefore)
    #expect(asking.timestamps == ["consented": moment(7), "questions_before": moment(7)])
    #expect(asking.nextInPresort == 3)
  }

  // MARK: - Presort

  @Test("the presort takes only the next statement in presort order")
  func presortInOrder() throws {
    var driver = FlowDriver(design: design)
    #expect(throws: FlowError.notNextInPresort(expected: 5, got: 2)) {
      try driver.trying(.presort(statement: 2, pile: .agree))
    }
    #expect(throws: FlowError.notNextInPresort(expected: 5, got: 99)) {
      try driver.trying(.presort(statement: 99, pile: .agree))
    }
    try driver.run(.presort(statement: 5, pile: .agree))
    #expect(driver.flow.presort == [5: .agree])
    #expect(driver.flow.nextInPresort == 2)
    #expect(throws: FlowError.notNextInPresort(expected: 2, got: 5), "a statement already sorted") {
      try driver.trying(.presort(statement: 5, pile: .disagree))
    }
    try driver.presortAll()
    #expect(driver.flow.nextInPresort == nil)
    #expect(driver.flow.presort == FlowFixture.pileOf)
    #expect(throws: FlowError.notNextInPresort(expected: nil, got: 6)) {
      try driver.trying(.presort(statement: 6, pile: .agree))
    }
    #expect(driver.flow.stage == .presort, "a complete presort waits for proceed")
  }

  @Test("undo takes back the last presort decision, one at a time; at the start there is nothing to undo")
  func presortUndo() throws {
    var driver = FlowDriver(design: design)
    #expect(throws: FlowError.nothingToUndo) { try driver.trying(.undoPresort) }
    try driver.run([.presort(statement: 5, pile: .agree), .presort(statement: 2, pile: .neutral)])
    try driver.run(.undoPresort)
    #expect(driver.flow.presort == [5: .agree])
    #expect(driver.flow.nextInPresort == 2)
    try driver.run(.presort(statement: 2, pile: .disagree))
    #expect(driver.flow.presort == [5: .agree, 2: .disagree], "sorted again, into another pile")
    try driver.run([.undoPresort, .undoPresort])
    #expect(driver.flow.presort.isEmpty)
    #expect(driver.flow.nextInPresort == 5)
    #expect(throws: FlowError.nothingToUndo) { try driver.trying(.undoPresort) }
  }

  @Test("going on from the presort is refused while statements remain, and says how many")
  func presortUnfinished() throws {
    var driver = FlowDriver(design: design)
    #expect(throws: FlowError.presortUnfinished(remaining: 9)) { try driver.trying(.proceed) }
    for statement in FlowFixture.presortOrder.prefix(7) {
      try driver.run(.presort(statement: statement, pile: FlowFixture.pileOf[statement]!))
    }
    let before = driver.flow
    #expect(throws: FlowError.presortUnfinished(remaining: 2)) { try driver.trying(.proceed) }
    #expect(driver.flow == before)
    #expect(driver.flow.stage == .presort)
    try driver.run(.presort(statement: 4, pile: .disagree))
    #expect(throws: FlowError.presortUnfinished(remaining: 1)) { try driver.trying(.proceed) }
    try driver.presortAll()
    try driver.run(.proceed)
    #expect(driver.flow.stage == .ranking)
    #expect(driver.flow.timestamps["ranking"] == moment(10))
  }

  @Test("the piles keep presort order, not statement order")
  func pilesInPresortOrder() throws {
    var driver = FlowDriver(design: design)
    try driver.run([.presort(statement: 5, pile: .agree), .presort(statement: 2, pile: .neutral)])
    #expect(driver.flow.piles == PresortPiles(agree: [5], neutral: [2]))
    try driver.presortAll()
    #expect(driver.flow.piles == PresortPiles(agree: [5, 8, 1, 3], neutral: [2, 9, 7], disagree: [4, 6]))
    #expect(driver.flow.piles.pile(of: 4) == .disagree)
  }

  @Test("an action out of its stage is refused with the stage it came on, and changes nothing")
  func actionsOutOfPlace() throws {
    var driver = FlowDriver(design: design)
    let onPresort: [FlowAction] = [
      .answer(["role": ["GP"]]), .choose([5]), .undoChoice, .place(statement: 5, score: 0), .swap(5, 2),
      .comment([5: "Why"]),
    ]
    for action in onPresort {
      #expect(throws: FlowError.notNow(.presort), "\(action)") { try driver.trying(action) }
    }
    try driver.presortAll()
    try driver.run(.proceed)
    let onRanking: [FlowAction] = [
      .presort(statement: 5, pile: .agree), .undoPresort, .place(statement: 5, score: 0), .swap(5, 2),
      .comment([5: "Why"]), .answer([:]), .proceed,
    ]
    for action in onRanking {
      #expect(throws: FlowError.notNow(.ranking), "\(action)") { try driver.trying(action) }
    }
    try driver.rankFirstCandidates()
    #expect(driver.flow.stage == .review)
    let onReview: [FlowAction] = [
      .presort(statement: 5, pile: .agree), .undoPresort, .choose([5]), .undoChoice, .place(statement: 5, score: 0),
      .comment([5: "Why"]), .answer([:]),
    ]
    for action in onReview {
      #expect(throws: FlowError.notNow(.review), "\(action)") { try driver.trying(action) }
    }
  }

  // MARK: - Stepwise ranking

  @Test("a full stepwise run: four choices, automatic fills, then review with the ranking's placements")
  func fullStepwiseRun() throws {
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run(.proceed)
    #expect(driver.flow.stage == .ranking)

    let steps: [(StepwiseStep, [Int])] = [
      (.choose(score: 2, count: 1, candidates: [5, 8, 1, 3], pile: .agree), [8]),
      (.choose(score: 1, count: 2, candidates: [5, 1, 3], pile: .agree), [3, 5]),
      (.choose(score: -2, count: 1, candidates: [4, 6], pile: .disagree), [6]),
      // 4 goes into -1 without asking; the room left there is chosen from the neutral pile.
      (.choose(score: -1, count: 1, candidates: [2, 9, 7], pile: .neutral), [9]),
    ]
    for (index, (step, choice)) in steps.enumerated() {
      #expect(driver.flow.stage == .ranking)
      #expect(try driver.flow.ranking(design: design).nextStep == step)
      #expect(driver.flow.placements.isEmpty, "placements appear when the ranking is finished")
      try driver.run(.choose(choice))
      #expect(driver.flow.rankingChoices == steps.prefix(index + 1).map(\.1))
    }

    #expect(driver.flow.stage == .review)
    #expect(driver.flow.timestamps["review"] == moment(14))
    #expect(driver.flow.placements == Self.rankedPlacements)
    let allocation = try StepwiseAllocation(
      grid: design.grid, piles: driver.flow.piles, choices: [[8], [3, 5], [6], [9]])
    #expect(driver.flow.placements == allocation.placements)
    #expect(try driver.flow.ranking(design: design).nextStep == .finished(placements: Self.rankedPlacements))
    #expect(
      GridPlacement.problems(
        in: driver.flow.placements, statements: design.statements, grid: design.grid, distribution: .forced) == [])
  }

  @Test("a wrong choice is refused with the ranking's reason and changes nothing")
  func wrongChoice() throws {
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run(.proceed)
    let before = driver.flow
    #expect(throws: FlowError.wrongChoice(.wrongCount(score: 2, expected: 1, chosen: 2))) {
      try driver.trying(.choose([8, 5]))
    }
    #expect(throws: FlowError.wrongChoice(.wrongCount(score: 2, expected: 1, chosen: 0))) {
      try driver.trying(.choose([]))
    }
    #expect(throws: FlowError.wrongChoice(.notACandidate(statement: 4, score: 2))) { try driver.trying(.choose([4])) }
    #expect(throws: FlowError.wrongChoice(.notACandidate(statement: 42, score: 2))) {
      try driver.trying(.choose([42]))
    }
    #expect(throws: FlowError.wrongChoice(.chosenTwice(8))) { try driver.trying(.choose([8, 8])) }
    #expect(driver.flow == before)
    #expect(driver.flow.rankingChoices.isEmpty)
    try driver.run(.choose([8]))
    #expect(throws: FlowError.wrongChoice(.notACandidate(statement: 8, score: 1)), "already chosen") {
      try driver.trying(.choose([8, 5]))
    }
  }

  @Test("undoChoice takes back the last choice and its step is pending again; at the start nothing to undo")
  func undoChoice() throws {
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run(.proceed)
    #expect(throws: FlowError.nothingToUndo) { try driver.trying(.undoChoice) }
    try driver.run([.choose([8]), .choose([3, 5]), .choose([6])])
    try driver.run(.undoChoice)
    #expect(driver.flow.rankingChoices == [[8], [3, 5]])
    #expect(
      try driver.flow.ranking(design: design).nextStep
        == .choose(score: -2, count: 1, candidates: [4, 6], pile: .disagree))
    try driver.run(.choose([4]))
    #expect(
      try driver.flow.ranking(design: design).nextStep
        == .choose(score: -1, count: 1, candidates: [2, 9, 7], pile: .neutral),
      "6 went into -1 without asking")
    try driver.run([.undoChoice, .undoChoice, .undoChoice])
    #expect(driver.flow.rankingChoices.isEmpty)
    #expect(driver.flow.stage == .ranking)
    #expect(throws: FlowError.nothingToUndo) { try driver.trying(.undoChoice) }
  }

  @Test("back to the presort keeps the ranking's choices; going on again resumes at the same step")
  func backToPresortKeepsChoices() throws {
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run(.proceed)
    let rankingEntered = try #require(driver.flow.timestamps["ranking"])
    try driver.run([.choose([8]), .choose([3, 5])])
    try driver.run(.back)
    #expect(driver.flow.stage == .presort)
    #expect(driver.flow.rankingChoices == [[8], [3, 5]])
    #expect(driver.flow.presort == FlowFixture.pileOf)
    try driver.run(.proceed)
    #expect(driver.flow.stage == .ranking)
    #expect(driver.flow.timestamps["ranking"] == rankingEntered, "the first entry is kept")
    #expect(
      try driver.flow.ranking(design: design).nextStep
        == .choose(score: -2, count: 1, candidates: [4, 6], pile: .disagree))
    try driver.run([.choose([6]), .choose([9])])
    #expect(driver.flow.stage == .review)
    #expect(driver.flow.placements == Self.rankedPlacements)
  }

  @Test("an undo in the presort clears the ranking's choices, so the ranking starts again on the new piles")
  func presortUndoClearsRanking() throws {
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run(.proceed)
    try driver.run([.choose([8]), .choose([3, 5]), .back])
    try driver.run(.undoPresort)
    #expect(driver.flow.rankingChoices.isEmpty)
    #expect(driver.flow.placements.isEmpty)
    #expect(driver.flow.nextInPresort == 6)
    try driver.run(.presort(statement: 6, pile: .agree))
    try driver.run(.proceed)
    #expect(
      try driver.flow.ranking(design: design).nextStep
        == .choose(score: 2, count: 1, candidates: [5, 8, 1, 3, 6], pile: .agree))
  }

  @Test("proceed is refused on the ranking: finishing it moves on by itself")
  func noProceedOnRanking() throws {
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run([.proceed, .choose([8])])
    #expect(throws: FlowError.notNow(.ranking)) { try driver.trying(.proceed) }
  }

  @Test("a one-column grid is finished without a choice: going on from the presort reaches review at once")
  func oneColumnGrid() throws {
    let design = FlowFixture.design(grid: try SortGrid(minScore: 0, capacities: [4]), statements: [1, 2, 3, 4])
    var driver = FlowDriver(design: design, presortOrder: [3, 1, 4, 2])
    try driver.presortAll([1: .agree, 2: .disagree, 3: .neutral, 4: .agree])
    try driver.run(.proceed)
    #expect(driver.flow.stage == .review)
    #expect(driver.flow.placements == [1: 0, 2: 0, 3: 0, 4: 0])
    #expect(driver.flow.rankingChoices.isEmpty)
    #expect(driver.flow.timestamps["ranking"] == moment(5))
    #expect(driver.flow.timestamps["review"] == moment(5))
  }

  @Test("a wider grid whose piles each fit a column is finished without a choice too")
  func nothingToChoose() throws {
    let design = FlowFixture.design(grid: try SortGrid(minScore: -1, capacities: [1, 1, 1]), statements: [1, 2, 3])
    var driver = FlowDriver(design: design, presortOrder: [2, 3, 1])
    try driver.presortAll([1: .agree, 2: .neutral, 3: .disagree])
    try driver.run(.proceed)
    #expect(driver.flow.stage == .review)
    #expect(driver.flow.placements == [1: 1, 2: 0, 3: -1])
  }

  @Test("a ranking that finds the grid does not fit the presort refuses to start, and nothing changes")
  func gridDoesNotFit() throws {
    let design = FlowFixture.design(statements: Array(1...8))
    var driver = FlowDriver(design: design, presortOrder: Array(1...8))
    try driver.presortAll()
    #expect(throws: FlowError.wrongChoice(.gridDoesNotFitStatements(gridCapacity: 9, statementCount: 8))) {
      try driver.trying(.proceed)
    }
  }

  // MARK: - Review

  @Test("a swap on review exchanges two scores, leaves the rest, and keeps the grid valid")
  func reviewSwap() throws {
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run(.proceed)
    try driver.rankFirstCandidates()
    let ranked = driver.flow.placements
    #expect(ranked[5] == 2)
    #expect(ranked[4] == -2)
    try driver.run(.swap(5, 4))
    var expected = ranked
    expected[5] = -2
    expected[4] = 2
    #expect(driver.flow.placements == expected)
    #expect(
      GridPlacement.problems(
        in: driver.flow.placements, statements: design.statements, grid: design.grid, distribution: .forced) == [])
    try driver.run(.swap(1, 1))
    #expect(driver.flow.placements == expected, "a statement swapped with itself stays")
    #expect(throws: FlowError.unknownStatement(42)) { try driver.trying(.swap(42, 1)) }
    #expect(throws: FlowError.unknownStatement(43)) { try driver.trying(.swap(1, 43)) }
    try driver.run(.swap(4, 5))
    #expect(driver.flow.placements == ranked, "swapping back restores the ranking")
    #expect(driver.flow.stage == .review)
  }

  @Test("the stepwise review has no way back; proceed confirms the grid and records the sort time")
  func reviewConfirm() throws {
    var driver = FlowDriver(design: FlowFixture.design(commentScores: [2]))
    try driver.presortAll()
    try driver.run(.proceed)
    try driver.rankFirstCandidates()
    #expect(throws: FlowError.cannotGoBack) { try driver.trying(.back) }
    #expect(driver.flow.sortTime == nil)
    #expect(driver.flow.timestamps[ParticipantFlow.gridConfirmedKey] == nil)
    try driver.run(.proceed)
    #expect(driver.flow.stage == .comments)
    #expect(driver.flow.timestamps[ParticipantFlow.gridConfirmedKey] == moment(driver.clock))
    #expect(driver.flow.timestamps["comments"] == moment(driver.clock))
    #expect(driver.flow.sortTime == driver.clock)
  }

  @Test("sort time runs from the first entry into the presort, not the consent, to the last confirmation")
  func sortTime() throws {
    let design = FlowFixture.design(method: .grid, questions: FlowFixture.questions, commentScores: [2, -2])
    let flow = ParticipantFlow(design: design, presortOrder: FlowFixture.presortOrder, at: moment(0))
    func apply(_ action: FlowAction, at seconds: Double, to flow: ParticipantFlow) throws -> ParticipantFlow {
      try flow.applying(action, design: design, at: moment(seconds))
    }
    var next = try apply(.answer(FlowFixture.requiredBefore), at: 30, to: flow)
    next = try apply(.proceed, at: 100, to: next)
    #expect(next.stage == .presort)
    #expect(next.timestamps["presort"] == moment(100))
    next = try apply(.back, at: 110, to: next)
    next = try apply(.proceed, at: 120, to: next)
    #expect(next.timestamps["presort"] == moment(100), "the first entry counts")
    for (index, statement) in FlowFixture.presortOrder.enumerated() {
      next = try apply(.presort(statement: statement, pile: FlowFixture.pileOf[statement]!), at: 130, to: next)
      #expect(next.presort.count == index + 1)
    }
    next = try apply(.proceed, at: 140, to: next)
    for (statement, score) in Self.rankedPlacements {
      next = try apply(.place(statement: statement, score: score), at: 150, to: next)
    }
    next = try apply(.proceed, at: 200, to: next)
    #expect(next.stage == .review)
    #expect(next.sortTime == nil, "not confirmed yet")
    next = try apply(.proceed, at: 345.5, to: next)
    #expect(next.stage == .comments)
    #expect(next.sortTime == 245.5)
    next = try apply(.back, at: 400, to: next)
    #expect(next.stage == .review)
    #expect(next.sortTime == 245.5, "going back does not unconfirm")
    next = try apply(.proceed, at: 500, to: next)
    #expect(next.timestamps[ParticipantFlow.gridConfirmedKey] == moment(500))
    #expect(next.sortTime == 400, "the last confirmation counts")
    #expect(next.timestamps["review"] == moment(200))
  }

  // MARK: - Storage

  @Test("a JSON round trip gives an equal flow at every step of a whole run, and it goes on the same way")
  func codableRoundTrip() throws {
    let design = FlowFixture.design(questions: FlowFixture.questions, commentScores: [2, -2])
    var driver = FlowDriver(design: design)
    var actions: [FlowAction] = [.answer(["role": ["GP"], "rating": ["Well"], "years": ["4.5"]]), .proceed]
    actions += FlowFixture.presortOrder.map { .presort(statement: $0, pile: FlowFixture.pileOf[$0]!) }
    actions += [.proceed, .choose([8]), .choose([3, 5]), .choose([6]), .choose([9]), .swap(1, 9), .proceed]
    actions += [.comment([8: "Most of all", 6: "Least of all"]), .proceed, .answer(["remarks": ["None"]]), .proceed]
    var checked = 0
    for action in actions {
      let decoded = try JSONDecoder().decode(ParticipantFlow.self, from: JSONEncoder().encode(driver.flow))
      #expect(decoded == driver.flow)
      let now = moment(driver.clock + 1)
      try driver.run(action)
      #expect(try decoded.applying(action, design: design, at: now) == driver.flow)
      checked += 1
    }
    #expect(checked == actions.count)
    #expect(driver.flow.stage == .submitted)
    let submitted = try JSONDecoder().decode(ParticipantFlow.self, from: JSONEncoder().encode(driver.flow))
    #expect(submitted == driver.flow)
    #expect(submitted.comments == [8: "Most of all", 6: "Least of all"])
    #expect(submitted.answers == ["role": ["GP"], "rating": ["Well"], "years": ["4.5"], "remarks": ["None"]])
    #expect(
      submitted.timestamps.keys.sorted() == [
        "comments", "consented", ParticipantFlow.gridConfirmedKey, "presort", "questions_after", "questions_before",
        "ranking", "review", "submitted",
      ])
  }
}
