import Foundation
import POETQKit

/// A fixed moment: `moment(0)` is the consent, `moment(n)` is `n` seconds later.
func moment(_ seconds: Double) -> Date {
  Date(timeIntervalSinceReferenceDate: 760_000_000 + seconds)
}

/// Designs the flow tests share.
enum FlowFixture {
  /// −2…+2 holding 1, 2, 3, 2, 1: nine statements.
  static let smallGrid = try! SortGrid(minScore: -2, capacities: [1, 2, 3, 2, 1])
  /// The nine statements of ``smallGrid``.
  static let statements = Array(1...9)
  /// The order the presort shows them in (not their numbering).
  static let presortOrder = [5, 2, 8, 1, 9, 3, 7, 4, 6]
  /// Each statement's pile: agree 5, 8, 1, 3; neutral 2, 9, 7; disagree 4, 6.
  static let pileOf: [Int: PresortPile] = [
    1: .agree, 2: .neutral, 3: .agree, 4: .disagree, 5: .agree, 6: .disagree, 7: .neutral, 8: .agree, 9: .neutral,
  ]

  /// A design over the small grid; by default stepwise, forced, without questions or comments.
  static func design(
    grid: SortGrid = smallGrid, statements: [Int] = statements, distribution: DistributionKind = .forced,
    method: SortMethod = .stepwise, questions: [TemplateQuestion] = [], commentScores: [Int] = [],
    commentsRequired: Bool = false
  ) -> FlowDesign {
    FlowDesign(
      statements: statements, grid: grid, distribution: distribution, method: method, questions: questions,
      commentScores: commentScores, commentsRequired: commentsRequired)
  }

  /// One question of each kind before the sort (`role` and `rating` required) and two after
  /// (`remarks` required).
  static let questions: [TemplateQuestion] = [
    TemplateQuestion(
      phase: .before, key: "role", kind: .singleChoice, prompt: "Your role?", options: ["Nurse", "GP", "Manager"],
      required: true),
    TemplateQuestion(
      phase: .before, key: "sectors", kind: .multipleChoice, prompt: "Sectors you work in?",
      options: ["Health", "Social care", "Voluntary"], required: false),
    TemplateQuestion(
      phase: .before, key: "rating", kind: .ratingScale, prompt: "How well do partners work together?",
      options: ["Poorly", "Fairly", "Well"], required: true),
    TemplateQuestion(phase: .before, key: "years", kind: .number, prompt: "Years in post?", required: false),
    TemplateQuestion(phase: .before, key: "team", kind: .shortText, prompt: "Your team?", required: false),
    TemplateQuestion(phase: .before, key: "story", kind: .longText, prompt: "Tell us more.", required: false),
    TemplateQuestion(phase: .after, key: "remarks", kind: .longText, prompt: "Any remarks?", required: true),
    TemplateQuestion(
      phase: .after, key: "again", kind: .singleChoice, prompt: "Again?", options: ["Yes", "No"], required: false),
  ]

  /// Answers to every required question of ``questions`` before the sort.
  static let requiredBefore: [String: [String]] = ["role": ["GP"], "rating": ["Well"]]
}

/// A flow with the design it runs on and a clock that moves on one second per action.
struct FlowDriver {
  let design: FlowDesign
  var flow: ParticipantFlow
  /// Seconds since consent of the last action.
  var clock: Double = 0

  init(design: FlowDesign, presortOrder: [Int] = FlowFixture.presortOrder) {
    self.design = design
    flow = ParticipantFlow(design: design, presortOrder: presortOrder, at: moment(0))
  }

  /// The flow after `action`, one second after the last; the driver is left as it was.
  func trying(_ action: FlowAction) throws(FlowError) -> ParticipantFlow {
    try flow.applying(action, design: design, at: moment(clock + 1))
  }

  /// Applies `action` one second after the last.
  mutating func run(_ action: FlowAction) throws(FlowError) {
    flow = try trying(action)
    clock += 1
  }

  /// Applies `actions` in order.
  mutating func run(_ actions: [FlowAction]) throws(FlowError) {
    for action in actions { try run(action) }
  }

  /// Sorts every statement left in the presort into its pile in `pileOf`.
  mutating func presortAll(_ pileOf: [Int: PresortPile] = FlowFixture.pileOf) throws(FlowError) {
    while let next = flow.nextInPresort {
      try run(.presort(statement: next, pile: pileOf[next]!))
    }
  }

  /// Makes the first choice the ranking offers until the ranking is finished.
  mutating func rankFirstCandidates() throws {
    while flow.stage == .ranking {
      guard case .choose(_, let count, let candidates, _) = try flow.ranking(design: design).nextStep else {
        return
      }
      try run(.choose(Array(candidates.prefix(count))))
    }
  }

  /// Places the statements, in order, into the columns in order, each column up to its capacity
  /// (grid mode).
  mutating func fillGrid(_ statements: [Int]) throws(FlowError) {
    var left = statements[...]
    for column in design.grid.columns {
      for _ in 0..<column.capacity {
        guard let statement = left.popFirst() else { return }
        try run(.place(statement: statement, score: column.score))
      }
    }
  }
}
