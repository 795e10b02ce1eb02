import Fluent
import Foundation
import Testing

@testable import App

/// The bootstrap's marks on a factor page, the run form's bootstrap box and the factor tree page in
/// Chromium, at 1280 and 360 px, audited with axe (issue 28).
@Suite("Browser: bootstrap and factor tree", .serialized)
struct BootstrapBrowserTests {
  static let slug = "poetq-demo-synthetic-data"

  @Test(
    "a bootstrapped analysis's factor page marks unstable places and flags; the run form and the factor tree pass axe")
  func factorPageMarks() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/\(Self.slug)")
      let ada = try #require(try await User.query(on: app.db).filter(\.$email == Page.researcherEmail).first())
      let client = APIClient(
        app: app, token: try await APITokens.create(name: "browser", for: ada.requireID(), on: app.db))
      let id = try await AnalysisAPITests.queue(
        client, Self.slug,
        #"{"name": "Centroid 5, bootstrapped", "extraction": "centroid", "factors": 5, "rotation": "varimax", "bootstrap": {"steps": 200, "seed": 42}}"#
      )
      let analysis = try await AnalysisAPITests.finished(client, Self.slug, id)
      #expect(analysis.status == .done, "\(analysis.failure ?? "")")
      // The factor with the most unstable places, so the marks are there to see.
      let factors = try #require(analysis.result?.bootstrap?.factors)
      let factor = try #require(
        factors.indices.max { factors[$0].unstableStatements.count < factors[$1].unstableStatements.count })
      let stability = factors[factor]
      #expect(!stability.unstableStatements.isEmpty, "centroid 5 of the demo has unstable places")

      try await page.open("/studies/\(Self.slug)/analyses/\(id)/factors/\(factor + 1)")
      try await page.waitFor("#bootstrap-statements")
      let marks = try await page.texts("#bootstrap-statements td.unstable")
      #expect(marks.count == stability.unstableStatements.count, "\(stability.unstableStatements)")
      let flagMarks = try await page.texts("#bootstrap-flags td.unstable")
      #expect(flagMarks.count == stability.unstableSorts.count, "\(stability.unstableSorts)")
      try await page.audit()
      // The screenshot stops at 4,000 px: the writing form above is folded away so the stability
      // part is in the picture (only for the picture; axe ran on the whole page).
      _ = try await page.run(
        "document.getElementById('interpretation').closest('section, .card').style.display = 'none'; return true;")
      try await page.screenshot("factor-bootstrap")

      try await page.open("/studies/\(Self.slug)/analyses/new")
      try await page.click("#bootstrap-options summary")
      try await page.waitFor("#bootstrapSteps")
      try await page.audit()

      try await page.open("/studies/\(Self.slug)/analyses/factor-tree?extraction=pca")
      try await page.waitFor("#factor-tree-links")
      try await page.screenshot("factor-tree")
      try await page.audit()
    }
  }
}
