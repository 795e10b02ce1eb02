import Fluent
import Vapor

/// The public link of a study that allows open access (`/s/<slug>`): the participant picks their
/// site and gets a personal code, then carries on at `/p/<code>` like an invited participant.
struct OpenAccessController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(SiteRoute.openAccess(slug: .key).pathComponents, use: show)
    routes.post(SiteRoute.openAccess(slug: .key).pathComponents, use: start)
  }

  /// The open study in the page's language and its sites, or nil when the link does not lead to an
  /// open, open-access study.
  private func load(_ req: Request) async throws -> (OpenStudy, [Site])? {
    guard let study = try await Study.query(on: req.db).filter(\.$slug == (req.parameters.get("slug") ?? "")).first(),
      study.openAccess, study.status == .open
    else { return nil }
    let sites = try await Site.query(on: req.db).filter(\.$study.$id == study.requireID()).sort(\.$position).all()
    guard !sites.isEmpty else { return nil }
    // The study's languages as its participants get them (the same cache, at its design version).
    let cached = try await req.application.studyDesignCache.study(
      studyID: try study.requireID(),
      version: try await StudyDesignVersion.current(studyID: study.requireID(), on: req.db),
      locales: req.application.locales, on: req.db)
    let language = ParticipantLanguage.resolve(
      query: req.askedLanguage, stored: nil, acceptLanguage: req.headers.first(name: .acceptLanguage),
      offered: cached.offered, source: cached.source)
    let design = cached.design(in: language)
    return (OpenStudy(study: study, language: design.language, offered: cached.offered, design: design), sites)
  }

  /// The study as its open-access page shows it.
  private struct OpenStudy {
    let study: Study
    let language: StudyLanguage
    let offered: [StudyLanguage]
    let design: CachedDesign
    var texts: ParticipantTexts { design.texts }
  }

  func show(req: Request) async throws -> Response {
    guard let (open, sites) = try await load(req) else { return try await notFound(req) }
    return try await render(req, open, sites, error: "", status: .ok)
  }

  func start(req: Request) async throws -> Response {
    guard let (open, sites) = try await load(req) else { return try await notFound(req) }
    let study = open.study
    let chosen = sites.count == 1 ? sites.first : sites.first { $0.id?.uuidString == FormFields(req)["site"] }
    guard let site = chosen else {
      return try await render(
        req, open, sites, error: open.texts("openAccessSiteMissing"),
        status: .unprocessableEntity)
    }
    let participant = Participant(
      studyID: try study.requireID(), siteID: try site.requireID(), code: ParticipantCode.make())
    participant.status = .opened
    // The language the page was read in goes with the participant from their first page on.
    participant.language = open.language.tag
    try await participant.create(on: req.db)
    return req.redirect(to: SiteRoute.participant(participant.code).href)
  }

  private func render(_ req: Request, _ open: OpenStudy, _ sites: [Site], error: String, status: HTTPStatus)
    async throws -> Response
  {
    let texts = open.texts
    let study = open.study
    let path = SiteRoute.openAccess(slug: .value(study.slug)).href
    var page = ParticipantPage.envelope(
      template: "participant/open-access", texts: texts, language: open.language, title: texts("openAccessHeading"),
      studyTitle: open.design.wording.title)
    page.languages = ParticipantPage.LanguageLink.switcher(offered: open.offered, current: open.language, path: path)
    page.error = error
    page.openAccess = .init(
      description: open.design.wording.description, action: path,
      sites: sites.enumerated().map {
        .init(
          id: "site-\($0.offset + 1)", value: $0.element.id?.uuidString ?? "", name: $0.element.name, checked: false)
      })
    return try await page.response(for: req, status: status)
  }

  private func notFound(_ req: Request) async throws -> Response {
    try await ParticipantController.unknownLinkPage(req).response(for: req, status: .notFound)
  }
}
