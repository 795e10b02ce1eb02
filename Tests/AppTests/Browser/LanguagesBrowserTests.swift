import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// The run form in a real browser when the sorts were made in two languages: its count follows the
/// Languages boxes as the server's selection does.
@Suite("Browser: sorts in several languages")
struct LanguagesBrowserTests {
  @Test("the run form counts the sorts of the ticked languages")
  func runFormCountsByLanguage() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/\(AnalysesBrowserTests.slug)")
      let study = try #require(
        try await Study.query(on: app.db).filter(\.$slug == AnalysesBrowserTests.slug).first())
      let french = try await AnalysisLanguagesTests.recordInFrench(study, every: 3, on: app.db)
      try await page.open("\(AnalysesBrowserTests.base)/new")
      try await page.waitFor("#selection-count", containing: "93 of 93")
      try await page.click("input[name=language][value='fr']")
      try await page.waitFor("#selection-count", containing: "\(93 - french.count) of 93")
      try await page.click("input[name=language][value='en']")
      try await page.waitFor("#selection-count", containing: "0 of 93")
      try await page.click("input[name=language][value='fr']")
      try await page.waitFor("#selection-count", containing: "\(french.count) of 93")
      try await page.audit()
    }
  }
}
