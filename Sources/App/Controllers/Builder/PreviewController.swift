import Fluent
import POETQKit
import Vapor

/// The participant's pages, one after another, exactly as the study now reads: welcome and
/// information, consent, the questions before the sort, the statements and the grid, comments, the
/// questions after, and the thank-you. Nothing here is a form that posts, so nothing is stored.
struct PreviewController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.preview(), use: show)
    area.form(.preview(.participant), use: tryAsParticipant)
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
      return req.redirect(to: context.href(.preview()))
    }
    let design = try await StudyDesign.load(context.study, on: req.db)
    if let problem = StudyDesign.problemsBeforeOpening(context.study, design: design).first(where: {
      $0.hasPrefix("Statements") || $0.hasPrefix("Grid")
    }) {
      Flash.set(req, "Not yet: \(problem)")
      return req.redirect(to: context.href(.preview()))
    }
    try await Participant.query(on: req.db).filter(\.$study.$id == context.studyID).filter(\.$isPreview == true)
      .filter(\.$createdAt < Date().addingTimeInterval(-24 * 60 * 60)).delete()
    let participant = Participant(
      studyID: context.studyID, siteID: try site.requireID(), code: ParticipantCode.make(), isPreview: true)
    participant.status = .opened
    try await participant.create(on: req.db)
    return req.redirect(to: SiteRoute.participant(participant.code).href)
  }

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let model = try await PreviewPage.query(study: context.study, on: req.db)
    return try await req.renderStudyPage(PreviewPage.template, context, section: .preview, model)
  }
}
