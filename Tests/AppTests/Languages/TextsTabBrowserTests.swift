import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The Texts tab's languages in a real browser: French complete, German with a text changed since
/// (out of date, listed), the upload forms and "add a language"; photographed at 1280 and 360 px and
/// audited with axe.
@Suite("Browser: translations on the Texts tab")
struct TextsTabBrowserTests {
  @Test("the languages table with a complete and an out-of-date language: axe clean at both widths")
  func languagesTable() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.fill("#title", "Languages")
      try await page.click("form[action='/studies'] button[type=submit]")
      try await page.waitFor(path: "/studies/languages")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "languages").first())
      let user = try #require(try await User.query(on: app.db).first())
      func translate(_ language: StudyLanguage) async throws {
        let sheet = try await StudyEditor.translationSheet(language, of: study, on: app.db)
        try await StudyEditor.storeTranslations(
          TranslationFixture.filledIn(sheet), language: language, of: study, by: user.requireID(), on: app.db)
      }
      try await translate(.de)
      var texts = StudyTexts(study)
      texts.instruction = "Sort the statements from those you disagree with most to those you agree with most."
      try await StudyEditor.updateTexts(texts, of: study, by: user.requireID(), on: app.db)
      try await translate(.fr)

      try await page.open("/studies/languages/texts")
      try await page.waitFor("#language-states")
      #expect(try await page.text("#language-fr").contains("complete"))
      #expect(try await page.text("#language-de").contains("1 out of date"))
      #expect(try await page.text("#language-de").contains("instruction"))
      try await page.screenshot("texts-languages")
      try await page.audit()
    }
  }
}
