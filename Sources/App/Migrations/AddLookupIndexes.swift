import Fluent
import SQLKit

/// Indexes for what every study page and export asks: a study's participants by status in sort
/// order (``StudySorts`` reads completed sorts in pages by sort number) and its analyses. Foreign
/// keys carry no index of their own in SQLite or PostgreSQL, so with 10,000 participants each of
/// those queries read and sorted the whole table, once per page.
struct AddLookupIndexes: AsyncMigration {
  func prepare(on database: any Database) async throws {
    guard let sql = database as? any SQLDatabase else { return }
    try await sql.create(index: "participants_study_status").on("participants").column("study_id").column("status")
      .column("sort_number").run()
    try await sql.create(index: "analyses_study_created").on("analyses").column("study_id").column("created_at").run()
  }

  func revert(on database: any Database) async throws {
    guard let sql = database as? any SQLDatabase else { return }
    try await sql.drop(index: "analyses_study_created").run()
    try await sql.drop(index: "participants_study_status").run()
  }
}
