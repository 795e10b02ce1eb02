import Fluent
import POETQKit
import Vapor

/// The researcher's studies: the list, a new study (blank or from the POETQ template) and a study's
/// overview. Editing pages for each part of the study hang off the overview.
struct StudiesController: RouteCollection {
  struct StudyRow: Encodable {
    var title: String
    var slug: String
    var status: String
    var role: String
  }

  struct IndexContent: Encodable {
    var studies: [StudyRow]
    var error: String?
  }

  struct NewStudyForm: Content {
    var title: String
    var template: String?
  }

  func boot(routes: any RoutesBuilder) throws {
    let signedIn = routes.grouped(User.redirectMiddleware(path: "/login"))
    signedIn.get("studies", use: index)
    signedIn.grouped(CSRFMiddleware()).post("studies", use: create)
    signedIn.grouped(CSRFMiddleware()).post("studies", "demo", use: createDemo)
    signedIn.get("studies", ":slug", use: show)
    let studyForms = signedIn.grouped("studies", ":slug").grouped(CSRFMiddleware())
    studyForms.post("status", use: changeStatus)
    studyForms.post("copy", use: copy)
  }

  func create(req: Request) async throws -> Response {
    let user = try req.auth.require(User.self)
    let form = try req.content.decode(NewStudyForm.self)
    let template: StudyTemplate?
    switch form.template ?? "blank" {
    case "blank": template = nil
    default:
      guard let known = StudyFactory.templates[form.template ?? ""] else {
        throw Abort(.unprocessableEntity, reason: "Template: choose the POETQ template or a blank study.")
      }
      template = known
    }
    do {
      let study = try await StudyFactory.create(title: form.title, template: template, owner: user, on: req.db)
      return req.redirect(to: "/studies/\(study.slug)")
    } catch let error as Abort where error.status == .unprocessableEntity {
      return try await req.renderPage(
        "studies/index", title: "Studies", indexContent(req, user: user, error: error.reason),
        status: .unprocessableEntity)
    }
  }

  /// The demo study with synthetic data, offered on an empty studies list (as `poetq demo` does).
  func createDemo(req: Request) async throws -> Response {
    let user = try req.auth.require(User.self)
    let demo = try await DemoStudy.create(owner: user, on: req.db)
    Flash.set(req, "The demo study holds \(demo.completed) synthetic completed sorts: see them under Monitor.")
    return req.redirect(to: "/studies/\(demo.study.slug)")
  }

  struct OverviewContent: Encodable {
    var study: StudySummary
    /// What must be done before the study can open (empty when it can).
    var problems: [String]
    /// Open or closed, and nobody has started: the design can still be changed after a return to draft.
    var canReturnToDraft: Bool
    var copyTitle: String
    var statements: [StatementRow]
    var codeCounts: [CodeCount]
    var columns: [ColumnRow]
    var gridCapacity: Int
    var gridMatches: Bool
    var questionsBefore: [QuestionRow]
    var questionsAfter: [QuestionRow]
    var sites: [String]
  }

  struct StudySummary: Encodable {
    var title: String
    var slug: String
    var status: String
    var sortMode: String
    var distributionKind: String
    var instruction: String
  }

  struct StatementRow: Encodable {
    var number: Int
    var text: String
    var codes: String
  }

  struct CodeCount: Encodable {
    var code: String
    var count: Int
  }

  struct ColumnRow: Encodable {
    var score: String
    var capacity: Int
    var label: String
  }

  struct QuestionRow: Encodable {
    var prompt: String
    var kind: String
    var required: Bool
  }

  func show(req: Request) async throws -> View {
    try await renderOverview(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func renderOverview(_ req: Request, context: StudyContext, error: String? = nil) async throws -> View {
    let study = context.study
    let design = try await StudyDesign.load(study, on: req.db)
    let capacity = design.gridCapacity
    let responses = try await StudyLock.realResponseCount(studyID: context.studyID, on: req.db)
    let canReturnToDraft = study.status != .draft && responses == 0
    let questionRow = { (question: TemplateQuestion) in
      QuestionRow(
        prompt: question.prompt, kind: QuestionRules.kindName(question.kind), required: question.required)
    }
    let content = OverviewContent(
      study: StudySummary(
        title: study.title, slug: study.slug, status: study.status.rawValue, sortMode: study.sortMode.rawValue,
        distributionKind: study.distributionKind.rawValue, instruction: study.instruction),
      problems: study.status == .draft ? StudyDesign.problemsBeforeOpening(study, design: design) : [],
      canReturnToDraft: canReturnToDraft,
      copyTitle: "Copy of \(study.title)".prefixString(200),
      statements: design.statements.map {
        StatementRow(number: $0.number, text: $0.text, codes: $0.codes.joined(separator: ", "))
      },
      codeCounts: QSetRules.codeCounts(design.statements).map { CodeCount(code: $0.code, count: $0.count) },
      columns: design.columns.map {
        ColumnRow(score: GridRules.scoreName($0.score), capacity: $0.capacity, label: $0.label)
      },
      gridCapacity: capacity,
      gridMatches: capacity == design.statements.count && !design.statements.isEmpty,
      questionsBefore: design.questions(in: .before).map(questionRow),
      questionsAfter: design.questions(in: .after).map(questionRow),
      sites: design.sites)
    return try await req.renderStudyPage("studies/show", context, section: .overview, content, error: error)
  }

  struct StatusForm: Content {
    var status: String
  }

  /// Opens, closes or reopens the study.
  func changeStatus(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(StatusForm.self)
    let messages: [Study.Status: String] = [
      .open: "The study is open: participants can take part.", .closed: "The study is closed to participants.",
      .draft: "The study is a draft again.",
    ]
    return try await performEdit(
      req, success: messages[Study.Status(rawValue: form.status) ?? .draft] ?? "Status changed.",
      redirect: context.path, render: { try await renderOverview(req, context: context, error: $0) },
      edit: {
        guard let status = Study.Status(rawValue: form.status) else {
          throw Abort(.unprocessableEntity, reason: "Status: choose draft, open or closed.")
        }
        try await StudyEditor.setStatus(status, of: context.study, by: context.userID, on: req.db)
      })
  }

  /// A new draft with the same design, for changing a Q-set that responses have locked.
  func copy(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(NewStudyForm.self)
    do {
      let copy = try await StudyEditor.copy(context.study, title: form.title, by: context.user, on: req.db)
      Flash.set(req, "This is a copy of “\(context.study.title)”: a draft you can change.")
      return req.redirect(to: "/studies/\(copy.slug)")
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      let response = try await renderOverview(req, context: context, error: error.reason).encodeResponse(for: req)
      response.status = .unprocessableEntity
      return response
    }
  }

  func index(req: Request) async throws -> Response {
    let user = try req.auth.require(User.self)
    return try await req.renderPage("studies/index", title: "Studies", indexContent(req, user: user, error: nil))
  }

  func indexContent(_ req: Request, user: User, error: String?) async throws -> IndexContent {
    let memberships = try await StudyMembership.query(on: req.db)
      .filter(\.$user.$id == user.requireID())
      .with(\.$study)
      .all()
    let rows = memberships.map {
      StudyRow(title: $0.study.title, slug: $0.study.slug, status: $0.study.status.rawValue, role: $0.role.rawValue)
    }
    .sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }
    return IndexContent(studies: rows, error: error)
  }
}

extension String {
  /// At most `length` characters.
  func prefixString(_ length: Int) -> String { String(prefix(length)) }
}
