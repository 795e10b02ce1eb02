import Foundation
import Testing
import VaporTesting

@testable import App

/// The "Sites compared" page in a real browser, one server and session for the suite: the empty
/// page, the aggregate analysis run from it, the local analyses, the second-order tables and a
/// site's feedback report, photographed at 1280 and 360 px and audited with axe.
@Suite("Browser: sites compared")
struct SitesComparedBrowserTests {
  /// Opens `path` until `selector` is on it (the analyses run in the background), at most a minute.
  static func reload(_ page: Page, _ path: String, until selector: String) async throws {
    for _ in 0..<120 {
      try await page.open(path)
      _ = try await page.waitFor("h1")
      if try await page.exists(selector) { return }
      try await Task.sleep(for: .milliseconds(500))
    }
    Issue.record("\(selector) did not appear on \(path)")
    throw CancellationError()
  }

  @Test("from no analysis to the second-order tables and a site's feedback report")
  func walkThrough() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/poetq-demo-synthetic-data")
      let path = "/studies/poetq-demo-synthetic-data/compare"
      try await page.open(path)
      try await page.waitFor("h2", containing: "Sites compared")
      #expect(try await page.text("main").contains("No analysis of every site’s sorts is done yet."))
      try await page.screenshot("empty")
      try await page.audit()

      try await page.fill("#aggregate-factors", "5")
      try await page.click("form[action$='/compare/aggregate'] button[type=submit]")
      try await page.waitFor(".flash", containing: "aggregate analysis is queued")
      try await Self.reload(page, path, until: "#table-11")
      #expect(try await page.exists("#site-makeup-title"), "the make-up bars")
      #expect(try await page.text("#table-11").contains("Total"))
      try await page.screenshot("aggregate")
      try await page.audit()

      try await page.click("form[action$='/compare/local'] button[type=submit]")
      try await page.waitFor(".flash", containing: "Local analyses queued")
      try await Self.reload(page, path, until: "#table-20")
      for table in ["#table-15", "#table-19", "#table-21", "#second-order-loadings"] {
        #expect(try await page.exists(table), "\(table) is shown")
      }
      #expect(try await page.exists("#table-15 td.match"), "matches are marked")
      try await page.screenshot("second-order")
      try await page.audit()

      // A narrower threshold marks fewer matches; the field keeps it.
      try await page.fill("#threshold", "0.80")
      try await page.click("form.compare-choices button[type=submit]")
      // The old page has #table-20 too: wait for the new address first (the read raced the load).
      try await page.waitFor(pathMatching: "threshold=0\\.80")
      try await page.waitFor("#table-20")
      #expect(try await page.property("#threshold", "value").string == "0.80")

      try await page.click("#reports a[href*='report.html']")
      try await page.waitFor("h1", containing: "what people here think")
      #expect(try await page.text("main").contains("How well the partners work together"))
      try await page.screenshot("site-report")
      try await page.audit()
    }
  }
}
