import POETQKit

/// The participant's pages one after another, as the study now reads (`/studies/<slug>/preview`),
/// and the button that tries them as a throw-away participant. Its model is built by
/// ``PreviewPage/query(study:on:)``, from ``StudyDesign/load(_:on:)``.
enum PreviewPage {
  static let template = "builder/preview"

  struct Model: Encodable, Sendable {
    var study: StudyTexts
    var consentVersion: Int
    var before: [Item]
    var after: [Item]
    var statements: [TemplateStatement]
    var columns: [Column]
    var commentColumns: String
    /// Where "Try it as a participant" posts.
    var tryAsParticipant: String
  }

  struct Item: Encodable, Sendable {
    var id: String
    var prompt: String
    var kind: String
    var options: [Option]
    var required: Bool
  }

  struct Option: Encodable, Sendable {
    var id: String
    var text: String
  }

  struct Column: Encodable, Sendable {
    var name: String
    var label: String
    var capacity: Int
    var slots: [Int]
  }
}

extension PreviewPage.Model {
  /// The preview of `study` with its design.
  init(study: Study, design: StudyTemplate) {
    func items(_ phase: TemplateQuestion.Phase) -> [PreviewPage.Item] {
      design.questions(in: phase).enumerated().map { index, question in
        let id = "\(phase.rawValue)-\(index)"
        return PreviewPage.Item(
          id: id, prompt: question.prompt, kind: question.kind.rawValue,
          options: question.options.enumerated().map { PreviewPage.Option(id: "\(id)-\($0.offset)", text: $0.element) },
          required: question.required)
      }
    }
    self.init(
      study: StudyTexts(study), consentVersion: study.consentVersion, before: items(.before), after: items(.after),
      statements: design.statements,
      columns: design.columns.map {
        PreviewPage.Column(
          name: GridRules.scoreName($0.score), label: $0.label, capacity: $0.capacity,
          slots: Array(0..<min($0.capacity, QSetRules.maxStatements)))
      },
      commentColumns: study.commentScoreList.map(GridRules.scoreName).joined(separator: " and "),
      tryAsParticipant: StudyRoute.preview(.participant).href(slug: study.slug))
  }

  /// A study of four statements on a −1…+1 grid with a question before and after: the snapshot's page.
  static let mock: Self = {
    let study = Study.mockTexts
    study.minScore = -1
    study.maxScore = 1
    study.commentScores = "-1,1"
    let design = StudyTemplate(
      title: study.title, description: study.description, instruction: study.instruction,
      disagreeLabel: study.disagreeLabel, agreeLabel: study.agreeLabel,
      statements: [
        TemplateStatement(number: 1, text: "Meetings start on time.", codes: []),
        TemplateStatement(number: 2, text: "Partners share the budget.", codes: []),
        TemplateStatement(number: 3, text: "Results reach the people they concern.", codes: []),
        TemplateStatement(number: 4, text: "Decisions are written down.", codes: []),
      ],
      columns: [
        TemplateColumn(score: -1, capacity: 1, label: "Most disagree"),
        TemplateColumn(score: 0, capacity: 2, label: ""),
        TemplateColumn(score: 1, capacity: 1, label: "Most agree"),
      ],
      questions: [
        TemplateQuestion(
          phase: .before, key: "role", kind: .singleChoice, prompt: "What is your role?",
          options: ["Commissioner", "Provider"], required: true),
        TemplateQuestion(
          phase: .after, key: "missing", kind: .longText, prompt: "What did the statements leave out?", options: [],
          required: false),
      ], sites: ["North"], commentScores: [-1, 1])
    return PreviewPage.Model(study: study, design: design)
  }()
}
