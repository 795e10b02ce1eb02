import Fluent

/// A cache of parallel analyses by the shape of the data (the scree plot's line in the reports):
/// computed once when an analysis runs, so a report never waits for a thousand simulations.
struct CreateParallelAnalyses: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("parallel_analyses")
      .id()
      .field("key", .string, .required)
      .field("result", .string, .required)
      .field("created_at", .datetime)
      .unique(on: "key")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("parallel_analyses").delete()
  }
}
