import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A study's lifecycle in a real browser: pin a quote, withdraw its participant, find the quote gone
/// from the factor page with the withdrawal stated, then delete the analysis (1280 and 360 px, axe).
@Suite("Browser: withdrawal reaches the interpretation; analyses are deleted")
struct LifecycleBrowserTests {
  static let slug = "poetq-demo-synthetic-data"

  @Test("pin a quote, withdraw its participant, see it removed and the withdrawal stated, delete the analysis")
  func withdrawAndDelete() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/\(Self.slug)")
      let ada = try #require(try await User.query(on: app.db).filter(\.$email == Page.researcherEmail).first())
      let client = APIClient(
        app: app, token: try await APITokens.create(name: "browser", for: ada.requireID(), on: app.db))
      let id = try await AnalysisAPITests.queue(
        client, Self.slug, #"{"name": "Five factors", "extraction": "centroid", "factors": 5, "rotation": "varimax"}"#)
      #expect(try await AnalysisAPITests.finished(client, Self.slug, id).status == .done)
      let base = "/studies/\(Self.slug)/analyses/\(id)"

      try await page.open("\(base)/factors/1")
      try await page.waitFor("#interpretation")
      try await page.click("input[name=quote]")
      try await page.waitFor("#autosave-status", containing: "Saved.")
      let value = try #require(try await page.attribute("input[name=quote]", "value"))
      let sort = try #require(value.split(separator: "|").first.map(String.init))
      let participant = try #require(try await Participant.query(on: app.db).filter(\.$sortID == sort).first())

      try await page.open("/studies/\(Self.slug)/participants/\(try participant.requireID())")
      try await page.waitFor("#confirm-withdraw")
      try await page.click("#confirm-withdraw")
      try await page.click("#withdraw")
      try await page.waitFor(".flash", containing: "The participant is withdrawn")

      try await page.open("\(base)/factors/1")
      try await page.waitFor(".removed-quotes", containing: "1 quote removed: its participant withdrew.")
      #expect(
        try await page.text("#withdrawal")
          == "Computed before participant \(sort) withdrew; re-run to remove their sort.")
      #expect(try await !page.exists("input[name=quote][value='\(value)']"), "its comment is gone from the page")
      try await page.screenshot("factor-after-withdrawal")
      try await page.audit()

      try await page.open(base)
      try await page.waitFor("#needs-rerun")
      try await page.click("#delete-analysis summary")
      try await page.click("#confirm-delete")
      try await page.screenshot("delete-confirm")
      try await page.audit()
      try await page.click("#delete")
      try await page.waitFor(path: "/studies/\(Self.slug)/analyses")
      try await page.waitFor(".flash", containing: "is deleted")
      #expect(try await Analysis.find(id, on: app.db) == nil)
      try await page.screenshot("analyses-after-delete")
    }
  }
}
