import Fluent
import Vapor

/// First run: while no account exists, `/` leads to `/setup`, where the setup token from the server
/// log creates the first owner (an administrator) and signs them in.
struct SetupController: RouteCollection {
  struct SetupForm: Content {
    var token: String
    var name: String
    var email: String
    var password: String
  }

  func boot(routes: any RoutesBuilder) throws {
    routes.get(SiteRoute.home.pathComponents, use: home)
    routes.get(SiteRoute.setup.pathComponents, use: show)
    routes.grouped(CSRFMiddleware()).post(SiteRoute.setup.pathComponents, use: create)
  }

  func home(req: Request) async throws -> Response {
    if try await User.query(on: req.db).count() == 0 { return req.redirect(to: SiteRoute.setup.href) }
    return req.redirect(to: (req.auth.has(User.self) ? SiteRoute.studies : SiteRoute.login).href)
  }

  func show(req: Request) async throws -> Response {
    guard try await User.query(on: req.db).count() == 0 else { return req.redirect(to: SiteRoute.login.href) }
    return try await req.renderPage(SetupPage.template, title: "Set up POETQ", SetupPage.Model())
  }

  func create(req: Request) async throws -> Response {
    guard try await User.query(on: req.db).count() == 0 else {
      throw Abort(.notFound, reason: "POETQ is already set up. Sign in instead.")
    }
    let form = try req.content.decode(SetupForm.self)
    func refuse(_ message: String) async throws -> Response {
      try await req.renderPage(
        SetupPage.template, title: "Set up POETQ", SetupPage.Model(error: message, name: form.name, email: form.email),
        status: .unprocessableEntity)
    }
    guard req.application.setupToken.matches(form.token) else {
      return try await refuse("The setup token is not right. Copy it from the server log.")
    }
    let account: AccountInput
    do {
      account = try AccountInput(name: form.name, email: form.email, password: form.password)
    } catch let error as AccountInput.Invalid {
      return try await refuse(error.message)
    }
    let user = try await account.create(isAdmin: true, on: req)
    try await req.rotateSession()
    req.auth.login(user)
    try await AuditEvent(studyID: nil, userID: user.id, action: "setup", detail: "first owner created").save(
      on: req.db)
    return req.redirect(to: SiteRoute.studies.href)
  }
}

/// A validated name, e-mail and password for a new account.
struct AccountInput {
  struct Invalid: Error {
    var field: String
    var message: String
  }

  var name: String
  var email: String
  var password: String

  init(name: String, email: String, password: String) throws {
    self.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
    self.email = User.normalise(email: email)
    self.password = password
    guard !self.name.isEmpty else { throw Invalid(field: "name", message: "Name: please enter your name.") }
    guard self.email.contains("@"), !self.email.contains(" "), self.email.count <= 254 else {
      throw Invalid(field: "email", message: "E-mail: please enter an address like name@example.org.")
    }
    guard password.count >= 10 else {
      throw Invalid(field: "password", message: "Password: use at least 10 characters.")
    }
  }

  /// Hashes the password with bcrypt and stores the account.
  func create(isAdmin: Bool, on req: Request) async throws -> User {
    let hash = try await req.application.passwordHasher.hash(password)
    return try await store(hash: hash, isAdmin: isAdmin, on: req.db)
  }

  func store(hash: String, isAdmin: Bool, on db: any Database) async throws -> User {
    guard try await User.query(on: db).filter(\.$email == email).count() == 0 else {
      throw Invalid(field: "email", message: "E-mail: an account with this address exists already.")
    }
    let user = User(email: email, name: name, passwordHash: hash, isAdmin: isAdmin)
    try await user.save(on: db)
    return user
  }
}

extension AccountInput.Invalid: CustomStringConvertible {
  var description: String { message }
}

extension Application {
  /// Creates an account from the shell (`poetq user add`); the first account is an administrator.
  public func createAccount(name: String, email: String, password: String, isAdmin: Bool) async throws -> (
    email: String, isAdmin: Bool
  ) {
    let account = try AccountInput(name: name, email: email, password: password)
    let first = try await User.query(on: db).count() == 0
    let user = try await account.store(hash: Bcrypt.hash(password), isAdmin: isAdmin || first, on: db)
    try await AuditEvent(studyID: nil, userID: user.id, action: "user.add", detail: "created from the shell").save(
      on: db)
    return (user.email, user.isAdmin)
  }
}
