import Fluent

/// Stored analyses (parameters, the data snapshot's hash, engine version, result) and the audit log.
struct CreateAnalysis: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("analyses")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("name", .string, .required)
      .field("parameters", .string, .required)
      .field("data_hash", .string, .required)
      .field("engine_version", .string, .required)
      .field("result", .string, .required)
      .field("needs_rerun", .bool, .required)
      .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
      .field("created_at", .datetime)
      .create()
    try await database.schema("audit_events")
      .id()
      .field("study_id", .uuid, .references("studies", "id", onDelete: .setNull))
      .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
      .field("action", .string, .required)
      .field("detail", .string, .required)
      .field("created_at", .datetime)
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("audit_events").delete()
    try await database.schema("analyses").delete()
  }
}
