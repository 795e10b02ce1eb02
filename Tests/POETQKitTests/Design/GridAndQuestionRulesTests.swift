import Testing

@testable import POETQKit

@Suite("Grid and question rules")
struct GridAndQuestionRulesTests {
  static func columns(_ capacities: [Int], from min: Int) -> [TemplateColumn] {
    capacities.enumerated().map { TemplateColumn(score: min + $0.offset, capacity: $0.element, label: "") }
  }

  @Test("a forced grid must hold exactly the Q-set; the message says how many to add or remove")
  func forcedSum() throws {
    let grid = Self.columns([2, 3, 4, 6, 10, 6, 4, 3, 2], from: -4)
    #expect(try GridRules.checked(grid.reversed(), statementCount: 40, forced: true) == grid, "sorted by score")
    #expect(
      throws: DesignError(field: "Capacities", "the columns hold 40 statements but the Q-set has 42; add 2.")
    ) { try GridRules.checked(grid, statementCount: 42, forced: true) }
    #expect(throws: Never.self) { try GridRules.checked(grid, statementCount: 42, forced: false) }
  }

  @Test("scores run without gaps or repeats within ±6, and capacities are not negative")
  func shape() {
    #expect(throws: DesignError(field: "Score", "scores must run without gaps; 0 is missing.")) {
      try GridRules.checked(
        [TemplateColumn(score: -1, capacity: 1, label: ""), TemplateColumn(score: 1, capacity: 1, label: "")],
        statementCount: 2, forced: true)
    }
    #expect(throws: DesignError(field: "Score", "two columns have the score +1.")) {
      try GridRules.checked(
        [TemplateColumn(score: 1, capacity: 1, label: ""), TemplateColumn(score: 1, capacity: 1, label: "")],
        statementCount: 2, forced: true)
    }
    #expect(throws: DesignError(field: "Capacity of 0", "-1 is not a possible number of statements.")) {
      try GridRules.checked(Self.columns([2, -1, 2], from: -1), statementCount: 3, forced: false)
    }
    #expect(throws: DesignError.self) {
      try GridRules.checked(Self.columns([1, 1], from: 6), statementCount: 2, forced: true)
    }
    #expect(throws: DesignError(field: "Columns", "a grid needs at least two columns.")) {
      try GridRules.checked(Self.columns([3], from: 0), statementCount: 3, forced: true)
    }
  }

  @Test("the quasi-normal suggestion is symmetric, fullest in the middle, and fits any count it can")
  func quasiNormal() throws {
    let forty = try GridRules.quasiNormal(statementCount: 40, minScore: -4, maxScore: 4, labels: [-4: "Most disagree"])
    #expect(forty.map(\.capacity) == [2, 3, 5, 6, 8, 6, 5, 3, 2])
    #expect(forty.map(\.score) == Array(-4...4))
    #expect(forty.first?.label == "Most disagree")
    for count in 9...80 {
      let grid = try GridRules.quasiNormal(statementCount: count, minScore: -4, maxScore: 4)
      #expect(try GridRules.checked(grid, statementCount: count, forced: true).count == 9)
    }
    #expect(throws: DesignError.self) { try GridRules.quasiNormal(statementCount: 5, minScore: -4, maxScore: 4) }
    #expect(throws: DesignError.self) { try GridRules.quasiNormal(statementCount: 50, minScore: -7, maxScore: 7) }
  }

  @Test("comment columns must be scores of the grid")
  func commentScores() throws {
    #expect(try GridRules.commentScores("+4, -4, 4", within: -4...4) == [-4, 4])
    #expect(try GridRules.commentScores("", within: -4...4) == [])
    #expect(throws: DesignError(field: "Comment columns", "\"5\" is not a score of the grid (-4…+4).")) {
      try GridRules.commentScores("-4, 5", within: -4...4)
    }
  }

  @Test("questions: a prompt, a key made from it when empty, options exactly when the kind needs them")
  func questions() throws {
    let draft = TemplateQuestion(
      phase: .before, key: "", kind: .singleChoice, prompt: " What is your role? ", options: ["Nurse", " ", "GP"],
      required: true)
    let clean = try QuestionRules.checked(draft, otherKeys: ["what_is_your_role"])
    #expect(clean.prompt == "What is your role?")
    #expect(clean.key == "what_is_your_role_2")
    #expect(clean.options == ["Nurse", "GP"])
    var text = draft
    text.kind = .longText
    #expect(try QuestionRules.checked(text, otherKeys: []).options.isEmpty)
    var oneOption = draft
    oneOption.options = ["Only"]
    #expect(
      throws: DesignError(field: "Options", "a single choice question needs at least two options, one per line.")
    ) { try QuestionRules.checked(oneOption, otherKeys: []) }
    var badKey = draft
    badKey.key = "Role Name"
    #expect(throws: DesignError.self) { try QuestionRules.checked(badKey, otherKeys: []) }
    var taken = draft
    taken.key = "role"
    #expect(throws: DesignError(field: "Key", "another question already uses the key \"role\".")) {
      try QuestionRules.checked(taken, otherKeys: ["role"])
    }
    var empty = draft
    empty.prompt = "  "
    #expect(throws: DesignError(field: "Prompt", "a question needs a prompt.")) {
      try QuestionRules.checked(empty, otherKeys: [])
    }
  }
}
