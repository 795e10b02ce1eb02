import Testing

@testable import App

/// The Texts tab's languages from its mock (English source, French complete, German with two texts
/// changed since and two missing): as a viewer sees it, and after a refused upload.
@Suite("Texts page snapshots")
struct TextsPageSnapshotTests {
  @Test("the languages as a viewer sees them: states and downloads, no upload")
  func viewer() async throws {
    var header = StudyHeader.mock(.texts)
    header.canEdit = false
    header.canEditDesign = false
    header.role = "viewer"
    assertPageSnapshot(try await PageSnapshot.studyPage(TextsPage.template, header: header, TextsPage.Model.mock))
  }

  @Test("an upload refused naming its row")
  func refusedUpload() async throws {
    var header = StudyHeader.mock(.texts)
    header.error =
      "Row 7: the source of “instruction” is not the study's current text (it changed after this file was downloaded); download the file again and translate the new text. Nothing was saved."
    assertPageSnapshot(try await PageSnapshot.studyPage(TextsPage.template, header: header, TextsPage.Model.mock))
  }
}
