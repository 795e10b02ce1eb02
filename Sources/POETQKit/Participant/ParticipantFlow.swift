import Foundation

/// A participant's way through a study once they have consented (SPEC §4): questionnaire, presort,
/// stepwise ranking or direct placement, review, comments, questionnaire, submission.
///
/// A pure value: ``applying(_:design:at:)`` returns the next state or throws, so the server can
/// save after every action and a refused action changes nothing. Everything the participant did
/// is kept as data (presort decisions, ranking choices, placements, comments, answers, the first
/// time each stage was entered), which is what the server stores and resumes from.
public struct ParticipantFlow: Sendable, Equatable, Codable {
  /// Longest comment on a statement, in characters.
  public static let maxCommentLength = 2000
  /// Longest answer to a short-text question.
  public static let maxShortAnswerLength = 200
  /// Longest answer to a long-text question.
  public static let maxLongAnswerLength = 5000
  /// The key of ``timestamps`` recording when the grid was confirmed (the end of "sort time").
  public static let gridConfirmedKey = "grid_confirmed"

  /// The current stage.
  public private(set) var stage: FlowStage
  /// The order the presort shows the statements in (randomised per participant).
  public private(set) var presortOrder: [Int]
  /// Presort decisions so far: statement → pile.
  public private(set) var presort: [Int: PresortPile]
  /// The stepwise ranking's choices so far.
  public private(set) var rankingChoices: [[Int]]
  /// Statement → score: the grid as it stands (complete from review on).
  public private(set) var placements: [Int: Int]
  /// Statement → comment.
  public private(set) var comments: [Int: String]
  /// Question key → values.
  public private(set) var answers: [String: [String]]
  /// When each stage was first entered (keyed by ``FlowStage/rawValue``), when consent was given
  /// (`consented`), when the grid was last confirmed (``gridConfirmedKey``) and when it was submitted.
  public private(set) var timestamps: [String: Date]

  /// A new flow right after consent.
  ///
  /// - Parameters:
  ///   - design: The study's design.
  ///   - presortOrder: The statements in the order the presort shows them (a shuffle of the Q-set).
  ///   - now: The moment of consent.
  public init(design: FlowDesign, presortOrder: [Int], at now: Date) {
    stage = design.stages[0]
    self.presortOrder = presortOrder
    presort = [:]
    rankingChoices = []
    placements = [:]
    comments = [:]
    answers = [:]
    timestamps = ["consented": now, stage.rawValue: now]
  }

  /// A flow restored from storage, exactly as it was saved (the server checks it against the
  /// study's design before use).
  public init(
    stage: FlowStage, presortOrder: [Int], presort: [Int: PresortPile], rankingChoices: [[Int]],
    placements: [Int: Int], comments: [Int: String], answers: [String: [String]], timestamps: [String: Date]
  ) {
    self.stage = stage
    self.presortOrder = presortOrder
    self.presort = presort
    self.rankingChoices = rankingChoices
    self.placements = placements
    self.comments = comments
    self.answers = answers
    self.timestamps = timestamps
  }

  /// Seconds from the start of the presort to the confirmation of the grid (the "sort time" of the
  /// monitoring), or nil before the grid is confirmed.
  public var sortTime: TimeInterval? {
    guard let start = timestamps[FlowStage.presort.rawValue], let end = timestamps[Self.gridConfirmedKey] else {
      return nil
    }
    return end.timeIntervalSince(start)
  }

  /// The next statement the presort asks about, or nil when all are sorted.
  public var nextInPresort: Int? { presortOrder.first { presort[$0] == nil } }

  /// The presort piles, each in presort order.
  public var piles: PresortPiles {
    var piles = PresortPiles()
    for statement in presortOrder {
      if let pile = presort[statement] { piles[pile].append(statement) }
    }
    return piles
  }

  /// The stepwise ranking as far as it has gone (only meaningful once the presort is complete).
  public func ranking(design: FlowDesign) throws(FlowError) -> StepwiseAllocation {
    do {
      return try StepwiseAllocation(grid: design.grid, piles: piles, choices: rankingChoices)
    } catch {
      throw .wrongChoice(error)
    }
  }

  /// The statements whose comments are asked for: those placed in a comment column, highest score
  /// first, then by statement number.
  public func commentStatements(design: FlowDesign) -> [Int] {
    placements.filter { design.commentScores.contains($0.value) }
      .sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.map(\.key)
  }

  /// The flow after `action`, or the reason it is refused (then nothing changes).
  public func applying(_ action: FlowAction, design: FlowDesign, at now: Date) throws(FlowError) -> ParticipantFlow {
    guard stage != .submitted else { throw .alreadySubmitted }
    var next = self
    switch action {
    case .answer(let values): try next.answer(values, design: design)
    case .presort(let statement, let pile): try next.sort(statement, into: pile)
    case .undoPresort: try next.undoPresort()
    case .choose(let statements): try next.choose(statements, design: design, at: now)
    case .undoChoice: try next.undoChoice(design: design)
    case .place(let statement, let score): try next.place(statement, at: score, design: design)
    case .swap(let first, let second): try next.swap(first, second)
    case .comment(let texts): try next.comment(texts, design: design)
    case .proceed: try next.proceed(design: design, at: now)
    case .back: try next.goBack(design: design, at: now)
    }
    return next
  }

  // MARK: - Questionnaires

  private mutating func answer(_ values: [String: [String]], design: FlowDesign) throws(FlowError) {
    let phase: TemplateQuestion.Phase
    switch stage {
    case .questionsBefore: phase = .before
    case .questionsAfter: phase = .after
    default: throw .notNow(stage)
    }
    let questions = design.questions(in: phase)
    for (key, raw) in values.sorted(by: { $0.key < $1.key }) {
      guard let question = questions.first(where: { $0.key == key }) else { throw .unknownQuestion(key) }
      let cleaned = try Self.checkedAnswer(raw, to: question)
      answers[key] = cleaned.isEmpty ? nil : cleaned
    }
  }

  /// The values with blanks dropped, or why the question cannot take them.
  static func checkedAnswer(_ raw: [String], to question: TemplateQuestion) throws(FlowError) -> [String] {
    let values = raw.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    func problem(_ problem: FlowError.AnswerProblem) -> FlowError {
      .answerInvalid(prompt: question.prompt, problem: problem)
    }
    switch question.kind {
    case .singleChoice, .ratingScale, .multipleChoice:
      if question.kind != .multipleChoice, values.count > 1 { throw problem(.oneValueOnly) }
      if let stranger = values.first(where: { !question.options.contains($0) }) {
        throw problem(.notAnOption(stranger))
      }
      return question.options.filter { values.contains($0) }
    case .number:
      if values.count > 1 { throw problem(.oneValueOnly) }
      if let value = values.first, Double(value)?.isFinite != true { throw problem(.notANumber(value)) }
      return values
    case .shortText, .longText:
      if values.count > 1 { throw problem(.oneValueOnly) }
      let limit = question.kind == .shortText ? Self.maxShortAnswerLength : Self.maxLongAnswerLength
      if let value = values.first, value.count > limit { throw problem(.tooLong(limit: limit)) }
      return values
    }
  }

  private func checkRequiredAnswers(_ phase: TemplateQuestion.Phase, design: FlowDesign) throws(FlowError) {
    let missing = design.questions(in: phase).filter { $0.required && answers[$0.key]?.isEmpty != false }
    if !missing.isEmpty { throw .answersRequired(missing.map { .init(key: $0.key, prompt: $0.prompt) }) }
  }

  // MARK: - Presort

  private mutating func sort(_ statement: Int, into pile: PresortPile) throws(FlowError) {
    guard stage == .presort else { throw .notNow(stage) }
    guard statement == nextInPresort else { throw .notNextInPresort(expected: nextInPresort, got: statement) }
    presort[statement] = pile
  }

  private mutating func undoPresort() throws(FlowError) {
    guard stage == .presort else { throw .notNow(stage) }
    guard let last = presortOrder.last(where: { presort[$0] != nil }) else { throw .nothingToUndo }
    presort[last] = nil
    // The piles changed, so a ranking or placement built on them no longer holds.
    rankingChoices = []
    placements = [:]
  }

  // MARK: - Stepwise ranking

  private mutating func choose(_ statements: [Int], design: FlowDesign, at now: Date) throws(FlowError) {
    guard stage == .ranking else { throw .notNow(stage) }
    let current = try self.ranking(design: design)
    let ranking: StepwiseAllocation
    do {
      ranking = try current.choosing(statements)
    } catch {
      throw .wrongChoice(error)
    }
    rankingChoices = ranking.choices
    if case .finished(let placements) = ranking.nextStep {
      self.placements = placements
      enter(.review, at: now)
    }
  }

  private mutating func undoChoice(design: FlowDesign) throws(FlowError) {
    guard stage == .ranking else { throw .notNow(stage) }
    guard !rankingChoices.isEmpty else { throw .nothingToUndo }
    rankingChoices.removeLast()
  }

  // MARK: - Grid mode and review

  private mutating func place(_ statement: Int, at score: Int?, design: FlowDesign) throws(FlowError) {
    guard stage == .placing else { throw .notNow(stage) }
    guard design.statements.contains(statement) else { throw .unknownStatement(statement) }
    guard let score else {
      placements[statement] = nil
      return
    }
    guard let capacity = design.grid.capacity(ofScore: score) else { throw .unknownColumn(score) }
    if design.distribution == .forced, placements[statement] != score {
      let holds = placements.values.filter { $0 == score }.count
      if holds >= capacity { throw .columnFull(score: score, capacity: capacity) }
    }
    placements[statement] = score
  }

  private mutating func swap(_ first: Int, _ second: Int) throws(FlowError) {
    guard stage == .review else { throw .notNow(stage) }
    do {
      placements = try GridPlacement.swapping(first, second, in: placements)
    } catch {
      throw .unknownStatement(error.statement ?? first)
    }
  }

  private func checkGrid(design: FlowDesign) throws(FlowError) {
    let problems = GridPlacement.problems(
      in: placements, statements: design.statements, grid: design.grid, distribution: design.distribution)
    if !problems.isEmpty { throw .gridIncomplete(problems) }
  }

  // MARK: - Comments

  private mutating func comment(_ texts: [Int: String], design: FlowDesign) throws(FlowError) {
    guard stage == .comments else { throw .notNow(stage) }
    let commentable = Set(commentStatements(design: design))
    for (statement, raw) in texts.sorted(by: { $0.key < $1.key }) {
      guard commentable.contains(statement) else { throw .notCommentable(statement: statement) }
      let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if text.count > Self.maxCommentLength {
        throw .commentTooLong(statement: statement, limit: Self.maxCommentLength)
      }
      comments[statement] = text.isEmpty ? nil : text
    }
  }

  private func checkComments(design: FlowDesign) throws(FlowError) {
    guard design.commentsRequired else { return }
    let missing = commentStatements(design: design).filter { comments[$0] == nil }
    if !missing.isEmpty { throw .commentsRequired(statements: missing) }
  }

  // MARK: - Moving between stages

  private mutating func proceed(design: FlowDesign, at now: Date) throws(FlowError) {
    switch stage {
    case .questionsBefore: try checkRequiredAnswers(.before, design: design)
    case .presort:
      let remaining = presortOrder.count - presort.count
      if remaining > 0 { throw .presortUnfinished(remaining: remaining) }
    case .ranking: throw .notNow(stage)  // finishing the ranking moves on by itself
    case .placing: try checkGrid(design: design)
    case .review:
      try checkGrid(design: design)
      timestamps[Self.gridConfirmedKey] = now
      // A comment written before the participant came back and moved its statement out of the
      // comment columns answers a question no longer asked: it goes with the confirmed grid.
      let commentable = Set(commentStatements(design: design))
      comments = comments.filter { commentable.contains($0.key) }
    case .comments: try checkComments(design: design)
    case .questionsAfter: try checkRequiredAnswers(.after, design: design)
    case .submitted: throw .alreadySubmitted
    }
    guard let following = stage(after: stage, design: design) else {
      try submit(design: design, at: now)
      return
    }
    enter(following, at: now)
    // A stepwise ranking with nothing left to choose (a one-column grid) is finished at once.
    if following == .ranking, case .finished(let placements) = try ranking(design: design).nextStep {
      self.placements = placements
      enter(.review, at: now)
    }
  }

  /// The final submission: everything the study requires, checked together.
  private mutating func submit(design: FlowDesign, at now: Date) throws(FlowError) {
    try checkGrid(design: design)
    try checkRequiredAnswers(.before, design: design)
    try checkComments(design: design)
    try checkRequiredAnswers(.after, design: design)
    stage = .submitted
    timestamps[FlowStage.submitted.rawValue] = now
  }

  private mutating func goBack(design: FlowDesign, at now: Date) throws(FlowError) {
    let target: FlowStage
    switch stage {
    case .ranking, .placing: target = .presort
    // The stepwise review has nothing behind it worth returning to: swaps reach every grid.
    case .review where design.method == .grid: target = .placing
    case .comments, .questionsAfter:
      guard let previous = stage(before: stage, design: design) else { throw .cannotGoBack }
      target = previous
    case .presort:
      guard design.stages.first == .questionsBefore else { throw .cannotGoBack }
      target = .questionsBefore
    default: throw .cannotGoBack
    }
    enter(target, at: now)
  }

  /// Where going on from the current stage leads; nil when going on is the final submission.
  public func nextStage(design: FlowDesign) -> FlowStage? { stage(after: stage, design: design) }

  /// The stage after `stage`, skipping comments when no statement landed in a comment column.
  private func stage(after stage: FlowStage, design: FlowDesign) -> FlowStage? {
    let stages = design.stages
    guard let index = stages.firstIndex(of: stage) else { return nil }
    for candidate in stages[(index + 1)...] where !(candidate == .comments && commentStatements(design: design).isEmpty)
    {
      return candidate
    }
    return nil
  }

  /// The stage before `stage`, skipping comments when no statement landed in a comment column.
  private func stage(before stage: FlowStage, design: FlowDesign) -> FlowStage? {
    let stages = design.stages
    guard let index = stages.firstIndex(of: stage) else { return nil }
    for candidate in stages[..<index].reversed() {
      if candidate == .comments, commentStatements(design: design).isEmpty { continue }
      return candidate
    }
    return nil
  }

  private mutating func enter(_ stage: FlowStage, at now: Date) {
    self.stage = stage
    if timestamps[stage.rawValue] == nil { timestamps[stage.rawValue] = now }
  }
}
