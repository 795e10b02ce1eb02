import Fluent

/// A researcher's own label for a participant (most useful for an anonymous code: "Ward 3 leaflet",
/// "handed to J. at the clinic"), shown in the participant list instead of "Participant".
struct AddLabelToParticipant: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("participants").field("label", .string).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("participants").deleteField("label").update()
  }
}
