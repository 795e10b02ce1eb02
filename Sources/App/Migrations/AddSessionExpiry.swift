import Fluent
import Foundation

/// An expiry for each browser session (``SessionStore``), so sessions nobody uses any more are
/// deleted. Sessions stored before get the full lifetime from now.
struct AddSessionExpiry: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("_fluent_sessions").field("expires_at", .datetime).update()
    try await StoredSession.query(on: database).filter(\.$expiresAt == nil)
      .set(\.$expiresAt, to: Date().addingTimeInterval(SessionStore.lifetime)).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("_fluent_sessions").deleteField("expires_at").update()
  }
}
