import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A researcher builds the POETQ study in a real browser: edits statements, the grid (watching the
/// running total), a question, the texts and a site, opens the study and previews it. Every page is
/// photographed at 1280 and 360 px and audited with axe.
@Suite("Browser: study builder")
struct BuilderBrowserTests {
  @Test("build the POETQ study: statements, grid, question, texts, site, open, preview")
  func buildAndPreview() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.fill("#title", "Joint commissioning")
      try await page.click("form[action='/studies'] button[type=submit]")
      try await page.waitFor(path: "/studies/joint-commissioning")
      #expect(try await page.text(".todo").contains("Texts: write the consent text participants agree to."))
      #expect(try await page.property("form[action$='/status'] button[value=open]", "disabled").bool == true)

      // Statements: a refused empty one keeps the page; then one added and deleted again.
      try await page.click("nav.tabs a[href$='/statements']")
      try await page.waitFor(path: "/studies/joint-commissioning/statements")
      try await page.screenshot("statements")
      try await page.audit()
      try await page.fill("#new-text", "Pooled budgets make joint commissioning real.")
      try await page.fill("#new-codes", "Productivity")
      try await page.click("form[action$='/statements'] button[type=submit]")
      try await page.waitFor(".flash", containing: "Statement added.")
      #expect(try await page.text("#qset") == "Q-set: 41 statements")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "joint-commissioning").first())
      let added = try #require(
        try await StudyStatement.query(on: app.db).filter(\.$study.$id == study.requireID()).filter(\.$number == 41)
          .first())
      try await page.click("#s-\(try added.requireID()) button.danger")
      try await page.waitFor(".flash", containing: "Statement deleted.")
      #expect(try await page.text("#qset") == "Q-set: 40 statements")

      // Grid: the total follows the typing; a wrong total is refused by the server too.
      try await page.click("nav.tabs a[href$='/grid']")
      try await page.waitFor("#grid-total")
      #expect(try await page.text("#grid-total") == "The columns hold 40 statements; the Q-set has 40.")
      try await page.fill("tbody tr:nth-child(5) input[name='capacity[]']", "12")
      try await page.waitFor("#grid-total", containing: "Remove 2.")
      try await page.screenshot("grid-wrong-total")
      try await page.audit()
      try await page.click("form[data-grid-editor] button[type=submit]")
      try await page.waitFor(".error[role=alert]", containing: "the columns hold 42 statements but the Q-set has 40")
      try await page.fill("tbody tr:nth-child(5) input[name='capacity[]']", "10")
      try await page.click("form[data-grid-editor] button[type=submit]")
      try await page.waitFor(".flash", containing: "Grid saved.")

      // A question after the sort.
      try await page.click("nav.tabs a[href$='/questions']")
      try await page.waitFor("#new-prompt")
      try await page.fill("#new-prompt", "Which team are you in?")
      try await page.run("document.querySelector('#new-phase').value = 'after'")
      try await page.fill("#new-options", "Adults\nChildren")
      try await page.click("form[action$='/questions'] button[type=submit]")
      try await page.waitFor(".flash", containing: "Question added.")
      #expect(try await page.text("main").contains("Which team are you in?"))
      try await page.screenshot("questions")
      try await page.audit()

      // Texts: the information sheet and consent the study needs before it can open.
      try await page.click("nav.tabs a[href$='/texts']")
      try await page.waitFor("#informationSheet")
      try await page.fill("#informationSheet", "We are asking staff what joint commissioning should achieve.")
      try await page.fill("#consentText", "I agree to take part and know I can withdraw at any time.")
      try await page.click("form[action$='/texts'] button[type=submit]")
      try await page.waitFor(".flash", containing: "Texts and settings saved.")
      try await page.screenshot("texts")
      try await page.audit()

      // A sixth site.
      try await page.click("nav.tabs a[href$='/sites']")
      try await page.waitFor("#new-site")
      try await page.fill("#new-site", "Site F")
      try await page.click("form[action$='/sites'] button[type=submit]")
      try await page.waitFor(".flash", containing: "Site added.")
      #expect(try await page.attribute("input[value='Site F']", "name") == "name")
      try await page.screenshot("sites")
      try await page.audit()

      // Open the study; its Q-set is now fixed.
      try await page.click("nav.tabs a[href='/studies/joint-commissioning']")
      try await page.waitFor(".ok", containing: "The design is complete.")
      try await page.click("form[action$='/status'] button[value=open]")
      try await page.waitFor(".flash", containing: "The study is open")
      #expect(try await page.text("#status") == "Status: open")
      try await page.screenshot("overview-open")
      try await page.audit()
      #expect(try await Study.find(study.requireID(), on: app.db)?.status == .open)

      // Preview: the participant's pages, nothing stored.
      try await page.click("nav.tabs a[href$='/preview']")
      try await page.waitFor(".pyramid")
      #expect(try await page.text("main").contains("We are asking staff what joint commissioning should achieve."))
      #expect(try await page.texts(".pyramid-slot").count == 40)
      #expect(try await page.texts("ol.cards li").count == 40)
      try await page.screenshot("preview")
      try await page.audit()
      #expect(try await Participant.query(on: app.db).count() == 0, "the preview stores nothing")
    }
  }
}
