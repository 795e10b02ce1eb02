import Fluent
import Vapor

/// The public link of a study that allows open access (`/s/<slug>`): the participant picks their
/// site and gets a personal code, then carries on at `/p/<code>` like an invited participant.
struct OpenAccessController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(SiteRoute.openAccess(slug: .key).pathComponents, use: show)
    routes.post(SiteRoute.openAccess(slug: .key).pathComponents, use: start)
  }

  /// The open study and its sites, or nil when the link does not lead to an open, open-access study.
  private func load(_ req: Request) async throws -> (Study, [Site])? {
    guard let study = try await Study.query(on: req.db).filter(\.$slug == (req.parameters.get("slug") ?? "")).first(),
      study.openAccess, study.status == .open
    else { return nil }
    let sites = try await Site.query(on: req.db).filter(\.$study.$id == study.requireID()).sort(\.$position).all()
    return sites.isEmpty ? nil : (study, sites)
  }

  func show(req: Request) async throws -> Response {
    guard let (study, sites) = try await load(req) else { return try await notFound(req) }
    return try await render(req, study, sites, error: "", status: .ok)
  }

  func start(req: Request) async throws -> Response {
    guard let (study, sites) = try await load(req) else { return try await notFound(req) }
    let chosen = sites.count == 1 ? sites.first : sites.first { $0.id?.uuidString == FormFields(req)["site"] }
    guard let site = chosen else {
      return try await render(
        req, study, sites, error: req.application.participantTexts("openAccessSiteMissing"),
        status: .unprocessableEntity)
    }
    let participant = Participant(
      studyID: try study.requireID(), siteID: try site.requireID(), code: ParticipantCode.make())
    participant.status = .opened
    try await participant.create(on: req.db)
    return req.redirect(to: SiteRoute.participant(participant.code).href)
  }

  private func render(_ req: Request, _ study: Study, _ sites: [Site], error: String, status: HTTPStatus)
    async throws -> Response
  {
    let texts = req.application.participantTexts
    var page = ParticipantPage.envelope(
      template: "participant/open-access", texts: texts, title: texts("openAccessHeading"), studyTitle: study.title)
    page.error = error
    page.openAccess = .init(
      description: study.description, action: SiteRoute.openAccess(slug: .value(study.slug)).href,
      sites: sites.enumerated().map {
        .init(
          id: "site-\($0.offset + 1)", value: $0.element.id?.uuidString ?? "", name: $0.element.name, checked: false)
      })
    return try await page.response(for: req, status: status)
  }

  private func notFound(_ req: Request) async throws -> Response {
    try await ParticipantController.unknownLinkPage(req.application.participantTexts)
      .response(for: req, status: .notFound)
  }
}
