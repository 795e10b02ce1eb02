import Fluent
import Vapor

/// A researcher's token for scripts (`Authorization: Bearer <token>`). Only the SHA-256 hash of the
/// token is stored; the token itself is shown once, when it is made.
final class APIToken: Model, @unchecked Sendable {
  static let schema = "api_tokens"

  @ID(key: .id) var id: UUID?
  @Parent(key: "user_id") var user: User
  /// What the researcher calls it ("nightly export"); unique per user.
  @Field(key: "name") var name: String
  /// Lowercase hex SHA-256 of the token.
  @Field(key: "token_hash") var tokenHash: String
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  /// Updated at most once a minute, so a busy script does not write on every request.
  @OptionalField(key: "last_used_at") var lastUsedAt: Date?

  init() {}

  init(userID: UUID, name: String, tokenHash: String) {
    self.$user.id = userID
    self.name = name
    self.tokenHash = tokenHash
  }
}

/// What the API's bearer authenticator logs in. The session cookie only ever logs in a `User`, so a
/// request that reaches the API with a cookie but no token is still refused.
extension APIToken: Authenticatable {}
