import Testing

@testable import App

@Suite("Analyses page snapshots")
struct AnalysesPageSnapshotTests {
  /// A study page as a viewer of the study sees it (no run, promote or delete buttons).
  static func viewerPage(_ template: String, _ model: some Encodable & Sendable) async throws -> String {
    var header = StudyHeader.mock(.analyses)
    header.role = "viewer"
    header.canEdit = false
    header.canEditDesign = false
    let page = StudyPage(
      layout: Layout(title: "Analyses · Partnership in practice", csrf: "CSRF", userName: "Vic"), header: header,
      content: model)
    return try await PageSnapshot.html(template, page)
  }

  @Test("the Analyses tab as a viewer reads it")
  func listReadOnly() async throws {
    assertPageSnapshot(try await Self.viewerPage(AnalysesPage.template, AnalysesPage.Model.mock))
  }

  @Test("How many factors? as a viewer reads it (no solution to keep)")
  func factorCountReadOnly() async throws {
    assertPageSnapshot(try await Self.viewerPage(FactorCountPage.template, FactorCountPage.Model.mock))
  }

  @Test("the Analyses tab with a superseded, a failed and a re-run analysis")
  func list() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(AnalysesPage.template, section: .analyses, AnalysesPage.Model.mock))
  }

  @Test("the Analyses tab with no analysis yet")
  func emptyList() async throws {
    var model = AnalysesPage.Model.mock
    model.analyses = []
    model.superseded = 0
    assertPageSnapshot(try await PageSnapshot.studyPage(AnalysesPage.template, section: .analyses, model))
  }

  @Test("the run form with two sites and a question")
  func runForm() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        AnalysisNewPage.template, section: .analyses, try AnalysisNewPage.Model.mock(), title: "Run an analysis"))
  }

  @Test("a done analysis with carried interpretations")
  func analysis() async throws {
    let model = AnalysisPage.Model.mock
    assertPageSnapshot(
      try await PageSnapshot.studyPage(AnalysisPage.template, section: .analyses, model, title: model.name))
  }

  @Test("a queued analysis the page follows")
  func queuedAnalysis() async throws {
    let model = AnalysisPage.Model.queuedMock
    assertPageSnapshot(
      try await PageSnapshot.studyPage(AnalysisPage.template, section: .analyses, model, title: model.name))
  }

  @Test("an analysis that needs a re-run, read by a viewer")
  func analysisNeedsRerunReadOnly() async throws {
    var model = AnalysisPage.Model.mock
    model.needsRerun = true
    model.withdrawn = "D65"
    model.withdrawal = "Computed before participant D65 withdrew; re-run to remove their sort."
    model.canChange = false
    model.carried = nil
    model.hasCarried = false
    assertPageSnapshot(try await Self.viewerPage(AnalysisPage.template, model))
  }

  @Test("two analyses compared")
  func compare() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        AnalysisComparePage.template, section: .analyses, AnalysisComparePage.Model.mock, title: "compared"))
  }

  @Test("flags by hand")
  func flags() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        AnalysisFlagsPage.template, section: .analyses, AnalysisFlagsPage.Model.mock, title: "Flags"))
  }

  @Test("rotation by hand")
  func rotate() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        AnalysisRotatePage.template, section: .analyses, AnalysisRotatePage.Model.mock, title: "Rotate"))
  }

  @Test("a factor's interpretation page")
  func factor() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        FactorPage.template, section: .analyses, FactorPage.Model.mock, title: "Factor 1"))
  }

  @Test("a factor's interpretation page read by a viewer")
  func factorReadOnly() async throws {
    var model = FactorPage.Model.mock
    model.canWrite = false
    model.withdrawal = "Computed before participant D65 withdrew; re-run to remove their sort."
    model.removalNotes = ["1 quote removed: its participant withdrew."]
    assertPageSnapshot(try await Self.viewerPage(FactorPage.template, model))
  }

  @Test("How many factors? with two solutions")
  func factorCount() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        FactorCountPage.template, section: .analyses, FactorCountPage.Model.mock, title: "How many factors?"))
  }

  @Test("How many factors? before anything is computed (a refused query)")
  func factorCountEmpty() async throws {
    var model = FactorCountPage.Model.mock
    model.sorts = 0
    assertPageSnapshot(try await PageSnapshot.studyPage(FactorCountPage.template, section: .analyses, model))
  }

  @Test("the factor tree")
  func factorTree() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        FactorTreePage.template, section: .analyses, FactorTreePage.Model.mock, title: "Factor tree"))
  }
}
