import Fluent
import Foundation
import SQLKit

/// The number in `studies.design_version` that says which design is in force. Every design change
/// raises it in its own transaction (``StudyEditor/auditDesignChange(_:by:_:_:on:)`` calls ``bump(studyID:on:)``,
/// and every change to statements, grid, questions, sites, texts, settings and status is audited),
/// so a cached design is in force exactly while its version matches the row.
enum StudyDesignVersion {
  /// Raises the study's design version by one.
  static func bump(studyID: UUID, on db: any Database) async throws {
    guard let sql = db as? any SQLDatabase else {
      throw ServerFault("The design version needs an SQL database.")
    }
    try await sql.update("studies").set(SQLIdentifier("design_version"), to: SQLRaw("design_version + 1"))
      .where("id", .equal, studyID).run()
  }

  /// The study's design version now (0 when there is no such study).
  static func current(studyID: UUID, on db: any Database) async throws -> Int {
    guard let sql = db as? any SQLDatabase else {
      throw ServerFault("The design version needs an SQL database.")
    }
    struct Row: Decodable {
      var version: Int
      enum CodingKeys: String, CodingKey { case version = "design_version" }
    }
    return try await sql.select().column("design_version").from("studies").where("id", .equal, studyID)
      .first(decoding: Row.self)?.version ?? 0
  }
}
