import Fluent
import Vapor

/// `/join/<token>`: a person invited to a study from its People page creates their account (the
/// e-mail is the invited one) and is signed in as a member. Someone who already has an account
/// signs in and joins.
struct JoinController: RouteCollection {
  struct JoinForm: Content {
    var name: String
    var password: String
  }

  func boot(routes: any RoutesBuilder) throws {
    routes.get(SiteRoute.join(token: .key).pathComponents, use: show)
    routes.grouped(CSRFMiddleware()).post(SiteRoute.join(token: .key).pathComponents, use: create)
  }

  func show(req: Request) async throws -> Response {
    guard let invitation = try await invitation(req) else { return try await expired(req) }
    return try await page(req, invitation, name: "", error: nil, status: .ok)
  }

  func create(req: Request) async throws -> Response {
    guard let invitation = try await invitation(req) else { return try await expired(req) }
    if let user = try await User.query(on: req.db).filter(\.$email == invitation.email).first() {
      // An account was made since: joining needs its password, through sign-in.
      guard req.auth.get(User.self)?.id == user.id else {
        return try await page(
          req, invitation, name: "",
          error: "An account with this address exists: sign in first, then open the link again.",
          status: .conflict)
      }
      try await StudyMembers.accept(invitation, for: user, on: req.db)
      return req.redirect(to: SiteRoute.study(invitation.study.slug).href)
    }
    let form = try req.content.decode(JoinForm.self)
    let account: AccountInput
    do {
      account = try AccountInput(name: form.name, email: invitation.email, password: form.password)
    } catch let error as AccountInput.Invalid {
      return try await page(req, invitation, name: form.name, error: error.message, status: .unprocessableEntity)
    }
    let hash = try await req.application.passwordHasher.hash(account.password)
    let user = try await account.store(hash: hash, isAdmin: false, on: req.db)
    try await StudyMembers.accept(invitation, for: user, on: req.db)
    try await req.rotateSession()
    req.auth.login(user)
    Flash.set(req, "Welcome: you now work on this study as \(invitation.role.rawValue).")
    return req.redirect(to: SiteRoute.study(invitation.study.slug).href)
  }

  private func invitation(_ req: Request) async throws -> AccountInvitation? {
    try await StudyMembers.invitation(token: req.parameters.get("token") ?? "", on: req.db)
  }

  private func page(
    _ req: Request, _ invitation: AccountInvitation, name: String, error: String?, status: HTTPStatus
  ) async throws -> Response {
    let hasAccount = try await User.query(on: req.db).filter(\.$email == invitation.email).count() > 0
    return try await req.renderPage(
      JoinPage.template, title: "Join \(invitation.study.title)",
      JoinPage.Model(
        valid: true, studyTitle: invitation.study.title, email: invitation.email, role: invitation.role.rawValue,
        hasAccount: hasAccount, name: name, error: error,
        action: SiteRoute.join(token: .value(req.parameters.get("token") ?? "")).href),
      status: status)
  }

  private func expired(_ req: Request) async throws -> Response {
    try await req.renderPage(
      JoinPage.template, title: "Invitation not valid", JoinPage.invalid,
      status: .notFound)
  }
}
