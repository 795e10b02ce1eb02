import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Sessions expire 12 hours after their last use and are deleted at the next sign-in (issue 24).
@Suite("Session expiry")
struct SessionExpiryTests {
  static let password = SessionHygieneTests.password

  static func user(_ app: Application) async throws { try await SessionHygieneTests.user(app) }

  @Test("an expired session is not read, and expired rows are deleted at the next sign-in")
  func expiredSessionsPurged() async throws {
    try await withPOETQ { app in
      try await Self.user(app)
      var browser = TestBrowser(app)
      try await browser.get("/login")
      #expect(
        try await browser.post("/login", ["email": "ada@example.org", "password": Self.password]).status == .seeOther)
      #expect(try await browser.get("/studies").status == .ok)
      // Its expiry passes (as 12 hours without a request would).
      let stored = try #require(try await StoredSession.query(on: app.db).first())
      stored.expiresAt = Date().addingTimeInterval(-60)
      try await stored.save(on: app.db)
      #expect(try await browser.get("/studies").status == .seeOther, "an expired session signs nobody in")

      var stale: [StoredSession] = []
      for index in 0..<3 {
        let row = StoredSession(
          key: SessionID(string: "old-\(index)"), data: ["csrf": "x"], expiresAt: Date().addingTimeInterval(-3600))
        try await row.save(on: app.db)
        stale.append(row)
      }
      let live = StoredSession(
        key: SessionID(string: "live"), data: ["csrf": "y"], expiresAt: Date().addingTimeInterval(3600))
      try await live.save(on: app.db)
      var next = TestBrowser(app)
      try await next.get("/login")
      #expect(
        try await next.post("/login", ["email": "ada@example.org", "password": Self.password]).status == .seeOther)
      let keys = try await StoredSession.query(on: app.db).all().map(\.key.string)
      #expect(!keys.contains { $0.hasPrefix("old-") }, "expired rows deleted at sign-in: \(keys)")
      #expect(keys.contains("live") && keys.count == 2, "a live session and the new one are kept: \(keys)")
    }
  }

}
