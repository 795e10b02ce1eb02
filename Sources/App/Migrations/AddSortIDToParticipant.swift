import Fluent

/// The short id a completed sort carries in every export (`A1`, `B2` …, or the id an imported sort
/// came with) and the running number it was given, so ids stay the same from one export to the
/// next and a withdrawn sort's number is never handed out again.
struct AddSortIDToParticipant: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("participants").field("sort_id", .string).update()
    try await database.schema("participants").field("sort_number", .int).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("participants").deleteField("sort_number").update()
    try await database.schema("participants").deleteField("sort_id").update()
  }
}
