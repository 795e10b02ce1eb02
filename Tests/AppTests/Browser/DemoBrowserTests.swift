import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A newcomer on an empty instance creates the demo study and watches its monitor: the report's
/// sites, sort times and roles, refreshed in place.
@Suite("Browser: demo study")
struct DemoBrowserTests {
  @Test("create the demo study from the empty studies list and read its monitor")
  func demoMonitor() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/poetq-demo-synthetic-data")
      try await page.waitFor(".flash", containing: "93 synthetic completed sorts")
      try await page.click("nav.tabs a[href$='/monitor']")
      try await page.waitFor("#monitor")
      #expect(try await page.text("#times-title + p + .table-scroll tfoot").contains("93"))
      let siteC = try await page.texts("#monitor tbody tr").first { $0.hasPrefix("Site C") }
      #expect(siteC?.contains("34") == true, "Site C completed 34 sorts: \(siteC ?? "no row")")
      try await page.screenshot("monitor")
      try await page.audit()

      // A participant completes elsewhere: the figures change without a reload.
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "poetq-demo-synthetic-data").first())
      let waiting = try #require(
        try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
          .filter(\.$status == .invited).first())
      waiting.status = .opened
      try await waiting.save(on: app.db)
      let before = try await page.text("#monitor tfoot")
      try await page.run("window.__monitorRefreshForTest = true")
      try await page.waitUntil("the monitor to refresh in place") {
        try await page.text("#monitor tfoot") != before
      }
      #expect(try await page.run("return window.__monitorRefreshForTest").bool == true, "no reload happened")
    }
  }
}
