import Fluent
import SQLKit

/// Analyses become runs: their state (queued, running with the engine's stage, done, failed with the
/// reason), who claimed them and when, the sort ids they used, and the withdrawn sorts that call for
/// a re-run. Analyses stored before this were finished results: they are `done`, with unknown sorts.
struct AddAnalysisRuns: AsyncMigration {
  func prepare(on database: any Database) async throws {
    // A plain string, not a database enum: PostgreSQL enums cannot change inside a transaction.
    try await database.schema("analyses").field("status", .string, .required, .sql(.default("done"))).update()
    try await database.schema("analyses").field("stage", .string).update()
    try await database.schema("analyses").field("failure", .string).update()
    try await database.schema("analyses").field("sort_ids", .string).update()
    try await database.schema("analyses").field("rerun_sort_ids", .string, .required, .sql(.default("[]"))).update()
    try await database.schema("analyses").field("claimed_by", .string).update()
    try await database.schema("analyses").field("started_at", .datetime).update()
    try await database.schema("analyses").field("finished_at", .datetime).update()
  }

  func revert(on database: any Database) async throws {
    for field in [
      "finished_at", "started_at", "claimed_by", "rerun_sort_ids", "sort_ids", "failure", "stage", "status",
    ] {
      try await database.schema("analyses").deleteField(.string(field)).update()
    }
  }
}
