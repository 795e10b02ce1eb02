import Fluent
import Vapor

/// Sign in and out. Failed sign-ins never say whether the e-mail exists, and are rate-limited per
/// address and e-mail.
struct SessionController: RouteCollection {
  struct LoginForm: Content {
    var email: String
    var password: String
  }

  struct LoginPage: Encodable {
    var title = "Sign in"
    var csrf: String
    var error: String?
    var email = ""
  }

  func boot(routes: any RoutesBuilder) throws {
    routes.get("login", use: show)
    let forms = routes.grouped(CSRFMiddleware())
    forms.post("login", use: create)
    forms.post("logout", use: delete)
  }

  func show(req: Request) async throws -> View {
    try await req.view.render("session/login", LoginPage(csrf: CSRF.token(for: req)))
  }

  func create(req: Request) async throws -> Response {
    let form = try req.content.decode(LoginForm.self)
    let email = User.normalise(email: form.email)
    let key = "\(req.remoteAddress?.ipAddress ?? "?")|\(email)"
    let limiter = req.application.loginLimiter
    func refuse(_ message: String, status: HTTPStatus) async throws -> Response {
      let page = LoginPage(csrf: CSRF.token(for: req), error: message, email: form.email)
      let response = try await req.view.render("session/login", page).encodeResponse(for: req)
      response.status = status
      return response
    }
    guard limiter.allows(key) else {
      return try await refuse("Too many attempts. Wait 15 minutes and try again.", status: .tooManyRequests)
    }
    let user = try await User.query(on: req.db).filter(\.$email == email).first()
    // Verify against a dummy hash when the e-mail is unknown, so timing does not tell either.
    let hash = user?.passwordHash ?? Self.unknownUserHash
    let matches = (try? await req.password.async.verify(form.password, created: hash)) ?? false
    guard let user, matches else {
      limiter.recordFailure(key)
      return try await refuse("The e-mail or the password is not right.", status: .unauthorized)
    }
    limiter.reset(key)
    try await req.rotateSession()
    req.auth.login(user)
    return req.redirect(to: "/studies")
  }

  /// A real bcrypt hash of nothing anyone knows, made once.
  static let unknownUserHash: String = (try? Bcrypt.hash([UInt8].random(count: 16).base64URLEncoded)) ?? ""

  func delete(req: Request) async throws -> Response {
    req.auth.logout(User.self)
    req.session.destroy()
    return req.redirect(to: "/login")
  }
}
