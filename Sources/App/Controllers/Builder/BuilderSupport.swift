import Fluent
import Vapor

/// The study a builder page is about, who is looking, and with what role.
struct StudyContext {
  let study: Study
  let studyID: UUID
  let user: User
  let userID: UUID
  let role: StudyMembership.Role

  /// The study named by the `:slug` parameter, provided the signed-in user's role is at least `minimum`.
  static func load(_ req: Request, atLeast minimum: StudyMembership.Role) async throws -> StudyContext {
    let user = try req.auth.require(User.self)
    let (study, role) = try await StudyAccess.study(
      slug: req.parameters.get("slug") ?? "", user: user, atLeast: minimum, on: req.db)
    return StudyContext(
      study: study, studyID: try study.requireID(), user: user, userID: try user.requireID(), role: role)
  }

  /// Where the builder's pages for this study live.
  var path: String { "/studies/\(study.slug)" }
}

/// What every builder page shows above its own content: the study, the section tabs, the user's
/// role, whether the design is locked, and the outcome of the last change.
struct StudyHeader: Encodable {
  var title: String
  var slug: String
  var status: String
  var role: String
  var canEdit: Bool
  /// May change the Q-set and grid: can edit, and the design is not locked by responses.
  var canEditDesign: Bool
  var section: String
  var lockedReason: String?
  var flash: String?
  var error: String?

  static func make(_ context: StudyContext, section: String, req: Request, error: String? = nil) async throws
    -> StudyHeader
  {
    let lockedReason = try await StudyLock.reason(studyID: context.studyID, on: req.db)
    return StudyHeader(
      title: context.study.title, slug: context.study.slug, status: context.study.status.rawValue,
      role: context.role.rawValue, canEdit: context.role >= .researcher,
      canEditDesign: context.role >= .researcher && lockedReason == nil, section: section,
      lockedReason: lockedReason, flash: error == nil ? Flash.take(req) : nil, error: error)
  }
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

/// The routes of a builder area: pages need a signed-in user; posts also a valid CSRF token.
struct BuilderRoutes {
  let pages: any RoutesBuilder
  let forms: any RoutesBuilder

  init(_ routes: any RoutesBuilder, _ path: PathComponent...) {
    let signedIn = routes.grouped(User.redirectMiddleware(path: "/login")).grouped(path)
    pages = signedIn
    forms = signedIn.grouped(CSRFMiddleware())
  }
}
