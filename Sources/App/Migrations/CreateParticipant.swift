import Fluent

/// Invitations (one code per participant, bound to a site) and the participant's response: every
/// stage of the sort, autosaved with a revision number.
struct CreateParticipant: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("participants")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("site_id", .uuid, .required, .references("sites", "id", onDelete: .restrict))
      .field("code", .string, .required)
      .field("email", .string)
      .field("name", .string)
      .field("status", .string, .required)
      .field("is_preview", .bool, .required)
      .field("invited_at", .datetime)
      .field("reminded_at", .datetime)
      .field("created_at", .datetime)
      .field("updated_at", .datetime)
      .unique(on: "code")
      .create()
    try await database.schema("responses")
      .id()
      .field("participant_id", .uuid, .required, .references("participants", "id", onDelete: .cascade))
      .field("stage", .string, .required)
      .field("revision", .int, .required)
      .field("consent_version", .int)
      .field("consented_at", .datetime)
      .field("presort_order", .string, .required)
      .field("presort", .string, .required)
      .field("placements", .string, .required)
      .field("comments", .string, .required)
      .field("answers", .string, .required)
      .field("stage_timestamps", .string, .required)
      .field("submitted_at", .datetime)
      .field("created_at", .datetime)
      .field("updated_at", .datetime)
      .unique(on: "participant_id")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("responses").delete()
    try await database.schema("participants").delete()
  }
}
