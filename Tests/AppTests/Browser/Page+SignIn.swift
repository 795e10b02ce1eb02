import Vapor

@testable import App

extension Page {
  static let researcherEmail = "ada@example.org"
  static let researcherPassword = "correct horse battery"

  /// Creates Ada's account and signs her in through the login form; ends on the studies list.
  func signInAsNewResearcher(_ app: Application) async throws {
    _ = try await app.createAccount(
      name: "Ada Lovelace", email: Self.researcherEmail, password: Self.researcherPassword, isAdmin: true)
    try await open("/login")
    try await fill("#email", Self.researcherEmail)
    try await fill("#password", Self.researcherPassword)
    try await click("form[action='/login'] button[type=submit]")
    try await waitFor(path: "/studies")
  }
}
