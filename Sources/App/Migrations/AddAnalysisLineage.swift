import Fluent

/// The analysis a new one was made from (a re-run, or hand flags or a hand rotation saved as a new
/// analysis): its interpretations are carried to the new one's matching factors, and the Analyses
/// tab can hide the older one as superseded. No foreign key: deleting the older analysis clears it.
struct AddAnalysisLineage: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("analyses").field("derived_from", .uuid).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("analyses").deleteField("derived_from").update()
  }
}
