import Fluent
import SQLKit

/// The version of a study's design (`studies.design_version`): raised in the same transaction as
/// every design change (``StudyDesignVersion/bump(studyID:on:)``), so each instance can keep the
/// design it loaded and know, from the one number it reads with the participant anyway, whether it
/// is still the one in force (``StudyDesignCache``). Existing studies start at 1.
struct AddDesignVersionToStudy: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("studies").field("design_version", .int, .required, .sql(.default(1))).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("studies").deleteField("design_version").update()
  }
}
