import Fluent
import SQLKit

/// The stepwise ranking's choices and the last accepted action of a response: the choices replay
/// the ranking at the exact step, and the last action lets a retried request (same revision, same
/// action) be answered as already done instead of refused.
struct AddResponseProgress: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("responses")
      .field("ranking_choices", .string, .required, .sql(.default("[]")))
      .update()
    try await database.schema("responses")
      .field("last_action", .string)
      .update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("responses").deleteField("last_action").update()
    try await database.schema("responses").deleteField("ranking_choices").update()
  }
}
