import Fluent

/// The smallest group a site report names: a viewpoint held by fewer people at a site is not
/// reported as that site's (no quotes, no count), so a workshop cannot pick out who holds it.
/// Empty means the default, ``Study/defaultSmallestGroup``.
struct AddSmallestGroupToStudy: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("studies").field("smallest_group", .int).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("studies").deleteField("smallest_group").update()
  }
}
