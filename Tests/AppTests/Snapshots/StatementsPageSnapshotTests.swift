import Testing

@testable import App

@Suite("Statements page snapshots")
struct StatementsPageSnapshotTests {
  @Test("the Q-set editor with three coded statements")
  func editor() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(StatementsPage.template, section: .statements, StatementsPage.Model.mock))
  }

  @Test("an empty Q-set keeps the draft of a refused form")
  func emptyWithDraft() async throws {
    var model = StatementsPage.Model.mock
    model.statements = []
    model.codeCounts = []
    model.draft = .init(number: "x", text: "A statement <with> markup & more", codes: "", list: "", replace: true)
    assertPageSnapshot(try await PageSnapshot.studyPage(StatementsPage.template, section: .statements, model))
  }
}
