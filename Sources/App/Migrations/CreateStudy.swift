import Fluent

/// Studies, who may work on them, and their sites.
struct CreateStudy: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("studies")
      .id()
      .field("slug", .string, .required)
      .field("title", .string, .required)
      .field("description", .string, .required)
      .field("information_sheet", .string, .required)
      .field("consent_text", .string, .required)
      .field("consent_version", .int, .required)
      .field("instruction", .string, .required)
      .field("disagree_label", .string, .required)
      .field("agree_label", .string, .required)
      .field("thank_you_text", .string, .required)
      .field("contact_details", .string, .required)
      .field("status", .string, .required)
      .field("sort_mode", .string, .required)
      .field("distribution_kind", .string, .required)
      .field("min_score", .int, .required)
      .field("max_score", .int, .required)
      .field("comment_scores", .string, .required)
      .field("comments_required", .bool, .required)
      .field("open_access", .bool, .required)
      .field("created_at", .datetime)
      .field("updated_at", .datetime)
      .unique(on: "slug")
      .create()
    try await database.schema("study_memberships")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
      .field("role", .string, .required)
      .unique(on: "study_id", "user_id")
      .create()
    try await database.schema("sites")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("name", .string, .required)
      .field("position", .int, .required)
      .unique(on: "study_id", "name")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("sites").delete()
    try await database.schema("study_memberships").delete()
    try await database.schema("studies").delete()
  }
}
