import Foundation
import POETQKit
import Testing

@Suite("Participant flow: comments and the final submission")
struct ParticipantFlowCommentsTests {
  /// −2…+2 holding 2, 2, 1, 2, 2, so each outer column has two statements to comment on.
  static let wideGrid = try! SortGrid(minScore: -2, capacities: [2, 2, 1, 2, 2])
  /// Statements in the order `fillGrid` puts them into `wideGrid`: -2: 9, 3; -1: 7, 1; 0: 5; +1: 2, 8;
  /// +2: 6, 4.
  static let fillOrder = [9, 3, 7, 1, 5, 2, 8, 6, 4]

  /// A grid-mode driver on the stage after review (the grid filled as `fillOrder`, or as `placements`).
  func pastReview(
    commentScores: [Int] = [-2, 2], required: Bool = false, questions: [TemplateQuestion] = [],
    distribution: DistributionKind = .forced, placements: [Int: Int]? = nil
  ) throws -> FlowDriver {
    let design = FlowFixture.design(
      grid: Self.wideGrid, distribution: distribution, method: .grid, questions: questions,
      commentScores: commentScores, commentsRequired: required)
    var driver = FlowDriver(design: design, presortOrder: FlowFixture.presortOrder)
    if !design.questions(in: .before).isEmpty {
      try driver.run([.answer(FlowFixture.requiredBefore), .proceed])
    }
    try driver.presortAll()
    try driver.run(.proceed)
    if let placements {
      for (statement, score) in placements.sorted(by: { $0.key < $1.key }) {
        try driver.run(.place(statement: statement, score: score))
      }
    } else {
      try driver.fillGrid(Self.fillOrder)
    }
    try driver.run([.proceed, .proceed])
    return driver
  }

  // MARK: - Comments

  @Test("comments are asked for the statements in comment columns: highest score first, then by number")
  func commentStatementsOrder() throws {
    let outer = try pastReview()
    #expect(outer.flow.stage == .comments)
    #expect(outer.flow.commentStatements(design: outer.design) == [4, 6, 3, 9])
    let three = try pastReview(commentScores: [1, -2, 2])
    #expect(three.flow.commentStatements(design: three.design) == [4, 6, 2, 8, 3, 9])
    let middle = try pastReview(commentScores: [0])
    #expect(middle.flow.commentStatements(design: middle.design) == [5])
    #expect(
      outer.flow.commentStatements(design: FlowFixture.design(grid: Self.wideGrid, commentScores: [])).isEmpty)
  }

  @Test("a comment on a statement outside the comment columns is refused, and a batch with one saves nothing")
  func notCommentable() throws {
    var driver = try pastReview()
    #expect(throws: FlowError.notCommentable(statement: 5)) { try driver.trying(.comment([5: "Middle"])) }
    #expect(throws: FlowError.notCommentable(statement: 42)) { try driver.trying(.comment([42: "Who?"])) }
    #expect(throws: FlowError.notCommentable(statement: 5)) {
      try driver.trying(.comment([4: "Top", 5: "Middle", 9: "Bottom"]))
    }
    #expect(driver.flow.comments.isEmpty)
    try driver.run(.comment([4: "Top", 9: "Bottom"]))
    #expect(driver.flow.comments == [4: "Top", 9: "Bottom"])
    try driver.run(.comment([6: "Also top"]))
    #expect(driver.flow.comments == [4: "Top", 9: "Bottom", 6: "Also top"], "a later batch adds to the earlier")
    #expect(driver.flow.stage == .comments)
  }

  @Test("comments are trimmed, a blank one clears, and one over 2000 characters is refused")
  func commentText() throws {
    var driver = try pastReview()
    try driver.run(.comment([4: "  Because it matters.\n", 3: "Never"]))
    #expect(driver.flow.comments == [4: "Because it matters.", 3: "Never"])
    try driver.run(.comment([4: " \n\t "]))
    #expect(driver.flow.comments == [3: "Never"])
    try driver.run(.comment([3: ""]))
    #expect(driver.flow.comments.isEmpty)

    #expect(ParticipantFlow.maxCommentLength == 2000)
    let longest = String(repeating: "é", count: 2000)
    try driver.run(.comment([6: "  " + longest + "  "]))
    #expect(driver.flow.comments[6] == longest, "the limit counts characters, after trimming")
    #expect(throws: FlowError.commentTooLong(statement: 9, limit: 2000)) {
      try driver.trying(.comment([9: longest + "!"]))
    }
    #expect(driver.flow.comments[9] == nil)
  }

  @Test("required comments block going on, naming every missing one in order; optional ones do not")
  func requiredComments() throws {
    var driver = try pastReview(required: true)
    #expect(throws: FlowError.commentsRequired(statements: [4, 6, 3, 9])) { try driver.trying(.proceed) }
    try driver.run(.comment([4: "a", 3: "c"]))
    #expect(throws: FlowError.commentsRequired(statements: [6, 9])) { try driver.trying(.proceed) }
    try driver.run(.comment([6: "b"]))
    #expect(throws: FlowError.commentsRequired(statements: [9])) { try driver.trying(.proceed) }
    try driver.run(.comment([9: "d", 3: " "]))
    #expect(throws: FlowError.commentsRequired(statements: [3]), "a cleared comment is missing again") {
      try driver.trying(.proceed)
    }
    try driver.run([.comment([3: "c"]), .proceed])
    #expect(driver.flow.stage == .submitted)

    var optional = try pastReview(required: false)
    try optional.run(.proceed)
    #expect(optional.flow.stage == .submitted)
    #expect(optional.flow.comments.isEmpty)
  }

  @Test("comments are skipped, both ways, when no statement landed in a comment column")
  func commentsSkipped() throws {
    let after = FlowFixture.questions.filter { $0.phase == .after }
    let inner = Dictionary(uniqueKeysWithValues: FlowFixture.statements.map { ($0, $0 % 3 - 1) })
    var driver = try pastReview(questions: after, distribution: .free, placements: inner)
    #expect(driver.design.stages.contains(.comments))
    #expect(driver.flow.commentStatements(design: driver.design).isEmpty)
    #expect(driver.flow.stage == .questionsAfter)
    #expect(driver.flow.timestamps["comments"] == nil)
    #expect(throws: FlowError.notNow(.questionsAfter)) { try driver.trying(.comment([1: "Why"])) }
    try driver.run(.back)
    #expect(driver.flow.stage == .review)

    let last = try pastReview(distribution: .free, placements: inner)
    #expect(last.flow.stage == .submitted, "with nothing after, the confirmation submits")
  }

  @Test("a comment column of capacity 0 puts comments in the stages, but they are never asked")
  func emptyCommentColumn() throws {
    let grid = try SortGrid(minScore: -2, capacities: [0, 3, 3, 3, 0])
    let design = FlowFixture.design(grid: grid, commentScores: [-2, 2], commentsRequired: true)
    #expect(design.stages == [.presort, .ranking, .review, .comments])
    var driver = FlowDriver(design: design)
    try driver.presortAll()
    try driver.run(.proceed)
    try driver.rankFirstCandidates()
    try driver.run(.proceed)
    #expect(driver.flow.stage == .submitted)
  }

  @Test("a comment on a statement swapped out of its column is dropped when the grid is confirmed again")
  func staleComment() throws {
    var driver = try pastReview(questions: FlowFixture.questions.filter { $0.phase == .after })
    try driver.run(.comment([4: "Top", 6: "Also top", 9: "Bottom"]))
    try driver.run(.back)
    #expect(driver.flow.stage == .review)
    try driver.run(.swap(4, 5))  // 4 to 0, 5 to +2
    #expect(driver.flow.comments == [4: "Top", 6: "Also top", 9: "Bottom"], "kept while the review goes on")
    try driver.run(.proceed)
    #expect(driver.flow.stage == .comments)
    #expect(driver.flow.commentStatements(design: driver.design) == [5, 6, 3, 9])
    #expect(driver.flow.comments == [6: "Also top", 9: "Bottom"], "4 is no longer in a comment column")
    try driver.run(.back)
    try driver.run(.swap(4, 5))
    try driver.run(.proceed)
    #expect(driver.flow.comments == [6: "Also top", 9: "Bottom"], "a dropped comment does not come back")

    var grid = try pastReview()
    try grid.run([.comment([4: "Top"]), .back, .back, .place(statement: 4, score: nil), .place(statement: 4, score: 2)])
    try grid.run([.proceed, .proceed])
    #expect(grid.flow.comments == [4: "Top"], "a statement back in its column keeps its comment")
  }

  // MARK: - Submission

  @Test("proceed on the last stage submits, whichever stage is last; afterwards every action is refused")
  func submission() throws {
    let designs = [
      FlowFixture.design(),
      FlowFixture.design(commentScores: [2]),
      FlowFixture.design(questions: FlowFixture.questions, commentScores: [2]),
    ]
    for design in designs {
      var driver = FlowDriver(design: design)
      if design.stages.first == .questionsBefore { try driver.run([.answer(FlowFixture.requiredBefore), .proceed]) }
      try driver.presortAll()
      try driver.run(.proceed)
      try driver.rankFirstCandidates()
      while driver.flow.stage != design.stages.last {
        try driver.run(.proceed)
      }
      if driver.flow.stage == .questionsAfter { try driver.run(.answer(["remarks": ["Thanks"]])) }
      #expect(driver.flow.timestamps["submitted"] == nil)
      try driver.run(.proceed)
      #expect(driver.flow.stage == .submitted, "\(design.stages)")
      #expect(driver.flow.timestamps["submitted"] == moment(driver.clock))

      let actions: [FlowAction] = [
        .proceed, .back, .answer(["remarks": ["More"]]), .presort(statement: 5, pile: .agree), .undoPresort,
        .choose([5]), .undoChoice, .place(statement: 5, score: 0), .swap(5, 8), .comment([5: "Why"]),
      ]
      for action in actions {
        #expect(throws: FlowError.alreadySubmitted, "\(action)") { try driver.trying(action) }
      }
    }
  }

  @Test("a refused submission names what is missing, throws, and leaves the flow as it was")
  func refusedSubmission() throws {
    var driver = try pastReview(questions: FlowFixture.questions)
    try driver.run(.proceed)
    #expect(driver.flow.stage == .questionsAfter)
    let waiting = driver.flow
    var thrown: FlowError?
    do {
      _ = try waiting.applying(.proceed, design: driver.design, at: moment(999))
    } catch {
      thrown = error
    }
    #expect(thrown == .answersRequired([.init(key: "remarks", prompt: "Any remarks?")]))
    #expect(waiting == driver.flow)
    #expect(waiting.stage == .questionsAfter)
    #expect(waiting.timestamps["submitted"] == nil)

    try driver.run([.answer(["remarks": ["Done"]]), .proceed])
    #expect(driver.flow.stage == .submitted)
    #expect(waiting.stage == .questionsAfter, "the earlier value is untouched by later actions")
  }

  @Test("the submission checks everything the study requires, whatever the last stage checked")
  func submissionChecksEverything() throws {
    let questions = FlowFixture.questions
    var driver = try pastReview(questions: questions)
    try driver.run([.proceed, .answer(["remarks": ["Done"]])])
    #expect(driver.flow.stage == .questionsAfter)
    let flow = driver.flow
    let base = driver.design
    func submitting(_ design: FlowDesign) throws(FlowError) -> ParticipantFlow {
      try flow.applying(.proceed, design: design, at: moment(999))
    }
    #expect(try submitting(base).stage == .submitted)

    var moreStatements = base
    moreStatements.statements.append(10)
    #expect(throws: FlowError.gridIncomplete([.notPlaced(10)])) { try submitting(moreStatements) }

    var yearsRequired = base
    yearsRequired.questions = questions.map { question in
      var question = question
      if question.key == "years" { question.required = true }
      return question
    }
    #expect(throws: FlowError.answersRequired([.init(key: "years", prompt: "Years in post?")])) {
      try submitting(yearsRequired)
    }

    var commentsRequired = base
    commentsRequired.commentsRequired = true
    #expect(throws: FlowError.commentsRequired(statements: [4, 6, 3, 9])) { try submitting(commentsRequired) }
    #expect(flow.stage == .questionsAfter)
    #expect(flow.timestamps["submitted"] == nil)
  }
}
