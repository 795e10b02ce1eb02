import Fluent
import Vapor

/// A token as `poetq user token --list` shows it: never the token itself.
public struct APITokenInfo: Sendable, Equatable {
  public var name: String
  public var createdAt: Date?
  public var lastUsedAt: Date?
}

extension Application {
  /// Makes an API token for the account with this e-mail and returns it (`poetq user token`).
  public func createAPIToken(email: String, name: String) async throws -> String {
    try await APITokens.create(name: name, for: account(email: email).requireID(), on: db)
  }

  /// The account's tokens, oldest first (`poetq user token --list`).
  public func apiTokens(email: String) async throws -> [APITokenInfo] {
    try await APITokens.list(for: account(email: email).requireID(), on: db).map {
      APITokenInfo(name: $0.name, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt)
    }
  }

  /// Revokes the account's token called `name` (`poetq user token --revoke`).
  public func revokeAPIToken(email: String, name: String) async throws {
    try await APITokens.revoke(name: name, for: account(email: email).requireID(), on: db)
  }

  private func account(email: String) async throws -> User {
    let normalised = User.normalise(email: email)
    guard let user = try await User.query(on: db).filter(\.$email == normalised).first() else {
      throw Refusal.notFound("E-mail: there is no account with the address \(normalised).")
    }
    return user
  }
}
