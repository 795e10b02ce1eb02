import Testing

@testable import App

@Suite("People page snapshots")
struct PeoplePageSnapshotTests {
  @Test("an owner's page: members with their forms, an invitation, the form to add someone")
  func owner() async throws {
    var header = StudyHeader.mock(.people)
    header.isOwner = true
    header.role = "owner"
    let page = StudyPage(
      layout: Layout(title: "People · Partnership in practice", csrf: "CSRF", userName: "Ada"), header: header,
      content: PeoplePage.Model.mock)
    assertPageSnapshot(try await PageSnapshot.html(PeoplePage.template, page))
  }

  @Test("a researcher's page: the list only (the forms are the owner's)")
  func researcher() async throws {
    var header = StudyHeader.mock(.people)
    header.isOwner = false
    let page = StudyPage(
      layout: Layout(title: "People · Partnership in practice", csrf: "CSRF", userName: "Cy"), header: header,
      content: PeoplePage.Model.mock)
    assertPageSnapshot(try await PageSnapshot.html(PeoplePage.template, page))
  }
}
