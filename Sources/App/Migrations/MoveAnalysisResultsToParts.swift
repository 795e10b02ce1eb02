import Fluent
import Foundation
import SQLKit

/// Moves every analysis's result out of its row into `analysis_result_parts` (``StoredResults``),
/// one row at a time so a large database is never read whole, and drops the `result` column.
struct MoveAnalysisResultsToParts: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("analysis_result_parts")
      .id()
      .field("analysis_id", .uuid, .required, .references("analyses", "id", onDelete: .cascade))
      .field("run", .string, .required)
      .field("position", .int, .required)
      .field("text", .string, .required)
      .unique(on: "analysis_id", "run", "position")
      .create()
    guard let sql = database as? any SQLDatabase else { return }
    let ids = try await sql.select().column("id").from("analyses").where("result", .notEqual, "").all()
      .map { try $0.decode(column: "id", as: UUID.self) }
    for id in ids {
      guard
        let row = try await sql.select().column("claimed_by").column("result").from("analyses")
          .where("id", .equal, id).first()
      else { continue }
      let json = try row.decode(column: "result", as: String.self)
      let run = try row.decode(column: "claimed_by", as: String?.self) ?? ""
      for (position, text) in StoredResults.split(Data(json.utf8)).enumerated() {
        try await sql.insert(into: "analysis_result_parts").columns("id", "analysis_id", "run", "position", "text")
          .values(SQLBind(UUID()), SQLBind(id), SQLBind(run), SQLBind(position), SQLBind(text)).run()
      }
    }
    try await database.schema("analyses").deleteField("result").update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("analyses").field("result", .string, .required, .sql(.default(""))).update()
    if let sql = database as? any SQLDatabase {
      let analyses = try await sql.select().column("id").column("claimed_by").from("analyses").all()
      for analysis in analyses {
        let id = try analysis.decode(column: "id", as: UUID.self)
        let run = try analysis.decode(column: "claimed_by", as: String?.self) ?? ""
        let parts = try await sql.select().column("text").from("analysis_result_parts")
          .where("analysis_id", .equal, id).where("run", .equal, run).orderBy("position").all()
        guard !parts.isEmpty else { continue }
        let json = try parts.map { try $0.decode(column: "text", as: String.self) }.joined()
        try await sql.update("analyses").set("result", to: json).where("id", .equal, id).run()
      }
    }
    try await database.schema("analysis_result_parts").delete()
  }
}
