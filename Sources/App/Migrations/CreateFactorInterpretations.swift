import Fluent

/// What researchers write about each factor of a stored analysis (the interpretation workspace).
struct CreateFactorInterpretations: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("factor_interpretations")
      .id()
      .field("analysis_id", .uuid, .required, .references("analyses", "id", onDelete: .cascade))
      .field("factor", .int, .required)
      .field("content", .string, .required)
      .field("revision", .int, .required)
      .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
      .field("updated_at", .datetime)
      .unique(on: "analysis_id", "factor")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("factor_interpretations").delete()
  }
}
