import Fluent
import Foundation
import QMethod
import Testing
import Vapor

@testable import App

/// The Analyses tab in a real browser, as a researcher works through section 3.4.5 of the report:
/// run an analysis of the demo study (without site A), open "How many factors?", keep the
/// 5-factor solution, untick a flag, rotate two factors by 5° by keyboard with undo and redo, save
/// it, withdraw a site-A participant (only the analyses that used the sort are marked), re-run and
/// compare. Photographed at 1280 and 360 px and audited with axe at each step.
@Suite("Browser: analyses")
struct AnalysesBrowserTests {
  static let slug = "poetq-demo-synthetic-data"
  static let base = "/studies/\(slug)/analyses"

  @Test("run, how many factors, promote 5, untick a flag, rotate 5° with undo/redo, withdraw, re-run, compare")
  func analysesWorkflow() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/\(Self.slug)")

      // The list, empty, and the run form with the selection counted as it is ticked.
      try await page.open(Self.base)
      try await page.waitFor("#analyses-title")
      #expect(try await page.text("main").contains("93 completed sort(s) to analyse"))
      try await page.click("#run-analysis")
      try await page.waitFor("#analysis-form")
      try await page.waitFor("#selection-count", containing: "93 of 93")
      #expect(try await page.text("#analysis-form").contains("forced"), "the page names the distribution")
      try await page.screenshot("run-form")
      try await page.audit()
      let siteA = try await page.find("input[name=site][value='Site A']")
      try await siteA.click()
      try await page.waitFor("#selection-count", containing: "83 of 93")
      try await page.fill("#name", "Without site A")
      try await page.fill("#factors", "4")
      try await page.click("#run")
      let firstPath = try await page.waitFor(pathMatching: "^\(Self.base)/[0-9A-F-]{36}$")
      try await page.waitFor("#loadings-title")
      #expect(try await page.text("#state") == "Done")
      #expect(try await page.text("main").contains("83 sorts"))
      let results = try await page.text(".results")
      for heading in ["The factors", "Unrotated factors", "Loadings and defining sorts", "Factor arrays and z-scores"] {
        #expect(results.contains(heading), "the results show \(heading)")
      }
      try await page.screenshot("results")
      try await page.audit()

      // "How many factors?" of every sort, and the 5-factor solution kept with one click.
      try await page.open("\(Self.base)/factor-count")
      try await page.waitFor("#solution-card-5")
      let criteria = try await page.text("table.criteria")
      for name in ["Kaiser", "Parallel analysis", "Humphrey", "Two significant loadings"] {
        #expect(criteria.contains(name))
      }
      #expect(try await page.exists("#figure-scree svg"), "the scree plot is drawn")
      #expect(try await page.texts(".solution h3").count == 6, "solutions with 2 to 7 factors")
      try await page.screenshot("factor-count")
      try await page.audit()
      try await page.click("#promote-5")
      let promotedPath = try await page.waitFor(pathMatching: "^\(Self.base)/[0-9A-F-]{36}$")
      try await page.waitFor("#loadings-title")
      #expect(try await page.text("#analysis-title") == "Centroid, 5 factors, varimax")
      let promoted = try await Self.analysis(app, path: promotedPath)
      #expect(try await Self.result(promoted, on: app.db).factorLabels.count == 5)

      // Untick one flag and save the adjusted solution as a new analysis.
      try await page.click("#adjust-flags")
      try await page.waitFor("#flags-table")
      try await page.screenshot("flags")
      try await page.audit()
      let unticked = try #require(
        try await page.attribute("#flags-table input[name=flag]:checked", "value")?.split(separator: "|").map(
          String.init))
      try await page.click("#flags-table input[name=flag]:checked")
      try await page.fill("#name", "Five factors, one flag off")
      try await page.click("#save-flags")
      let flaggedPath = try await page.waitFor(pathMatching: "^\(Self.base)/[0-9A-F-]{36}$")
      try await page.waitFor("#loadings-title")
      let flagged = try await Self.result(try await Self.analysis(app, path: flaggedPath), on: app.db)
      let row = try #require(flagged.sorts.firstIndex(of: unticked[0]))
      #expect(
        flagged.flags[row][Int(unticked[1])! - 1] == false, "sort \(unticked[0]) no longer defines F\(unticked[1])")
      #expect(flagged.options.manualFlags[unticked[0]] != nil, "stored as a flag by hand")

      // Rotate F1 and F2 by 5° by keyboard alone, undo and redo, and save.
      try await page.open("\(promotedPath)/rotate")
      try await page.waitFor("#rotation-table tbody tr")
      try await page.screenshot("rotate")
      try await page.audit()
      let before = try await Self.firstRow(page)
      try await page.tab(to: "#turn-plus-5")
      try await page.press(.enter)
      try await page.waitFor("#rotation-summary", containing: "1 step")
      let turned = try await Self.firstRow(page)
      #expect(turned != before, "the preview turned the loadings")
      try await page.tab(to: "#undo")
      try await page.press(.enter)
      try await page.waitFor("#rotation-summary", containing: "No rotation yet")
      #expect(try await Self.firstRow(page) == before, "undo restores the loadings")
      try await page.tab(to: "#redo")
      try await page.press(.enter)
      try await page.waitFor("#rotation-summary", containing: "1 step")
      #expect(try await Self.firstRow(page) == turned, "redo turns them again")
      try await page.screenshot("rotate-turned")
      try await page.fill("#name", "Five factors, F1–F2 turned 5°")
      try await page.click("#save-rotation")
      let rotatedPath = try await page.waitFor(pathMatching: "^\(Self.base)/[0-9A-F-]{36}$")
      try await page.waitFor("#loadings-title")
      let rotated = try await Self.result(try await Self.analysis(app, path: rotatedPath), on: app.db)
      #expect(rotated.options.judgmentalRotation == [RotationStep(first: 1, second: 2, degrees: 5)])
      let (x, y) = (try #require(Double(turned.x)), try #require(Double(turned.y)))
      #expect(abs(rotated.loadings[0][0] - x) < 1e-4 && abs(rotated.loadings[0][1] - y) < 1e-4, "stored = preview")

      // Withdraw a site-A participant: the analyses of every sort are marked, "Without site A" is not.
      let participant = try #require(
        try await Participant.query(on: app.db).filter(\.$status == .completed).all()
          .first { $0.sortID?.hasPrefix("A") ?? false })
      try await page.open("/studies/\(Self.slug)/participants/\(try participant.requireID())")
      try await page.waitFor("#confirm-withdraw")
      try await page.click("#confirm-withdraw")
      try await page.click("#withdraw")
      try await page.waitFor(".flash", containing: "The participant is withdrawn")
      #expect(try await Self.analysis(app, path: firstPath).needsRerun == false)
      for path in [promotedPath, flaggedPath, rotatedPath] {
        #expect(try await Self.analysis(app, path: path).needsRerun, "\(path) used the withdrawn sort")
      }
      try await page.open(Self.base)
      try await page.waitFor("table.analyses")
      #expect(try await page.texts(".needs-rerun").count == 3)
      try await page.screenshot("list")
      try await page.audit()

      // Re-run with the same settings and see what changed.
      try await page.open(promotedPath)
      try await page.waitFor("#needs-rerun")
      #expect(try await page.text("#needs-rerun").contains(participant.sortID ?? "?"))
      try await page.click("#rerun")
      try await page.waitFor("#loadings-title")
      try await page.click("#compare-previous")
      try await page.waitFor("#compare-title")
      let withdrawnSort = participant.sortID ?? "?"
      #expect(try await page.text("main").contains("Only in “Centroid, 5 factors, varimax”: \(withdrawnSort)"))
      try await page.screenshot("compare")
      try await page.audit()
    }
  }

  /// The first sort's two loadings as the rotation table shows them.
  static func firstRow(_ page: Page) async throws -> Pair {
    let cells = try await page.texts("#rotation-table tbody tr:first-child td.num")
    return Pair(
      x: cells[0].replacingOccurrences(of: "−", with: "-"), y: cells[1].replacingOccurrences(of: "−", with: "-"))
  }

  struct Pair: Equatable {
    var x: String
    var y: String
  }

  static func analysis(_ app: Application, path: String) async throws -> Analysis {
    let id = try #require(UUID(uuidString: String(path.split(separator: "/").last ?? "")))
    return try #require(try await Analysis.find(id, on: app.db))
  }

  static func result(_ analysis: Analysis, on db: any Database) async throws -> AnalysisResult {
    try #require(try await StoredResults.result(of: analysis, on: db))
  }
}
