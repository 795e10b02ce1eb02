import Fluent

/// Invitations to co-researchers who have no account yet (the People page).
struct CreateAccountInvitations: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("account_invitations")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("email", .string, .required)
      .field("role", .string, .required)
      .field("site_ids", .string, .required)
      .field("token_hash", .string, .required)
      .field("invited_by", .uuid, .references("users", "id", onDelete: .setNull))
      .field("created_at", .datetime)
      .field("expires_at", .datetime, .required)
      .field("accepted_at", .datetime)
      .unique(on: "token_hash")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("account_invitations").delete()
  }
}
