import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The interpretation workspace in a real browser: a 5-factor analysis of the demo study run through
/// the API, each factor named, argued and described on its page by keyboard (at 1280 and 360 px,
/// audited with axe), a quote pinned from an exemplar's comment, everything found again after a
/// reload and in the HTML report, which Chromium prints to an A4 PDF with one section per factor.
@Suite("Browser: interpretation and report")
struct InterpretationBrowserTests {
  static let slug = "poetq-demo-synthetic-data"
  static let names = [
    "Ideal world commissioning", "Efficient commissioning", "Patients first", "Local pragmatists", "Sceptical partners",
  ]

  @Test("name five factors by keyboard, pin a quote, reload, read them in the report and its printed PDF")
  func interpretAndPrint() async throws {
    try await withBrowser { app, page in
      guard try Poppler.required() else { return }
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/\(Self.slug)")

      // The analysis, run as a script would: through the API, polled until done.
      let ada = try #require(try await User.query(on: app.db).filter(\.$email == Page.researcherEmail).first())
      let client = APIClient(
        app: app, token: try await APITokens.create(name: "browser", for: ada.requireID(), on: app.db))
      let id = try await AnalysisAPITests.queue(
        client, Self.slug, #"{"name": "Five factors", "extraction": "centroid", "factors": 5, "rotation": "varimax"}"#)
      let analysis = try await AnalysisAPITests.finished(client, Self.slug, id)
      #expect(analysis.status == .done, "\(analysis.failure ?? "")")
      // The runner stores the scree's parallel analysis just after the run is done.
      try await page.waitUntil("the runner to store the parallel analysis") {
        try await ParallelAnalysisRecord.query(on: app.db).count() == 1
      }
      let base = "/studies/\(Self.slug)/analyses/\(id)"

      var pinned: (value: String, text: String)?
      for (index, name) in Self.names.enumerated() {
        let factor = index + 1
        // Factors 1–3 are written on a desktop, 4 and 5 on a phone.
        let width = factor <= 3 ? 1280 : 360
        try await page.session.setWindowRect(width: width, height: Page.height)
        try await page.open("\(base)/factors/\(factor)")
        try await page.waitFor("#interpretation")
        if factor == 1 {
          try await page.screenshot("factor-1-empty")
          try await page.audit()
        }
        // Keyboard only: Tab into each field and type.
        try await page.tab(to: "#name")
        try await page.type(name)
        try await page.tab(to: "#argument")
        try await page.type("Argument of factor \(factor)")
        try await page.tab(to: "#description")
        try await page.type("Factor \(factor) in a few words: partners, budgets and patients.")
        if factor == 1, try await page.exists("input[name=quote]") {
          try await page.tab(to: "input[name=quote]", limit: 60)
          try await page.press(.space)
          let value = try #require(try await page.attribute("input[name=quote]", "value"))
          let label = try await page.text("label.quote")
          let quote = try #require(label.split(separator: "”").first.map { String($0.dropFirst()) })
          pinned = (value, quote)
        }
        try await page.waitFor("#autosave-status", containing: "Saved.")
        try await page.open("\(base)/factors/\(factor)")
        try await page.waitFor("#interpretation")
        #expect(try await page.property("#name", "value").string == name, "factor \(factor)'s name after a reload")
        #expect(try await page.property("#argument", "value").string == "Argument of factor \(factor)")
        #expect(try await page.text("#factor-title").contains(name))
        if factor == 1 {
          #expect(pinned != nil, "an exemplar of factor 1 left a comment to pin")
          if let pinned {
            #expect(
              try await page.property("input[name=quote][value='\(pinned.value)']", "checked").bool == true,
              "the pinned quote is still pinned")
          }
          try await page.screenshot("factor-1-written")
          try await page.audit()
          try await page.session.setWindowRect(width: width, height: Page.height)
        }
        if factor == 5 {
          try await page.screenshot("factor-5-written", widths: [360])
          try await page.audit()
        }
      }
      try await page.session.setWindowRect(width: Page.width, height: Page.height)
      #expect(try await page.texts(".factor-nav a").map { $0.contains("·") }.allSatisfy { $0 }, "every factor named")

      // The report names the five viewpoints and quotes the pinned comment.
      try await page.open("\(base)/report.html")
      try await page.waitFor("section.factor")
      let headings = try await page.texts("section.factor > h2")
      #expect(headings == Self.names.enumerated().map { "Factor \($0.offset + 1): \($0.element)" })
      if let pinned {
        #expect(try await page.text("#factor-1 blockquote").contains(pinned.text))
      }
      #expect(try await page.text("#figure-scree figcaption") == "Scree plot with parallel analysis")
      // (axe is not run on the report: its dozens of full tables take axe past the script timeout;
      // the page is plain headings, tables with captions and figures with titles and text tables.)
      try await page.screenshot("report", widths: [1280])

      // Printed by Chromium: A4, and each factor's section starts a page of its own.
      let pdf = try await page.printPDF()
      let directory = Page.screenshotDirectory
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let file = directory.appendingPathComponent("\(page.test)-report.pdf")
      try pdf.write(to: file)
      #expect(try Poppler.run("pdfinfo", [file.path]).contains("(A4)"))
      let pages = try Poppler.run("pdftotext", ["-layout", file.path, "-"]).components(separatedBy: "\u{0C}")
      let firstLines = pages.map { page in
        page.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
          .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      }
      for (index, name) in Self.names.enumerated() {
        let heading = "Factor \(index + 1): \(name)"
        #expect(firstLines.filter { $0 == heading }.count == 1, "one page starts with “\(heading)”: \(firstLines)")
      }
      let sections = firstLines.filter { $0.range(of: #"^Factor \d+: "#, options: .regularExpression) != nil }
      #expect(sections.count == 5, "five factor sections: \(firstLines)")
      // Pages as images, to look at (`pdftoppm`), next to the screenshots.
      _ = try Poppler.run(
        "pdftoppm", ["-png", "-r", "60", file.path, directory.appendingPathComponent("\(page.test)-pdf").path])
    }
  }
}
