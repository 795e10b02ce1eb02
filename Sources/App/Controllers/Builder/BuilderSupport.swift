import Fluent
import Vapor

/// The study a builder page is about, who is looking, with what role, and which sites they see.
struct StudyContext {
  let study: Study
  let studyID: UUID
  let user: User
  let userID: UUID
  let role: StudyMembership.Role
  /// The member's access, including the sites they are limited to.
  let grant: StudyAccess.Grant
  /// The names of the sites this member is limited to; empty when they see every site.
  let siteNames: [String]

  /// The study named by the `:slug` parameter, provided the signed-in user's role is at least `minimum`.
  static func load(_ req: Request, atLeast minimum: StudyMembership.Role) async throws -> StudyContext {
    try await load(req, user: req.auth.require(User.self), atLeast: minimum)
  }

  /// The same for the API: the user is the API token's.
  static func api(_ req: Request, atLeast minimum: StudyMembership.Role) async throws -> StudyContext {
    try await load(req, user: req.apiUser, atLeast: minimum)
  }

  private static func load(_ req: Request, user: User, atLeast minimum: StudyMembership.Role) async throws
    -> StudyContext
  {
    let grant = try await StudyAccess.grant(
      slug: req.parameters.get("slug") ?? "", user: user, atLeast: minimum, on: req.db)
    let studyID = try grant.study.requireID()
    var siteNames: [String] = []
    if let siteIDs = grant.siteIDs {
      siteNames = try await Site.query(on: req.db).filter(\.$study.$id == studyID).sort(\.$position).all()
        .filter { $0.id.map(siteIDs.contains) ?? false }.map(\.name)
    }
    return StudyContext(
      study: grant.study, studyID: studyID, user: user, userID: try user.requireID(), role: grant.role,
      grant: grant, siteNames: siteNames)
  }

  /// The address of one of this study's pages.
  func href(_ route: StudyRoute) -> String { route.href(slug: study.slug) }

  /// Whether this member sees every site (not a site lead).
  var seesAllSites: Bool { grant.siteIDs == nil }

  /// Personal codes and links are credentials: researchers and owners see them, viewers never.
  var seesCodes: Bool { role >= .researcher }
}

/// A one-line message shown on the next page after a change ("Statement 12 saved.").
enum Flash {
  static func set(_ req: Request, _ message: String) { req.session.data["flash"] = message }

  static func take(_ req: Request) -> String? {
    defer { req.session.data["flash"] = nil }
    return req.session.data["flash"]
  }
}

/// Runs a design change for a form post: on success, a flash message (worded after the change, so
/// it can say what was done) and a redirect back (303); when
/// the change is refused (422 bad input, 409 locked, 404 gone), the page again with the reason and the
/// researcher's input, with that status. Nothing is saved in the refused case (the editor is
/// transactional).
func performEdit(
  _ req: Request, success: @autoclosure () -> String, redirect: String, render: (String) async throws -> View,
  edit: () async throws -> Void
) async throws -> Response {
  do {
    try await edit()
  } catch let error as any AbortError where [.unprocessableEntity, .conflict, .notFound].contains(error.status) {
    let response = try await render(error.reason).encodeResponse(for: req)
    response.status = error.status
    return response
  }
  Flash.set(req, success())
  return req.redirect(to: redirect)
}

/// The routes of the study pages: pages need a signed-in user; posts also a valid CSRF token, read
/// from a body collected whole first (up to ``BodyLimit/text``, or an upload's own limit). Each
/// route is a ``StudyRoute`` made with `.key` parameters, so the path registered is the path linked.
struct BuilderRoutes {
  let pages: any RoutesBuilder
  let forms: any RoutesBuilder

  init(_ routes: any RoutesBuilder) {
    let signedIn = routes.grouped(User.redirectMiddleware(path: SiteRoute.login.href))
    pages = signedIn
    forms = signedIn.grouped(CSRFMiddleware())
  }

  /// A page (GET) of the study.
  func page<Response: AsyncResponseEncodable>(
    _ route: StudyRoute, use handler: @escaping @Sendable (Request) async throws -> Response
  ) {
    pages.get(SiteRoute.study(.key, route).pathComponents, use: handler)
  }

  /// A form (POST) of the study, CSRF-checked.
  func form<Response: AsyncResponseEncodable>(
    _ route: StudyRoute, use handler: @escaping @Sendable (Request) async throws -> Response
  ) {
    forms.post(SiteRoute.study(.key, route).pathComponents, use: handler)
  }

  /// Forms that upload more than text (a study's data files, participant lists): only a researcher
  /// of the study gets its body read at all, then collected up to `limit` bytes.
  func upload<Response: AsyncResponseEncodable>(
    _ route: StudyRoute, limit: Int, use handler: @escaping @Sendable (Request) async throws -> Response
  ) {
    pages.grouped(ResearcherFirst()).grouped(CSRFMiddleware(maxBody: limit))
      .post(SiteRoute.study(.key, route).pathComponents, use: handler)
  }
}

/// Checks that the signed-in user is a researcher of the study in the path before the body of an
/// upload is read: someone else's megabytes are refused (403) unread.
struct ResearcherFirst: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    _ = try await StudyContext.load(request, atLeast: .researcher)
    return try await next.respond(to: request)
  }
}
