import Foundation
import Testing
import VaporTesting

@testable import App

/// The page that offers an expired form again named its fields by their internal names ("Payload",
/// "Texts payload", "Capacity", "Flag p") and showed hidden fields (a whole file in base64) as
/// boxes to check: it now uses the form's words and sends hidden fields back unseen.
@Suite("An expired form, offered again, in a person's words")
struct ResubmitWordingTests {
  @Test("field labels are the forms' words; hidden fields go back hidden")
  func labels() async throws {
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      browser.csrf = "stale-token"
      let grid = try await browser.post(
        "/studies/some-study/grid",
        pairs: [("kind", "forced"), ("score[]", "-1"), ("capacity[]", "2"), ("label[]", "Most disagree")])
      #expect(grid.status == .forbidden)
      let gridPage = grid.body.string
      #expect(gridPage.contains(">Statements each column holds</label>"), "\(gridPage)")
      #expect(gridPage.contains(">Column labels</label>"))
      #expect(!gridPage.contains(">Capacity</label>"))

      browser.csrf = "stale-token"  // the page offered a fresh token: make this one stale too
      let confirm = try await browser.post(
        "/studies/from-data/confirm",
        pairs: [("fileName", "LIPSET.DAT"), ("payload", "UEFZTE9BRA=="), ("textsName", ""), ("textsPayload", "")])
      #expect(confirm.status == .forbidden)
      let page = confirm.body.string
      #expect(page.contains(#"<input type="hidden" name="payload" value="UEFZTE9BRA==">"#), "\(page)")
      #expect(!page.contains(">Payload</label>"))
      #expect(!page.contains(">Texts payload</label>"))
      #expect(!page.contains(">File name</label>"))
    }
  }

  @Test(
    "labels for names that are not words",
    arguments: [
      ("flagP", "Flagging significance"), ("informationSheet", "Information sheet"), ("sites[]", "Sites"),
      ("agreeLabel", "Label of the most-agree end"), ("someNewField", "Some new field"),
    ])
  func label(name: String, expected: String) {
    #expect(FormBody.Field(name: name, value: "").label == expected)
  }
}
