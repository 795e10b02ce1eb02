import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Sessions only when needed, expired ones purged, and no password ever sent back (issue 24).
@Suite("Sessions and resent forms")
struct SessionHygieneTests {
  static let password = "correct horse battery"

  static func user(_ app: Application, _ email: String = "ada@example.org") async throws {
    try await User(email: email, name: "Ada", passwordHash: Bcrypt.hash(password, cost: 4), isAdmin: false)
      .save(on: app.db)
  }

  @Test("looking at the sign-in page stores no session; signing in stores one and still works")
  func anonymousPagesStoreNoSession() async throws {
    try await withPOETQ { app in
      try await Self.user(app)
      for _ in 0..<3 {
        var visitor = TestBrowser(app)
        #expect(try await visitor.get("/login").status == .ok)
        #expect(visitor.csrf?.isEmpty == false, "the form carries a token")
      }
      var planted = TestBrowser(app)
      planted.cookie = "poetq_session=made-up"
      try await planted.get("/login")
      try await planted.get("/studies")
      for path in ["/no-such-page", "/healthz", "/setup"] {
        var visitor = TestBrowser(app)
        try await visitor.get(path)
      }
      #expect(try await SessionRecord.query(on: app.db).count() == 0, "no session row for anonymous visits")

      var browser = TestBrowser(app)
      try await browser.get("/login")
      let signedIn = try await browser.post("/login", ["email": "ada@example.org", "password": Self.password])
      #expect(signedIn.status == .seeOther)
      #expect(try await browser.get("/studies").status == .ok)
      #expect(try await SessionRecord.query(on: app.db).count() == 1, "one session for the one sign-in")

      // A form token from no cookie at all, or from another visitor's cookie, is refused.
      var other = TestBrowser(app)
      try await other.get("/login")
      var forger = TestBrowser(app)
      forger.csrf = other.csrf
      let forged = try await forger.post("/login", ["email": "ada@example.org", "password": Self.password])
      #expect(forged.status == .forbidden)
      forger.cookie = "poetq_form=" + String(repeating: "A", count: 43)
      #expect(
        try await forger.post("/login", ["email": "ada@example.org", "password": Self.password]).status == .forbidden)
    }
  }

  @Test("the form offered again after a stale token or an oversized sign-in never shows the password")
  func resentFormsHidePasswords() async throws {
    try await withPOETQ { app in
      try await Self.user(app)
      let secret = "s3cret-never-echoed-\(UUID().uuidString)"

      var browser = TestBrowser(app)
      try await browser.get("/login")
      browser.csrf = "stale-token"
      let stale = try await browser.post("/login", ["email": "ada@example.org", "password": secret])
      #expect(stale.status == .forbidden)
      let page = stale.body.string
      #expect(page.contains("Send the form again"))
      #expect(!page.contains(secret), "the password is not sent back")
      #expect(page.contains(#"name="password" type="password""#), "the password field comes back empty")
      #expect(page.contains("ada@example.org"), "the e-mail is kept")

      var setup = TestBrowser(app)
      try await setup.get("/setup")
      setup.csrf = "stale-token"
      let staleSetup = try await setup.post(
        "/setup", ["token": "whatever", "name": "Eve", "email": "eve@example.org", "password": secret])
      #expect(!staleSetup.body.string.contains(secret), "not on the setup form either")

      // A sign-in over the form limit (1 MB) is offered back too, without the password.
      var large = TestBrowser(app)
      try await large.get("/login")
      let padding = String(repeating: "x", count: BodyLimit.text + 10)
      let tooLarge = try await large.post(
        "/login", ["email": "ada@example.org", "password": secret + padding])
      #expect(tooLarge.status == .payloadTooLarge)
      #expect(!tooLarge.body.string.contains(secret), "the oversized password is not sent back")
    }
  }
}
