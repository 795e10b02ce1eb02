import Fluent
import Foundation
import Testing

@testable import App

/// The participant's pages in every language POETQ ships, in Chromium: axe finds nothing on any
/// page of the flow in any language, and Arabic pages run right to left, the grid mirrored so that
/// disagree is where reading starts (photographed at 1280 and 360 px).
@Suite("Browser: participant languages")
struct ParticipantLanguageBrowserTests {
  typealias Fixture = StudyTranslationFixture

  /// The horizontal middle of the first element matching `selector`, in CSS pixels.
  static func middle(_ page: Page, _ selector: String) async throws -> Double {
    let value = try await page.run(
      "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return r.left + r.width / 2;",
      [.string(selector)])
    guard case .number(let x) = value else { throw WebDriverError("\(selector) is not on the page") }
    return x
  }

  /// Ticks the first candidates of a ranking step and places them (no words read: any language).
  static func rankOnce(_ page: Page) async throws {
    let step = try #require(try await page.rankingStep(), "on a ranking step")
    try await page.saving("the choice of \(step.count)") {
      for id in step.candidates.prefix(step.count) { try await page.tap("label[for='\(id)']") }
      try await page.click("#proceed")
    }
  }

  @Test("every participant page in every shipped language is axe-clean; Arabic runs right to left, mirrored")
  func everyLanguage() async throws {
    try await withBrowser { app, page in
      let (study, _) = try await ParticipantClient.openTemplateStudy(app)
      for language in StudyLanguage.allCases where language != .en {
        try await Fixture.translate(study, into: language, on: app.db)
      }
      // The PostgreSQL pass serves the same pages: it checks the language is taken up, no more.
      let languages = page.looks ? StudyLanguage.allCases : [.ar]
      for language in languages {
        let participant = try await ParticipantClient.invite(app, to: study)
        let photograph = page.looks && language == .ar
        try await page.open(participant.path + "?lang=\(language.tag)")
        try await page.waitFor("#proceed")
        #expect(try await page.attribute("html", "lang") == language.tag)
        #expect(try await page.attribute("html", "dir") == language.direction)
        #expect(try await page.exists(".language-switcher a[hreflang='\(language.tag)'][aria-current]"))
        if photograph { try await page.screenshot("ar-welcome") }
        try await page.audit()

        try await page.click("#proceed")
        try await page.waitFor("#agree")
        try await page.audit()
        try await page.click("#agree")
        try await page.waitFor("#main .question")
        #expect(try await page.attribute("html", "lang") == language.tag)
        try await page.audit()
        try await page.answerQuestions()
        try await page.saving("the answers") { try await page.click("#proceed") }

        try await page.waitFor("#pile-agree")
        try await page.setViewport(width: 1280, height: 900)
        let (disagree, agree) = (
          try await Self.middle(page, "#pile-disagree"), try await Self.middle(page, "#pile-agree")
        )
        if language.isRightToLeft {
          #expect(disagree > agree, "Arabic: the disagree pile where reading starts, on the right")
          let bar = try await page.run("return getComputedStyle(document.querySelector('.statement')).borderRightWidth")
          #expect(bar.string == "6px", "the statement's bar stands where its lines begin, on the right")
        } else {
          #expect(disagree < agree)
        }
        if photograph { try await page.screenshot("ar-presort") }
        try await page.audit()
        if !page.looks { break }
        try await page.presortAll(agree: 15, neutral: 10)
        try await page.audit()
        try await page.saving("continue to the ranking") { try await page.click("#proceed") }

        try await page.waitFor("form.ranking")
        if photograph { try await page.screenshot("ar-ranking") }
        try await page.audit()
        while try await page.rankingStep() != nil { try await Self.rankOnce(page) }

        try await page.waitFor(".flow.review")
        try await page.setViewport(width: 1280, height: 900)
        let (minus4, plus4) = (try await Self.middle(page, "#col-m4"), try await Self.middle(page, "#col-p4"))
        if language.isRightToLeft {
          #expect(minus4 > plus4, "Arabic: the grid's −4 on the right, +4 on the left")
          #expect(try await page.text("#col-m4").contains("-4"), "the score as written, sign first")
        } else {
          #expect(minus4 < plus4)
        }
        if photograph { try await page.screenshot("ar-review") }
        try await page.audit()
        try await page.saving("the grid confirmed") { try await page.click("#proceed") }

        try await page.waitFor(".comment-item")
        try await page.audit()
        try await page.saving("the comments") { try await page.click("#proceed") }
        try await page.waitFor("#main .question")
        try await page.answerQuestions()
        try await page.audit()
        try await page.click("#proceed")
        try await page.waitFor("#main .ok")
        #expect(try await page.attribute("html", "lang") == language.tag)
        try await page.audit()
        let stored = try await participant.participant(on: app.db)
        #expect(stored.status == .completed && stored.language == language.tag, "\(language): kept and submitted")
      }
    }
  }
}
