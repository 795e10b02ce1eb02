import Testing

@testable import App

@Suite("Data page snapshots")
struct DataPageSnapshotTests {
  @Test("a researcher's page: every export and the import form")
  func researcher() async throws {
    assertPageSnapshot(try await PageSnapshot.studyPage(DataPage.template, section: .data, DataPage.Model.mock))
  }

  @Test("a viewer's page: the count, no exports or import")
  func viewer() async throws {
    var model = DataPage.Model.mock
    model.canExport = false
    assertPageSnapshot(try await PageSnapshot.studyPage(DataPage.template, section: .data, model))
  }

  @Test("the preview of an upload with an invalid sort")
  func importPreview() async throws {
    assertPageSnapshot(
      try await PageSnapshot.studyPage(
        ImportPreviewPage.template, section: .data, ImportPreviewPage.Model.mock, title: "Import preview"))
  }

  @Test("the preview again with the reason the import was refused")
  func importRefused() async throws {
    var model = ImportPreviewPage.Model.mock
    model.error = "Every sort must be valid, or tick “Skip the invalid sorts”."
    assertPageSnapshot(
      try await PageSnapshot.studyPage(ImportPreviewPage.template, section: .data, model, title: "Import preview"))
  }
}
