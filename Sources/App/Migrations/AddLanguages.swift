import Fluent
import SQLKit

/// A study in several languages (issue 29):
/// - `studies.language`: the language its texts and statements are written in (the source of every
///   translation, and the language offered first); existing studies are English.
/// - `participants.language`: the language a participant chose (or was invited in), so a resume on
///   another device, the invitation e-mail and the exports use it; empty until one is chosen.
/// - `study_translations`: one row per study, language and text key (`title`, `statement.12`, …)
///   holding the translation and the source text it was made from, so a source changed later marks
///   the translation out of date instead of keeping it silently.
struct AddLanguages: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("studies").field("language", .string, .required, .sql(.default("en"))).update()
    try await database.schema("participants").field("language", .string).update()
    try await database.schema(StudyTranslation.schema)
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("language", .string, .required)
      .field("key", .string, .required)
      .field("source", .string, .required)
      .field("translation", .string, .required)
      .field("updated_at", .datetime)
      .unique(on: "study_id", "language", "key")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema(StudyTranslation.schema).delete()
    try await database.schema("participants").deleteField("language").update()
    try await database.schema("studies").deleteField("language").update()
  }
}
