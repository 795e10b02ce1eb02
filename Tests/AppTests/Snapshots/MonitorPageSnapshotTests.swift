import Testing

@testable import App

@Suite("Monitor page snapshots")
struct MonitorPageSnapshotTests {
  @Test("two sites mid-fieldwork, the open link's budget used up")
  func fieldwork() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(MonitorPage.template, section: .monitor, MonitorPage.Model.mock))
  }
}
