import Testing

@testable import App

@Suite("Participants page snapshots")
struct ParticipantsPageSnapshotTests {
  @Test("a researcher's list: two participants, mail on, a failed message")
  func researcher() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(ParticipantsPage.template, section: .participants, ParticipantsPage.Model.mock))
  }

  @Test("a refused import keeps the list and names each problem")
  func refusedImport() async throws {
    var model = ParticipantsPage.Model.mock
    model.importDraft = "email,name,site\nnot-an-address,Bo,North"
    model.importProblems = ["Line 2, email: “not-an-address” is not an e-mail address."]
    assertPageSnapshot(try await PageSnapshot.studyPage(ParticipantsPage.template, section: .participants, model))
  }

  @Test("one participant's page, completed, with the forms")
  func participant() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        ParticipantDetailPage.template, section: .participants, ParticipantDetailPage.Model.mock, title: "Participant"))
  }
}
