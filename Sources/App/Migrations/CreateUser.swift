import Fluent

/// Researchers' accounts and their API tokens.
struct CreateUser: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("users")
      .id()
      .field("email", .string, .required)
      .field("name", .string, .required)
      .field("password_hash", .string, .required)
      .field("is_admin", .bool, .required)
      .field("created_at", .datetime)
      .field("updated_at", .datetime)
      .unique(on: "email")
      .create()
    try await database.schema("api_tokens")
      .id()
      .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
      .field("name", .string, .required)
      .field("token_hash", .string, .required)
      .field("created_at", .datetime)
      .field("last_used_at", .datetime)
      .unique(on: "token_hash")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("api_tokens").delete()
    try await database.schema("users").delete()
  }
}
