import Fluent
import SQLKit

/// Rate limits as one counter row per bucket and key (`rate_limit_counters`), so that checking a
/// limit and counting the attempt is one upsert (``RateLimiter/take(_:_:now:)``); replaces the
/// event rows of `rate_limit_hits`, counted in one statement and recorded in another, which let 16
/// simultaneous password guesses all be checked against a limit of 5.
struct CreateRateLimitCounters: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("rate_limit_counters")
      .field("bucket", .string, .required)
      .field("key", .string, .required)
      .field("count", .int, .required)
      // Seconds since 1970: compared as a plain number in both databases.
      .field("window_start", .double, .required)
      .unique(on: "bucket", "key", name: "rate_limit_counters_bucket_key")
      .create()
    try await database.schema("rate_limit_hits").delete()
  }

  func revert(on database: any Database) async throws {
    try await CreateRateLimitHits().prepare(on: database)
    try await database.schema("rate_limit_counters").delete()
  }
}
