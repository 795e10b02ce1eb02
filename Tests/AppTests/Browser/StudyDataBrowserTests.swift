import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The study's data in a real browser: a participant's page with the grid, the Data tab, an import
/// with an invalid sort skipped, a withdrawal by keyboard, and the participant's own withdrawal page.
/// Every page is photographed at 1280 and 360 px and audited with axe.
@Suite("Browser: study data")
struct StudyDataBrowserTests {
  @Test("participant page, Data tab, import with a skipped sort, withdrawal by keyboard, the participant's page")
  func studyData() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.fill("#title", "Joint commissioning")
      try await page.click("form[action='/studies'] button[type=submit]")
      try await page.waitFor(path: "/studies/joint-commissioning")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "joint-commissioning").first())
      study.consentText = "I agree to take part."
      study.informationSheet = "What the study is about."
      study.status = .open
      try await study.save(on: app.db)
      var done = try await ParticipantClient.invite(app, to: study)
      try await done.completeSort(comment: "It matters most to the people we serve.")
      var started = try await ParticipantClient.invite(app, to: study)
      try await started.consent()
      let participant = try await done.participant(on: app.db)
      let path = "/studies/joint-commissioning/participants/\(try participant.requireID())"

      try await page.open(path)
      try await page.waitFor(".sort-grid")
      #expect(try await page.texts(".pyramid-card").count == 40)
      #expect(try await page.text("main").contains("It matters most to the people we serve."))
      try await page.screenshot("participant")
      try await page.audit()

      try await page.click("nav.tabs a[href$='/data']")
      try await page.waitFor("#export-title")
      #expect(try await page.text("main").contains("1 completed sort(s)"))
      try await page.screenshot("data")
      try await page.audit()

      // An import of two sorts, one of them over a column's capacity: skipped on purpose.
      let grid =
        [-4, -4, -3, -3, -3, -2, -2, -2, -2] + Array(repeating: -1, count: 6)
        + Array(repeating: 0, count: 10) + Array(repeating: 1, count: 6) + [2, 2, 2, 2, 3, 3, 3, 4, 4]
      var overfull = grid
      overfull[0] = 4
      let lines = [("X1", grid), ("X2", overfull)].map { id, scores in
        id.padding(toLength: 10, withPad: " ", startingAt: 0) + scores.map { String(format: "%2d", $0) }.joined()
      }
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("elsewhere-\(UUID().uuidString).DAT")
      try Data(
        ("  0  2 40 elsewhere\n -4  4" + String(repeating: "  0", count: 20) + "\n" + lines.joined(separator: "\n")
          + "\n").utf8
      )
      .write(to: file)
      defer { try? FileManager.default.removeItem(at: file) }
      try await page.find("#import-file").sendKeys(file.path)
      try await page.click("form[action$='/data/import'] button[type=submit]")
      try await page.waitFor("#preview-title")
      #expect(try await page.text("#invalid-count") == "1 invalid")
      #expect(try await page.text(".import-report").contains("column +4 holds 3 statements, over its capacity of 2"))
      try await page.screenshot("import-preview")
      try await page.audit()
      try await page.click("#skip-invalid")
      try await page.click("#confirm-import")
      try await page.waitFor(".flash", containing: "1 sort imported at Site A; 1 invalid skipped.")

      // Withdraw the participant by keyboard alone.
      try await page.open(path)
      try await page.waitFor("#confirm-withdraw")
      try await page.tab(to: "#confirm-withdraw", limit: 80)
      try await page.press(.space)
      try await page.tab(to: "#withdraw")
      try await page.press(.enter)
      try await page.waitFor(".flash", containing: "The participant is withdrawn")
      #expect(try await page.text("#status") == "Withdrawn")
      #expect(try await done.response(on: app.db) == nil)

      // The participant who has only begun sees what withdrawing means on their own page.
      try await page.open("/p/\(started.code)")
      try await page.click("#withdraw-link")
      try await page.waitFor("#confirm")
      try await page.screenshot("participant-withdraw")
      try await page.audit()
      try await page.click("#confirm")
      try await page.click("#withdraw")
      try await page.waitFor("h1", containing: "You have withdrawn")
      try await page.screenshot("participant-withdrawn")
      try await page.audit()
    }
  }
}
