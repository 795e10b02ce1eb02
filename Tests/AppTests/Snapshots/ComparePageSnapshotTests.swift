import Testing

@testable import App

@Suite("Sites compared page snapshots")
struct ComparePageSnapshotTests {
  @Test("two sites compared: Table 11 with a hidden small group, Table 14, the local analyses, the reports")
  func compared() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(ComparePage.template, section: .compare, ComparePage.Model.mock))
  }

  @Test("no aggregate analysis yet: the form to run one")
  func empty() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(ComparePage.template, section: .compare, ComparePage.Model.mockEmpty))
  }

  @Test("a viewer limited to one site: no forms to run or save")
  func limitedViewer() async throws {
    var model = ComparePage.Model.mock
    model.canRunAggregate = false
    model.canRunLocal = false
    model.canEdit = false
    model.limited = true
    assertPageSnapshot(try await PageSnapshot.studyPage(ComparePage.template, section: .compare, model))
  }
}
