import Fluent

/// The send log: one row per message tried (time, address, kind, result, the server's error).
struct CreateMailLog: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("mail_log")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("participant_id", .uuid, .references("participants", "id", onDelete: .setNull))
      .field("address", .string, .required)
      .field("kind", .string, .required)
      .field("result", .string, .required)
      .field("error", .string)
      .field("created_at", .datetime)
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("mail_log").delete()
  }
}
