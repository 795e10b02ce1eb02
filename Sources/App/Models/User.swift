import Fluent
import Vapor

/// A researcher's account. Passwords are stored as bcrypt hashes only.
final class User: Model, @unchecked Sendable {
  static let schema = "users"

  @ID(key: .id) var id: UUID?
  @Field(key: "email") var email: String
  @Field(key: "name") var name: String
  @Field(key: "password_hash") var passwordHash: String
  /// Manages accounts (the first owner is one). Any signed-in researcher may create studies.
  @Field(key: "is_admin") var isAdmin: Bool
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  init() {}

  init(email: String, name: String, passwordHash: String, isAdmin: Bool) {
    self.email = email
    self.name = name
    self.passwordHash = passwordHash
    self.isAdmin = isAdmin
  }
}

extension User: ModelSessionAuthenticatable {}

extension User {
  /// E-mail addresses are compared case-insensitively and without surrounding blanks.
  static func normalise(email: String) -> String {
    email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
  }
}
