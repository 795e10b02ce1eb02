import Fluent
import Vapor

/// Sign in and out. Failed sign-ins never say whether the e-mail exists, and are rate-limited per
/// address and e-mail.
struct SessionController: RouteCollection {
  struct LoginForm: Content {
    var email: String
    var password: String
  }

  func boot(routes: any RoutesBuilder) throws {
    routes.get(SiteRoute.login.pathComponents, use: show)
    let forms = routes.grouped(CSRFMiddleware())
    forms.post(SiteRoute.login.pathComponents, use: create)
    forms.post(SiteRoute.logout.pathComponents, use: delete)
  }

  func show(req: Request) async throws -> Response {
    try await req.renderPage(LoginPage.template, title: "Sign in", LoginPage.Model())
  }

  func create(req: Request) async throws -> Response {
    let form = try req.content.decode(LoginForm.self)
    let email = User.normalise(email: form.email)
    let config = req.application.poetqConfig
    let perEmail = RateLimiter.login(attempts: config.loginAttempts, window: config.loginWindow)
    let perAddress = RateLimiter.loginAddress(attempts: config.loginAttempts, window: config.loginWindow)
    let limiter = req.rateLimiter
    let key = "\(req.clientAddress)|\(email)"
    func refuse(_ message: String, status: HTTPStatus) async throws -> Response {
      try await req.renderPage(
        LoginPage.template, title: "Sign in", LoginPage.Model(error: message, email: form.email), status: status)
    }
    // Each attempt takes its slot before the password is checked, in one statement per limit, so
    // simultaneous guesses cannot all pass on the same count.
    guard try await limiter.take(perEmail, key), try await limiter.take(perAddress, req.clientAddress) else {
      let minutes = Int(config.loginWindow / 60)
      return try await refuse("Too many attempts. Wait \(minutes) minutes and try again.", status: .tooManyRequests)
    }
    let user = try await User.query(on: req.db).filter(\.$email == email).first()
    // Verify against a dummy hash when the e-mail is unknown, so timing does not tell either.
    let hash = user?.passwordHash ?? Self.unknownUserHash
    let matches = try await req.application.passwordHasher.verify(form.password, created: hash)
    guard let user, matches else {
      return try await refuse("The e-mail or the password is not right.", status: .unauthorized)
    }
    // A sign-in that succeeds clears its e-mail's failures and is no failure of its address.
    try await limiter.reset(perEmail, key)
    try await limiter.giveBack(perAddress, req.clientAddress)
    try await req.rotateSession()
    req.auth.login(user)
    return req.redirect(to: SiteRoute.studies.href)
  }

  /// A real bcrypt hash of nothing anyone knows, made once.
  static let unknownUserHash: String = (try? Bcrypt.hash([UInt8].random(count: 16).base64URLEncoded)) ?? ""

  func delete(req: Request) async throws -> Response {
    req.auth.logout(User.self)
    req.session.destroy()
    return req.redirect(to: SiteRoute.login.href)
  }
}
