import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The demo's site A feedback report, for a ten-person workshop: no viewpoint held by fewer than the
/// study's smallest group reported is described, counted or quoted.
@Suite("Site reports protect small groups")
struct SiteReportSmallGroupTests {
  static let slug = SitesComparedTests.slug

  @Test(
    "site A's report with the default 3, then 1: a one-person viewpoint shows no quote or count; the setting is checked and audited"
  )
  func siteAReport() async throws {
    try await withPOETQ { app in
      var owner = try await PeopleAndRolesTests.demo(app)
      let aggregateID = try await SitesComparedTests.aggregate(app, &owner)
      let local = try await owner.post("/studies/\(Self.slug)/compare/local", ["aggregate": aggregateID.uuidString])
      #expect(local.status == .seeOther)
      try await SitesComparedTests.settle(app)
      let siteA = try await PeopleAndRolesTests.siteID(app, "Site A")
      let path = "/studies/\(Self.slug)/compare/sites/\(siteA)/report.html?aggregate=\(aggregateID)"
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first())
      #expect(study.smallestGroupReported == 3)

      let protected = try await owner.get(path).body.string.replacing(/<style>[\s\S]*?<\/style>/, with: "")
      #expect(!protected.contains("Held by 1 of the") && !protected.contains("Held by 2 of the"))
      #expect(protected.contains("<h3>Other views here</h3>"))
      #expect(!protected.contains("Local viewpoint"), "numbered 1…n with the origin as a label")
      #expect(protected.contains("<h3>Viewpoint 1"))

      // With a smallest group of 1 the one-person viewpoints come back, with their quotes: the
      // default really is what hides them.
      let refused = try await owner.post("/studies/\(Self.slug)/compare/smallest-group", ["smallestGroup": "0"])
      #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Smallest group reported:"))
      let saved = try await owner.post("/studies/\(Self.slug)/compare/smallest-group", ["smallestGroup": "1"])
      #expect(saved.status == .seeOther)
      let open = try await owner.get(path).body.string
      #expect(
        open.contains("Held by 1 of the 10") || open.contains("Held by 2 of the 10"), "site A has a small viewpoint")
      #expect(!open.contains("fewer than 1 "), "a smallest group of 1 hides nothing and says so plainly")
      let page = try await owner.get("/studies/\(Self.slug)/compare?aggregate=\(aggregateID)").body.string
      #expect(!page.contains("fewer than 1 ") && !page.contains("&lt;1"), "the compare page, likewise")
      #expect(page.contains("every count is shown"))
      let quotes = { (html: String) in html.matches(of: /<blockquote class="quote">/).count }
      #expect(quotes(open) > quotes(protected))
      #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "study.smallest_group").count() == 1)
      print(
        "SITE A REPORT (smallest group 3):\n"
          + protected.replacing(/<[^>]+>/, with: "\n").split(separator: "\n").filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
          }.joined(separator: "\n"))
    }
  }
}
