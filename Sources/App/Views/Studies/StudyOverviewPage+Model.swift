import POETQKit

/// A study's overview (`/studies/<slug>`): its status with the forms that open, close or copy it,
/// and a summary of each part of the design with a link to edit it. Its model is built by
/// ``StudyOverviewPage/query(study:on:)``.
enum StudyOverviewPage {
  static let template = "studies/show"

  struct Model: Encodable, Sendable {
    var study: Summary
    /// What must be done before the study can open (empty when it can).
    var problems: [String]
    /// Open or closed, and nobody has started: the design can still be changed after a return to draft.
    var canReturnToDraft: Bool
    var copyTitle: String
    var statements: [Statement]
    var codeCounts: [CodeCount]
    var columns: [Column]
    var gridCapacity: Int
    var gridMatches: Bool
    var questionsBefore: [Question]
    var questionsAfter: [Question]
    var sites: [String]
    /// Where the status and copy forms post, and the pages the summaries link to.
    var links: Links
  }

  struct Links: Encodable, Sendable {
    var status: String
    var copy: String
    var preview: String
    var statements: String
    var grid: String
    var questions: String
    var sites: String

    init(slug: String) {
      status = StudyRoute.status.href(slug: slug)
      copy = StudyRoute.copy.href(slug: slug)
      preview = StudyRoute.preview().href(slug: slug)
      statements = StudyRoute.statements().href(slug: slug)
      grid = StudyRoute.grid().href(slug: slug)
      questions = StudyRoute.questions().href(slug: slug)
      sites = StudyRoute.sites().href(slug: slug)
    }
  }

  struct Summary: Encodable, Sendable {
    var title: String
    var status: String
    var sortMode: String
    var distributionKind: String
    var instruction: String
  }

  struct Statement: Encodable, Sendable {
    var number: Int
    var text: String
    var codes: String
  }

  struct CodeCount: Encodable, Sendable {
    var code: String
    var count: Int
  }

  struct Column: Encodable, Sendable {
    var score: String
    var capacity: Int
    var label: String
  }

  struct Question: Encodable, Sendable {
    var prompt: String
    var kind: String
    var required: Bool
  }
}

extension StudyOverviewPage.Model {
  /// The overview of `study` with its `design`; `responses` real participants have started.
  init(study: Study, design: StudyTemplate, responses: Int) {
    let capacity = design.gridCapacity
    let question = { (question: TemplateQuestion) in
      StudyOverviewPage.Question(
        prompt: question.prompt, kind: QuestionRules.kindName(question.kind), required: question.required)
    }
    self.init(
      study: StudyOverviewPage.Summary(
        title: study.title, status: study.status.rawValue, sortMode: study.sortMode.rawValue,
        distributionKind: study.distributionKind.rawValue, instruction: study.instruction),
      problems: study.status == .draft ? StudyDesign.problemsBeforeOpening(study, design: design) : [],
      canReturnToDraft: study.status != .draft && responses == 0,
      copyTitle: "Copy of \(study.title)".prefixString(200),
      statements: design.statements.map {
        StudyOverviewPage.Statement(number: $0.number, text: $0.text, codes: $0.codes.joined(separator: ", "))
      },
      codeCounts: QSetRules.codeCounts(design.statements).map {
        StudyOverviewPage.CodeCount(code: $0.code, count: $0.count)
      },
      columns: design.columns.map {
        StudyOverviewPage.Column(score: GridRules.scoreName($0.score), capacity: $0.capacity, label: $0.label)
      },
      gridCapacity: capacity, gridMatches: capacity == design.statements.count && !design.statements.isEmpty,
      questionsBefore: design.questions(in: .before).map(question),
      questionsAfter: design.questions(in: .after).map(question), sites: design.sites,
      links: StudyOverviewPage.Links(slug: study.slug))
  }

  /// A new draft made from the POETQ template: the snapshot's page (a draft still to complete).
  static var mock: Self {
    let study = Study(slug: "mock-study", title: "Partnership in practice")
    return StudyOverviewPage.Model(study: study, design: .poetqJointCommissioning, responses: 0)
  }
}
