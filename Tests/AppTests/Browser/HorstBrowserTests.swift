import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import Vapor

@testable import App

/// Horst from the browser is PQMethod 5.5's Horst (issue 25): LIPSET imported from its .DAT, Horst
/// chosen on the run form in Chromium at 1280 px (which empties "Factors kept" and "Factors
/// extracted": Horst stops by itself), run, and the stored unrotated loadings equal
/// `horst55_autostop` of ../shared/reference/lipset/pqmethod_expected.json.
@Suite("Browser: Horst on LIPSET")
struct HorstBrowserTests {
  /// PQMethodProfileTests' tolerance for Horst/centroid figures (KADE stops iterating at 1e-3).
  static let tolerance = 2e-3

  static var lipset: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("shared/reference/lipset")
  }

  /// The reference files are beside the checkout; without them the test is skipped, except under CI.
  static let runnable =
    FileManager.default.fileExists(atPath: lipset.appendingPathComponent("pqmethod_expected.json").path)
    || ProcessInfo.processInfo.environment["CI"] == "true"

  @Test(
    "LIPSET imported, Horst chosen on the form, run: the loadings of horst55_autostop",
    .enabled(if: runnable, "../shared/reference/lipset is not on this machine"))
  func horstOnLipset() async throws {
    let expectedFile = Self.lipset.appendingPathComponent("pqmethod_expected.json")
    try await withBrowser { app, page in
      try await Self.importLipset(app, page)

      // Horst chosen on the run form: both factor counts empty, the hint saying it stops by itself.
      try await page.open("/studies/lipset/analyses/new")
      try await page.waitFor("#analysis-form")
      #expect(try await page.property("#factors", "value").string == "3")
      #expect(try await page.property("#extractedFactors", "value").string == "7")
      try await page.click("#extraction option[value='horst']")
      #expect(try await page.property("#factors", "value").string == "")
      #expect(try await page.property("#extractedFactors", "value").string == "")
      #expect(try await page.text("#factors-hint").contains("Horst stops by itself"))
      try await page.screenshot("run-form-horst", widths: [1280])
      try await page.audit()
      try await page.click("#run")
      let path = try await page.waitFor(pathMatching: "^/studies/lipset/analyses/[0-9A-F-]{36}$")
      try await page.waitFor("#loadings-title")
      #expect(try await page.text("#state") == "Done")

      let analysis = try await AnalysesBrowserTests.analysis(app, path: path)
      let stored = try await AnalysesBrowserTests.result(analysis, on: app.db)
      #expect(stored.options.extraction == .horst && stored.options.factors == nil)
      let json = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedFile)) as? [String: Any]
      let block = try #require(json?["horst55_autostop"] as? [String: Any])
      let sorts = try #require(json?["sorts"] as? [String])
      let columns = try ["F1", "F2"].map { name in
        try #require((block[name] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue })
      }
      #expect(stored.unrotatedLoadings.first?.count == 2, "Horst stopped by itself after 2 factors")
      for (row, sort) in sorts.enumerated() {
        let stored = try #require(stored.sorts.firstIndex(of: sort).map { stored.unrotatedLoadings[$0] }, "\(sort)")
        for factor in 0..<2 {
          #expect(
            abs(stored[factor] - columns[factor][row]) <= Self.tolerance,
            "\(sort) F\(factor + 1): \(stored[factor]) vs \(columns[factor][row])")
        }
      }
      // The eigenvalues are the columns' sums of squares: 9 loadings each within 2e-3 of loadings
      // below 0.9 move a sum by at most 9 × 2 × 0.9 × 2e-3 ≈ 0.033.
      for factor in 0..<2 {
        let expected = columns[factor].reduce(0) { $0 + $1 * $1 }
        #expect(abs(stored.eigenvalues[factor] - expected) <= 0.033, "eigenvalue F\(factor + 1)")
      }
    }
  }

  /// A study "Lipset" with LIPSET's design (its 33 statements, PQMethod's grid −4…+4) and its 9 sorts
  /// imported from the .DAT through the Data tab, made by a new researcher signed in on `page`.
  static func importLipset(_ app: Application, _ page: Page) async throws {
    try await page.signInAsNewResearcher(app)
    try await page.fill("#title", "Lipset")
    try await page.click("form[action='/studies'] button[type=submit]")
    try await page.waitFor(path: "/studies/lipset")

    // The design LIPSET was sorted on: its 33 statements and PQMethod's grid -4…+4.
    let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "lipset").first())
    let user = try #require(try await User.query(on: app.db).first())
    let userID = try user.requireID()
    let texts = try QDataReader.readStatementTexts(url: Self.lipset.appendingPathComponent("LIPSET.STA"))
    try await StudyEditor.importStatements(
      texts.enumerated().map { TemplateStatement(number: $0.offset + 1, text: $0.element, codes: []) },
      replacing: true, into: study, by: userID, on: app.db)
    let capacities = [2, 3, 4, 5, 5, 5, 4, 3, 2]
    try await StudyEditor.replaceGrid(
      capacities.enumerated().map { TemplateColumn(score: $0.offset - 4, capacity: $0.element, label: "") },
      kind: .forced, in: study, by: userID, on: app.db)
    if try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).count() == 0 {
      _ = try await StudyEditor.addSite(name: "Site A", to: study, by: userID, on: app.db)
    }

    // The sorts, imported from the .DAT through the Data tab.
    try await page.open("/studies/lipset/data")
    try await page.waitFor("#import-file")
    try await page.find("#import-file").sendKeys(Self.lipset.appendingPathComponent("LIPSET.DAT").path)
    try await page.click("form[action$='/data/import'] button[type=submit]")
    try await page.waitFor("#preview-title")
    try await page.click("#confirm-import")
    try await page.waitFor(".flash", containing: "9 sorts imported")
  }
}
