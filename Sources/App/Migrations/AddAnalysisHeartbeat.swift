import Fluent

/// A running analysis's heartbeat: the runner that claimed it writes the time every few seconds, so
/// a run whose instance died (killed, restarted, out of memory) is seen as stale and queued again.
struct AddAnalysisHeartbeat: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("analyses").field("heartbeat_at", .datetime).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("analyses").deleteField("heartbeat_at").update()
  }
}
