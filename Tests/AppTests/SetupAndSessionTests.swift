import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

@Suite("First run, sign-in and security headers")
struct SetupAndSessionTests {
  @Test("GET /healthz reports the database backend")
  func health() async throws {
    try await withPOETQ { app in
      try await app.testing().test(.GET, "healthz") { response in
        #expect(response.status == .ok)
        let health = try response.content.decode(HealthController.Health.self)
        #expect(health.status == "ok")
        #expect(health.database == app.poetqConfig.database.name)
      }
    }
  }

  @Test("first run: / leads to setup; a wrong token is refused; the right one creates the owner and signs in")
  func firstRun() async throws {
    try await withPOETQ { app in
      var browser = TestBrowser(app)
      let home = try await browser.get("/")
      #expect(home.status == .seeOther && home.headers.first(name: .location) == "/setup")
      let page = try await browser.get("/setup")
      #expect(page.status == .ok && page.body.string.contains("Setup token"))

      let wrong = try await browser.post(
        "/setup", ["token": "guess", "name": "Ada", "email": "ada@example.org", "password": "correct horse battery"])
      #expect(wrong.status == .unprocessableEntity)
      #expect(wrong.body.string.contains("setup token is not right"))
      #expect(try await User.query(on: app.db).count() == 0, "nothing is stored on a refusal")

      let short = try await browser.post(
        "/setup", ["token": app.setupToken.value, "name": "Ada", "email": "ada@example.org", "password": "short"])
      #expect(short.status == .unprocessableEntity && short.body.string.contains("Password: use at least 10"))

      let created = try await browser.post(
        "/setup",
        [
          "token": app.setupToken.value, "name": "Ada", "email": " Ada@Example.org ",
          "password": "correct horse battery",
        ])
      #expect(created.status == .seeOther && created.headers.first(name: .location) == "/studies")
      let user = try #require(try await User.query(on: app.db).first())
      #expect(user.email == "ada@example.org" && user.isAdmin)
      #expect(user.passwordHash.hasPrefix("$2"), "bcrypt")
      let studies = try await browser.get("/studies")
      #expect(studies.status == .ok && studies.body.string.contains("Sign out (Ada)"))

      let again = try await browser.get("/setup")
      #expect(again.status == .seeOther, "setup is gone once an account exists")
    }
  }

  @Test("sign-in: no hint whether the e-mail exists, rate-limited, sign-out ends the session")
  func signIn() async throws {
    try await withPOETQ { app in
      let hash = try Bcrypt.hash("correct horse battery")
      try await User(email: "ada@example.org", name: "Ada", passwordHash: hash, isAdmin: true).save(on: app.db)
      var browser = TestBrowser(app)
      let anonymous = try await browser.get("/studies")
      #expect(anonymous.status == .seeOther && anonymous.headers.first(name: .location) == "/login")

      try await browser.get("/login")
      let unknown = try await browser.post("/login", ["email": "nobody@example.org", "password": "whatever123"])
      let wrong = try await browser.post("/login", ["email": "ada@example.org", "password": "wrong password"])
      #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
      #expect(unknown.body.string.contains("The e-mail or the password is not right."))
      #expect(wrong.body.string.contains("The e-mail or the password is not right."))

      let cookieBefore = browser.cookie
      let right = try await browser.post("/login", ["email": "ADA@example.org", "password": "correct horse battery"])
      #expect(right.status == .seeOther && right.headers.first(name: .location) == "/studies")
      #expect(try await browser.get("/studies").status == .ok)
      #expect(browser.cookie != cookieBefore, "signing in gives the session a new id")
      var planted = TestBrowser(app)
      planted.cookie = cookieBefore
      #expect(try await planted.get("/studies").status == .seeOther, "the id from before sign-in is worthless")
      try await browser.post("/logout", [:])
      #expect(try await browser.get("/studies").status == .seeOther, "signed out")

      var attacker = TestBrowser(app)
      try await attacker.get("/login")
      for _ in 0..<5 { try await attacker.post("/login", ["email": "ada@example.org", "password": "guess guess"]) }
      let limited = try await attacker.post(
        "/login", ["email": "ada@example.org", "password": "correct horse battery"])
      #expect(limited.status == .tooManyRequests, "the sixth attempt within the window is refused, right or not")
    }
  }

  @Test("forms without the session's CSRF token are refused and change nothing")
  func csrf() async throws {
    try await withPOETQ { app in
      var browser = TestBrowser(app)
      try await browser.get("/setup")
      let forged = try await browser.post(
        "/setup",
        ["token": app.setupToken.value, "name": "Eve", "email": "eve@example.org", "password": "0123456789ab"],
        includeCSRF: false)
      #expect(forged.status == .forbidden)
      #expect(try await User.query(on: app.db).count() == 0)
    }
  }

  @Test("every page carries a strict Content-Security-Policy and no-sniff, no-frame headers")
  func securityHeaders() async throws {
    try await withPOETQ { app in
      try await app.testing().test(.GET, "login") { response in
        let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
        #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
        #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
        #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
      }
    }
  }

  @Test("a database migrated by a newer POETQ is refused with a clear message")
  func newerDatabase() async throws {
    try await withPOETQ { app in
      let sql = try #require(app.db as? any SQLDatabase)
      try await sql.raw(
        "INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at) VALUES (\(bind: UUID()), 'App.FromTheFuture', 99, NULL, NULL)"
      ).run()
      await #expect(throws: MigrationGuard.NewerDatabase.self) { try await MigrationGuard.check(app.db) }
      try await sql.raw("DELETE FROM _fluent_migrations WHERE name = 'App.FromTheFuture'").run()
    }
  }
}
