import Foundation

/// The study's sites (`/studies/<slug>/sites`): add, rename, and remove those without participants.
/// Its model is built by ``SitesPage/query(studyID:slug:siteIDs:canManage:draft:on:)``.
enum SitesPage {
  static let template = "builder/sites"

  struct Model: Encodable, Sendable {
    var sites: [Row]
    /// The name typed into a refused "new site" form.
    var draft: String
    /// Whether the page offers to add, rename and remove sites.
    var canManage: Bool
    /// Where a new site is posted.
    var create: String
  }

  struct Row: Encodable, Sendable {
    var id: String
    var name: String
    var participants: Int
    /// The row's forms: rename, remove.
    var update: String
    var delete: String
  }
}

extension SitesPage.Row {
  init(id: UUID, name: String, participants: Int, slug: String) {
    self.init(
      id: id.uuidString, name: name, participants: participants,
      update: StudyRoute.sites(.update(.value(id))).href(slug: slug),
      delete: StudyRoute.sites(.delete(.value(id))).href(slug: slug))
  }
}

extension SitesPage.Model {
  init(sites: [SitesPage.Row], draft: String, canManage: Bool, slug: String) {
    self.init(sites: sites, draft: draft, canManage: canManage, create: StudyRoute.sites().href(slug: slug))
  }

  /// Two sites, one with participants (it cannot be removed): a manager's page.
  static let mock = Self(
    sites: [
      SitesPage.Row(
        id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1)), name: "North", participants: 12,
        slug: "mock-study"),
      SitesPage.Row(
        id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2)), name: "South & coast", participants: 0,
        slug: "mock-study"),
    ], draft: "", canManage: true, slug: "mock-study")
}
