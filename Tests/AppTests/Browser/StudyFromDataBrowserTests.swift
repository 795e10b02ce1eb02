import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// "New study from data" in a real browser, at 1280 and 360 px: from the studies list, LIPSET.DAT
/// and LIPSET.STA chosen in the form, the preview, the study created, its Analyses tab reached and
/// the run form showing its 9 sorts. Every page audited with axe and checked for sideways scroll.
@Suite("Browser: new study from data")
struct StudyFromDataBrowserTests {
  @Test("upload LIPSET through the page at 1280 and 360 px and reach the Analyses tab")
  func lipsetToAnalyses() async throws {
    try StudyFromDataFixture.requireReference()
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      for (round, width) in [1280, 360].enumerated() {
        try await page.setViewport(width: width, height: width == 360 ? 780 : 900)
        try await page.open("/studies")
        try await page.click("#new-study-from-data")
        try await page.waitFor(path: "/studies/from-data")
        try await Self.checkPage(page, "form", width: width, shoot: round == 0)
        try await page.find("#from-data-dat").sendKeys(
          StudyFromDataFixture.reference.appendingPathComponent("LIPSET.DAT").path)
        try await page.find("#from-data-sta").sendKeys(
          StudyFromDataFixture.reference.appendingPathComponent("LIPSET.STA").path)
        try await page.click("#from-data-check")
        try await page.waitFor("#preview-title")
        #expect(try await page.text("#preview-statements") == "33")
        #expect(try await page.text("#preview-sorts") == "9 in the file, 9 to import")
        #expect(try await page.text("#preview-grid").contains("forced"))
        try await Self.checkPage(page, "preview", width: width, shoot: round == 0)
        try await page.click("#from-data-create")
        let slug =
          round == 0
          ? "lipset-lipset-1963-value-patterns-cf-brown-1980" : "lipset-lipset-1963-value-patterns-cf-brown-1980-2"
        try await page.waitFor(path: "/studies/\(slug)")
        try await page.waitFor(".flash", containing: "9 sorts imported at LIPSET")
        try await Self.checkPage(page, "study", width: width, shoot: round == 0)
        try await page.click("nav.tabs a[href$='/analyses']")
        try await page.waitFor("#analyses-title")
        #expect(try await page.text("main").contains("9 completed sort(s) to analyse"))
        try await Self.checkPage(page, "analyses", width: width, shoot: round == 0)
        try await page.click("#run-analysis")
        try await page.waitFor("#selection-count", containing: "9 of 9")
      }
      #expect(try await Study.query(on: app.db).filter(\.$status == .closed).count() == 2)
    }
  }

  /// axe on the page at its width, no sideways scroll, and (once) screenshots at both widths.
  static func checkPage(_ page: Page, _ step: String, width: Int, shoot: Bool) async throws {
    try await page.audit()
    let widths = try await page.run(
      """
      return {page: document.documentElement.scrollWidth, viewport: window.innerWidth};
      """)
    let pageWidth = widths["page"]?.int ?? 0
    #expect(pageWidth <= widths["viewport"]?.int ?? 0, "\(step) is \(pageWidth) px wide at \(width) px")
    if shoot { try await page.screenshot(step) }
  }
}
