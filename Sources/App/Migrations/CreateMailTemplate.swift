import Fluent

/// The study's invitation and reminder e-mails (subject and body with placeholders), one row per
/// kind; a study without a row uses the defaults.
struct CreateMailTemplate: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("mail_templates")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("kind", .string, .required)
      .field("subject", .string, .required)
      .field("body", .string, .required)
      .field("created_at", .datetime)
      .field("updated_at", .datetime)
      .unique(on: "study_id", "kind")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("mail_templates").delete()
  }
}
