import Testing

@testable import App

@Suite("Sites page snapshots")
struct SitesPageSnapshotTests {
  @Test("a manager's page: two sites, one that can be removed")
  func manager() async throws {
    assertPageSnapshot(try await PageSnapshot.studyPage(SitesPage.template, section: .sites, SitesPage.Model.mock))
  }

  @Test("a member limited to some sites: the list only, no forms")
  func readOnly() async throws {
    var model = SitesPage.Model.mock
    model.canManage = false
    model.sites.removeLast()
    assertPageSnapshot(try await PageSnapshot.studyPage(SitesPage.template, section: .sites, model))
  }

  @Test("no sites yet, with a refused name kept in the form")
  func emptyWithDraft() async throws {
    var model = SitesPage.Model.mock
    model.sites = []
    model.draft = "North <east>"
    assertPageSnapshot(try await PageSnapshot.studyPage(SitesPage.template, section: .sites, model))
  }
}
