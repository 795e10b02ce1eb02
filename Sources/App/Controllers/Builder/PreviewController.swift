import Fluent
import POETQKit
import Vapor

/// The participant's pages, one after another, exactly as the study now reads: welcome and
/// information, consent, the questions before the sort, the statements and the grid, comments, the
/// questions after, and the thank-you. Nothing here is a form that posts, so nothing is stored.
struct PreviewController: RouteCollection {
  struct PageContent: Encodable {
    var study: StudyTexts
    var consentVersion: Int
    var before: [Item]
    var after: [Item]
    var statements: [TemplateStatement]
    var columns: [Column]
    var commentColumns: String
  }

  struct Item: Encodable {
    var id: String
    var prompt: String
    var kind: String
    var options: [Option]
    var required: Bool
  }

  struct Option: Encodable {
    var id: String
    var text: String
  }

  struct Column: Encodable {
    var name: String
    var label: String
    var capacity: Int
    var slots: [Int]
  }

  func boot(routes: any RoutesBuilder) throws {
    let routes = BuilderRoutes(routes, "studies", ":slug", "preview")
    routes.pages.get(use: show)
    routes.forms.post("participant", use: tryAsParticipant)
  }

  /// Starts a throw-away participant at the study's first site and opens the real participant
  /// pages for it. Preview participants never count as responses and work in any status; earlier
  /// previews of the study older than a day are cleared away.
  func tryAsParticipant(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    guard
      let site = try await Site.query(on: req.db).filter(\.$study.$id == context.studyID).sort(\.$position).first()
    else {
      Flash.set(req, "Add a site before trying the study as a participant.")
      return req.redirect(to: context.path + "/preview")
    }
    let design = try await StudyDesign.load(context.study, on: req.db)
    if let problem = StudyDesign.problemsBeforeOpening(context.study, design: design).first(where: {
      $0.hasPrefix("Statements") || $0.hasPrefix("Grid")
    }) {
      Flash.set(req, "Not yet: \(problem)")
      return req.redirect(to: context.path + "/preview")
    }
    try await Participant.query(on: req.db).filter(\.$study.$id == context.studyID).filter(\.$isPreview == true)
      .filter(\.$createdAt < Date().addingTimeInterval(-24 * 60 * 60)).delete()
    let participant = Participant(
      studyID: context.studyID, siteID: try site.requireID(), code: ParticipantCode.make(), isPreview: true)
    participant.status = .opened
    try await participant.create(on: req.db)
    return req.redirect(to: "/p/\(participant.code)")
  }

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let study = context.study
    let design = try await StudyDesign.load(study, on: req.db)
    func items(_ phase: TemplateQuestion.Phase) -> [Item] {
      design.questions(in: phase).enumerated().map { index, question in
        let id = "\(phase.rawValue)-\(index)"
        return Item(
          id: id, prompt: question.prompt, kind: question.kind.rawValue,
          options: question.options.enumerated().map { Option(id: "\(id)-\($0.offset)", text: $0.element) },
          required: question.required)
      }
    }
    let content = PageContent(
      study: StudyTexts(study),
      consentVersion: study.consentVersion, before: items(.before), after: items(.after),
      statements: design.statements,
      columns: design.columns.map {
        Column(
          name: GridRules.scoreName($0.score), label: $0.label, capacity: $0.capacity,
          slots: Array(0..<min($0.capacity, QSetRules.maxStatements)))
      },
      commentColumns: study.commentScoreList.map(GridRules.scoreName).joined(separator: " and "))
    return try await req.renderStudyPage("builder/preview", context, section: .preview, content)
  }
}
