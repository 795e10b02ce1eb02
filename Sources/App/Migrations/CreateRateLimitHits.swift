import Fluent
import SQLKit

/// Rate-limit events in the database, so that several instances share their limits.
struct CreateRateLimitHits: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("rate_limit_hits")
      .id()
      .field("bucket", .string, .required)
      .field("key", .string, .required)
      .field("created_at", .datetime, .required)
      .create()
    if let sql = database as? any SQLDatabase {
      try await sql.create(index: "rate_limit_hits_lookup").on("rate_limit_hits")
        .column("bucket").column("key").column("created_at").run()
    }
  }

  func revert(on database: any Database) async throws {
    try await database.schema("rate_limit_hits").delete()
  }
}
