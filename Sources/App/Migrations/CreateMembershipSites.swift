import Fluent

/// Site limits on study memberships (site leads). Removing a site a member is limited to is
/// refused by the site editor, so a limit can never silently widen to every site.
struct CreateMembershipSites: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("membership_sites")
      .id()
      .field("membership_id", .uuid, .required, .references("study_memberships", "id", onDelete: .cascade))
      .field("site_id", .uuid, .required, .references("sites", "id", onDelete: .restrict))
      .unique(on: "membership_id", "site_id")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("membership_sites").delete()
  }
}
