import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Defects from the walkthrough of "New study from data": a .DAT sent without its .STA previewed
/// with no word that the statements have no texts, and the new study's overview said its imported
/// sorts were participants who "have started sorting".
@Suite("New study from data: what the pages say")
struct StudyFromDataWalkthroughTests {
  @Test("a .DAT without its .STA: the preview says the texts are missing and what the statements will be called")
  func datWithoutSTA() async throws {
    try StudyFromDataFixture.requireReference()
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      _ = try await browser.get("/studies/from-data")
      let alone = try await browser.upload(
        "/studies/from-data", files: [("dat", "LIPSET.DAT", try StudyFromDataFixture.file("LIPSET.DAT"))])
      let html = alone.body.string
      #expect(alone.status == .ok, "\(html.prefix(400))")
      #expect(html.contains(#"id="preview-missing-texts""#), "a warning of its own")
      #expect(html.contains("No statement texts: a .DAT holds only the sorts, and no .STA came with it."))
      #expect(html.contains("The 33 statements will be called “Statement 1” to “Statement 33”."))
      #expect(html.contains("<dd id=\"preview-statements\">33 (no texts)</dd>"))

      _ = try await browser.get("/studies/from-data")
      let both = try await browser.upload(
        "/studies/from-data",
        files: [
          ("dat", "LIPSET.DAT", try StudyFromDataFixture.file("LIPSET.DAT")),
          ("sta", "LIPSET.STA", try StudyFromDataFixture.file("LIPSET.STA")),
        ])
      #expect(!both.body.string.contains("preview-missing-texts"), "no warning when the .STA came")
    }
  }

  @Test("the overview of a study made from data says its sorts are imported, not that participants started sorting")
  func importedSortsOnTheOverview() async throws {
    try StudyFromDataFixture.requireReference()
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      let study = try await StudyFromDataTests.create(
        &browser, app,
        files: [
          ("dat", "LIPSET.DAT", try StudyFromDataFixture.file("LIPSET.DAT")),
          ("sta", "LIPSET.STA", try StudyFromDataFixture.file("LIPSET.STA")),
        ], title: "lipset: Lipset (1963) value patterns, cf. Brown 1980", site: "LIPSET")
      let overview = try await browser.get("/studies/\(study.slug)").body.string
      #expect(overview.contains("The Q-set and grid are locked because 9 sorts are imported;"), "\(overview)")
      #expect(!overview.contains("started sorting"))
      let reopen = try await browser.post("/studies/\(study.slug)/status", ["status": "draft"])
      #expect(reopen.status == .conflict)
      #expect(reopen.body.string.contains("9 sorts are imported, so the study cannot return to draft."))
    }
  }
}
