import Foundation
import POETQKit
import Testing

@Suite("Participant flow: questionnaires")
struct ParticipantFlowQuestionsTests {
  let design = FlowFixture.design(questions: FlowFixture.questions, commentScores: [2, -2])

  /// A new flow on the questionnaire before the sort.
  var before: FlowDriver { FlowDriver(design: design) }
  let role = FlowError.MissingAnswer(key: "role", prompt: "Your role?")
  let rating = FlowError.MissingAnswer(key: "rating", prompt: "How well do partners work together?")

  /// The answer stored for `key` after answering `values` on the questionnaire before the sort.
  func stored(_ key: String, _ values: [String]) throws(FlowError) -> [String]? {
    try before.trying(.answer([key: values])).answers[key]
  }

  /// The refusal of `values` as the answer to `key`, as the flow words it.
  func invalid(_ prompt: String, _ problem: FlowError.AnswerProblem) -> FlowError {
    .answerInvalid(prompt: prompt, problem: problem)
  }

  @Test("single choice and rating scale take one option from the list, trimmed, blanks dropped")
  func oneOption() throws {
    #expect(try stored("role", ["GP"]) == ["GP"])
    #expect(try stored("role", ["  Nurse \n"]) == ["Nurse"])
    #expect(try stored("role", ["", "Manager", "   "]) == ["Manager"])
    #expect(throws: invalid("Your role?", .notAnOption("Doctor"))) { try stored("role", ["Doctor"]) }
    #expect(throws: invalid("Your role?", .notAnOption("gp")), "options match exactly") { try stored("role", ["gp"]) }
    #expect(throws: invalid("Your role?", .oneValueOnly)) { try stored("role", ["GP", "Nurse"]) }
    #expect(throws: invalid("Your role?", .oneValueOnly), "even the same one twice") {
      try stored("role", ["GP", "GP"])
    }

    let prompt = "How well do partners work together?"
    #expect(try stored("rating", ["Fairly"]) == ["Fairly"])
    #expect(throws: invalid(prompt, .notAnOption("Very well"))) { try stored("rating", ["Very well"]) }
    #expect(throws: invalid(prompt, .oneValueOnly)) { try stored("rating", ["Poorly", "Well"]) }
  }

  @Test("multiple choice takes any options from the list, stored in option order, each once")
  func multipleChoice() throws {
    #expect(try stored("sectors", ["Voluntary", "Health"]) == ["Health", "Voluntary"])
    #expect(try stored("sectors", ["Social care", " Health ", "Social care"]) == ["Health", "Social care"])
    #expect(try stored("sectors", ["Voluntary", "Social care", "Health"]) == ["Health", "Social care", "Voluntary"])
    #expect(try stored("sectors", ["Voluntary"]) == ["Voluntary"])
    #expect(throws: invalid("Sectors you work in?", .notAnOption("Education"))) {
      try stored("sectors", ["Health", "Education"])
    }
  }

  @Test("a number question takes one finite number, trimmed; anything else is named")
  func number() throws {
    #expect(try stored("years", ["42"]) == ["42"])
    #expect(try stored("years", [" -3.5 "]) == ["-3.5"])
    #expect(try stored("years", ["1e3"]) == ["1e3"])
    #expect(try stored("years", ["", "7"]) == ["7"])
    for text in ["abc", "4,5", "nan", "inf", "12 years"] {
      #expect(throws: invalid("Years in post?", .notANumber(text))) { try stored("years", [text]) }
    }
    #expect(throws: invalid("Years in post?", .oneValueOnly)) { try stored("years", ["1", "2"]) }
  }

  @Test("short text takes up to 200 characters and long text up to 5000, counted after trimming")
  func textLimits() throws {
    #expect(ParticipantFlow.maxShortAnswerLength == 200)
    #expect(ParticipantFlow.maxLongAnswerLength == 5000)
    let short = String(repeating: "ü", count: 200)
    #expect(try stored("team", ["  " + short + "\n"]) == [short])
    #expect(throws: invalid("Your team?", .tooLong(limit: 200))) { try stored("team", [short + "x"]) }
    #expect(throws: invalid("Your team?", .oneValueOnly)) { try stored("team", ["A", "B"]) }

    let fiveThousand = String(String(repeating: "Lorem ipsum ", count: 500).prefix(5000))
    #expect(fiveThousand.count == 5000)
    #expect(try stored("story", [fiveThousand]) == [fiveThousand])
    #expect(try stored("story", [short + "x"]) == [short + "x"], "a long text is not held to the short limit")
    #expect(throws: invalid("Tell us more.", .tooLong(limit: 5000))) {
      try stored("story", [String(repeating: "a", count: 5001)])
    }
  }

  @Test("blank values are dropped, and an answer of only blanks (or none) clears the question")
  func clearing() throws {
    var driver = before
    try driver.run(.answer(["role": ["GP"], "sectors": ["Health"], "years": ["3"], "team": ["Blue"]]))
    #expect(driver.flow.answers == ["role": ["GP"], "sectors": ["Health"], "years": ["3"], "team": ["Blue"]])
    try driver.run(.answer(["role": [], "sectors": ["", " "], "years": ["  "]]))
    #expect(driver.flow.answers == ["team": ["Blue"]])
    try driver.run(.answer(["team": ["\n"]]))
    #expect(driver.flow.answers.isEmpty)
    try driver.run(.answer([:]))
    #expect(driver.flow.answers.isEmpty)
  }

  @Test("a question key the page does not have is refused, and a batch with a bad answer saves nothing")
  func unknownKeysAndBatches() throws {
    var driver = before
    #expect(throws: FlowError.unknownQuestion("colour")) { try driver.trying(.answer(["colour": ["Red"]])) }
    #expect(throws: FlowError.unknownQuestion("remarks"), "an after question before the sort") {
      try driver.trying(.answer(["remarks": ["Hi"]]))
    }
    #expect(throws: invalid("Your role?", .notAnOption("Pilot"))) {
      try driver.trying(.answer(["years": ["3"], "role": ["Pilot"], "team": ["Blue"]]))
    }
    #expect(throws: FlowError.unknownQuestion("zzz")) { try driver.trying(.answer(["years": ["3"], "zzz": ["?"]])) }
    #expect(driver.flow.answers.isEmpty)

    try driver.run([.answer(FlowFixture.requiredBefore), .proceed])
    try driver.presortAll()
    try driver.run(.proceed)
    try driver.rankFirstCandidates()
    try driver.run([.proceed, .proceed])
    #expect(driver.flow.stage == .questionsAfter)
    #expect(throws: FlowError.unknownQuestion("role"), "a before question after the sort") {
      try driver.trying(.answer(["role": ["GP"]]))
    }
    try driver.run(.answer(["again": ["No"], "remarks": ["None"]]))
    #expect(driver.flow.answers == ["role": ["GP"], "rating": ["Well"], "again": ["No"], "remarks": ["None"]])
  }

  @Test("answers are taken on the questionnaire stages only")
  func answersOnlyOnQuestionnaires() throws {
    var driver = before
    try driver.run([.answer(FlowFixture.requiredBefore), .proceed])
    #expect(throws: FlowError.notNow(.presort)) { try driver.trying(.answer(["role": ["Nurse"]])) }
    try driver.presortAll()
    try driver.run(.proceed)
    #expect(throws: FlowError.notNow(.ranking)) { try driver.trying(.answer(["role": ["Nurse"]])) }
    try driver.rankFirstCandidates()
    #expect(throws: FlowError.notNow(.review)) { try driver.trying(.answer(["remarks": ["Hi"]])) }
    try driver.run(.proceed)
    #expect(driver.flow.stage == .comments)
    #expect(throws: FlowError.notNow(.comments)) { try driver.trying(.answer(["remarks": ["Hi"]])) }
    #expect(driver.flow.answers == FlowFixture.requiredBefore)
  }

  @Test("required questions block going on, naming every unanswered one at once; optional ones do not")
  func requiredAnswers() throws {
    var driver = before
    #expect(throws: FlowError.answersRequired([role, rating])) { try driver.trying(.proceed) }
    try driver.run(.answer(["rating": ["Well"], "years": ["2"]]))
    #expect(throws: FlowError.answersRequired([role])) { try driver.trying(.proceed) }
    try driver.run(.answer(["role": ["GP"], "rating": []]))
    let waiting = driver.flow
    #expect(throws: FlowError.answersRequired([rating])) {
      try driver.trying(.proceed)
    }
    #expect(driver.flow == waiting)
    #expect(driver.flow.stage == .questionsBefore)
    try driver.run(.answer(["rating": ["Poorly"]]))
    try driver.run(.proceed)
    #expect(driver.flow.stage == .presort)
    #expect(driver.flow.timestamps["presort"] == moment(driver.clock))

    try driver.run(.back)
    #expect(driver.flow.stage == .questionsBefore)
    #expect(throws: FlowError.cannotGoBack) { try driver.trying(.back) }
    try driver.run(.answer(["role": [""]]))
    #expect(throws: FlowError.answersRequired([role]), "a cleared answer is missing again") {
      try driver.trying(.proceed)
    }
  }

  @Test("the questionnaire after the sort: required answers block the submission; back goes to comments")
  func afterTheSort() throws {
    var driver = before
    try driver.run([.answer(FlowFixture.requiredBefore), .proceed])
    try driver.presortAll()
    try driver.run(.proceed)
    try driver.rankFirstCandidates()
    try driver.run([.proceed, .proceed])
    #expect(driver.flow.stage == .questionsAfter)
    #expect(throws: FlowError.answersRequired([.init(key: "remarks", prompt: "Any remarks?")])) {
      try driver.trying(.proceed)
    }
    try driver.run(.answer(["remarks": ["Later"]]))
    try driver.run(.back)
    #expect(driver.flow.stage == .comments)
    try driver.run(.back)
    #expect(driver.flow.stage == .review)
    try driver.run([.proceed, .proceed])
    #expect(driver.flow.stage == .questionsAfter)
    #expect(driver.flow.answers["remarks"] == ["Later"], "answers wait while the participant looks back")
    try driver.run(.proceed)
    #expect(driver.flow.stage == .submitted)
  }
}
