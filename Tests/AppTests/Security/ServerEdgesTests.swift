import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Errors as pages or JSON, the Accept header read by its q-values, caching, long paths, limits.
@Suite("Server edges")
struct ServerEdgesTests {
  struct Boom: Error, CustomStringConvertible {
    var description: String { "SELECT secret FROM /srv/poetq/internal.swift" }
  }

  @Test("HTML errors in the layout; JSON under /api/v1 and when JSON is preferred; a 500 shows only a reference")
  func errorPages() async throws {
    try await withPOETQ { app in
      app.get("test-only-boom") { _ -> String in throw Boom() }
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      let missing = try await browser.get("/studies/nothing-here")
      #expect(missing.status == .notFound)
      #expect(missing.headers.contentType?.subType == "html")
      #expect(missing.body.string.contains("<h1>Not found</h1>"))
      #expect(missing.body.string.contains("Sign out (Ada)"), "the page keeps the product's frame")

      try await app.testing().test(.GET, "/api/v1/nowhere") { response in
        #expect(response.status == .unauthorized, "an API path without a token is refused before it is looked up")
        #expect(response.headers.contentType == .json)
      }
      var jsonHeaders = HTTPHeaders()
      jsonHeaders.add(name: .accept, value: "application/json")
      try await app.testing().test(.GET, "/no-such-page", headers: jsonHeaders) { response in
        #expect(response.headers.contentType == .json)
      }
      var browserHeaders = HTTPHeaders()
      browserHeaders.add(name: .accept, value: SocketSession.browserAccept)
      try await app.testing().test(.GET, "/test-only-boom", headers: browserHeaders) { response in
        #expect(response.status == .internalServerError)
        #expect(response.headers.contentType?.subType == "html")
        let html = response.body.string
        #expect(html.contains("reference <code>"))
        #expect(!html.contains("SELECT") && !html.contains("/srv/") && !html.contains("Boom"), "nothing internal")
      }
      try await app.testing().test(.GET, "/api/v1/../test-only-boom") { response in
        #expect(!response.body.string.contains("SELECT"))
      }
    }
  }

  @Test("Accept: a browser's own form post prefers HTML; participant.js's JSON; wildcards and q-values")
  func acceptHeader() async throws {
    try await withPOETQ { app in
      func prefersJSON(_ accept: String?) -> Bool {
        let request = Request(application: app, on: app.eventLoopGroup.any())
        if let accept { request.headers.replaceOrAdd(name: .accept, value: accept) }
        return request.prefersJSON
      }
      #expect(!prefersJSON(SocketSession.browserAccept))
      #expect(!prefersJSON("*/*"))
      #expect(!prefersJSON(nil))
      #expect(prefersJSON("application/json"))
      #expect(prefersJSON("application/json, text/plain, */*"))
      #expect(!prefersJSON("text/html;q=0.9, application/json;q=0.5"))
      #expect(prefersJSON("text/html;q=0.4, application/json"))
      #expect(!prefersJSON("application/json;q=0"))
    }
  }

  @Test("researcher pages and exports are never cached; static assets may be")
  func caching() async throws {
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      try await browser.post("/studies/demo", [:])
      for path in [
        "/studies", "/studies/poetq-demo-synthetic-data", "/studies/poetq-demo-synthetic-data/participants",
        "/studies/poetq-demo-synthetic-data/data/export/csv", "/studies/poetq-demo-synthetic-data/people", "/login",
      ] {
        let response = try await browser.get(path)
        #expect(response.status == .ok, "\(path)")
        #expect(response.headers.first(name: .cacheControl) == "no-store", "\(path) is not cached")
      }
      let css = try await browser.get("/css/poetq.css")
      #expect(css.headers.first(name: .cacheControl) != "no-store")
    }
  }

  @Test("paths of any length answer 404 or 414 over a real socket, never 500")
  func longPaths() async throws {
    try await withRunningPOETQ { _, baseURL in
      let port = SocketSession(baseURL: baseURL).port
      // Past 80 KB of request line and headers, the HTTP parser (llhttp, under SwiftNIO) refuses the
      // request and Vapor closes the connection before any handler runs: no answer, but no 500.
      let closed = try? await SocketHTTP.send(
        port: port, method: "GET", path: "/" + String(repeating: "a", count: 200_000))
      #expect(closed == nil || [414, 431].contains(closed?.status ?? 0))
      for length in [300, 1_000, 2_100, 20_000, 70_000] {
        let path = "/" + String(repeating: "a", count: length)
        let response: SocketHTTP.Response
        do {
          response = try await SocketHTTP.send(port: port, method: "GET", path: path)
        } catch {
          Issue.record("a \(length)-character path got no HTTP answer: \(error)")
          continue
        }
        #expect([404, 414, 431].contains(response.status), "a \(length)-character path: \(response.status)")
      }
      let study = try await SocketHTTP.send(
        port: port, method: "GET", path: "/p/" + String(repeating: "x", count: 50_000))
      #expect([404, 414, 431].contains(study.status))
    }
  }

  @Test("sign-in limits: per address and e-mail, and per address across e-mails, stored in the database")
  func loginLimits() async throws {
    try await withPOETQ { app in
      try await User(
        email: "ada@example.org", name: "Ada", passwordHash: Bcrypt.hash("correct horse battery", cost: 4),
        isAdmin: false
      ).save(on: app.db)
      var browser = TestBrowser(app)
      try await browser.get("/login")
      for _ in 0..<5 {
        let wrong = try await browser.post("/login", ["email": "ada@example.org", "password": "wrong password"])
        #expect(wrong.status == .unauthorized)
      }
      let limited = try await browser.post("/login", ["email": "ada@example.org", "password": "correct horse battery"])
      #expect(limited.status == .tooManyRequests, "the sixth try for the same e-mail is refused, even the right one")
      #expect(try await LimitsTests.counted("login", on: app.db) == 6, "five failures and the refused sixth")

      // Varying the e-mail does not get round the limit per address.
      var sprayed = 0
      for index in 0..<30 {
        let response = try await browser.post("/login", ["email": "x\(index)@example.org", "password": "guess"])
        if response.status == .tooManyRequests { break }
        sprayed += 1
      }
      #expect(sprayed == 15, "20 failures per address in all (5 were for Ada), then refused: \(sprayed)")
    }
  }

  @Test("unknown participant codes: after 30 from one address, every code from it waits")
  func unknownCodes() async throws {
    try await withPOETQ { app in
      for index in 0..<30 {
        try await app.testing().test(.GET, "/p/unknown-code-\(index)") { #expect($0.status == .notFound) }
      }
      try await app.testing().test(.GET, "/p/unknown-code-31") { #expect($0.status == .tooManyRequests) }
      #expect(try await LimitsTests.counted("unknown-code", on: app.db) == 30)
    }
  }

  @Test("open access: participants created per address and study are limited")
  func openAccessLimit() async throws {
    try await withPOETQ { app in
      var (_, study, _) = try await ParticipantClient.openedTemplate(app) { $0.openAccess = true }
      _ = study
      study = try #require(try await Study.query(on: app.db).filter(\.$slug == "poetq").first())
      let site = try #require(try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).first())
      var created = 0
      for _ in 0..<25 {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        var status: HTTPResponseStatus?
        try await app.testing().test(
          .POST, "/s/poetq", headers: headers, body: ByteBuffer(string: "site=\(try site.requireID().uuidString)")
        ) { status = $0.status }
        if status == .seeOther { created += 1 } else { #expect(status == .tooManyRequests) }
      }
      #expect(created == RateLimiter.openAccessPerAddress.limit)
    }
  }

  @Test("the password hasher refuses at once beyond its queue instead of stalling everyone")
  func hasherBound() async throws {
    let hasher = PasswordHasher(threads: 1, maxWaiting: 2)
    let hash = try Bcrypt.hash("correct horse battery", cost: 8)
    let outcomes = await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<8 {
        group.addTask { (try? await hasher.verify("correct horse battery", created: hash)) != nil }
      }
      return await group.reduce(into: [Bool]()) { $0.append($1) }
    }
    #expect(outcomes.filter { $0 }.count >= 2, "admitted hashes complete")
    #expect(outcomes.contains(false), "beyond the bound, attempts are refused, not queued")
    try await hasher.shutdown()
  }
}
