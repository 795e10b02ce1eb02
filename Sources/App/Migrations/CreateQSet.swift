import Fluent

/// A study's statements, its grid and its questionnaires.
struct CreateQSet: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("statements")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("number", .int, .required)
      .field("text", .string, .required)
      .field("codes", .string, .required)
      .field("position", .int, .required)
      .unique(on: "study_id", "number")
      .create()
    try await database.schema("distribution_columns")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("score", .int, .required)
      .field("capacity", .int, .required)
      .field("label", .string, .required)
      .unique(on: "study_id", "score")
      .create()
    try await database.schema("questions")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("phase", .string, .required)
      .field("position", .int, .required)
      .field("kind", .string, .required)
      .field("key", .string, .required)
      .field("prompt", .string, .required)
      .field("options", .string, .required)
      .field("required", .bool, .required)
      .unique(on: "study_id", "key")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("questions").delete()
    try await database.schema("distribution_columns").delete()
    try await database.schema("statements").delete()
  }
}
