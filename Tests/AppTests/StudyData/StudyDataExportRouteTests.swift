import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The Data tab's downloads: every format of the completed sorts, formula injection neutralised,
/// every export audit-logged, researchers only.
@Suite("Study data exports")
struct StudyDataExportRouteTests {
  @Test("two completed sorts in every format: same ids, the scores, answers and comments; exports audit-logged")
  func everyFormat() async throws {
    try await withPOETQ { app in
      var (browser, study, clients) = try await StudyDataFixture.twoSorts(app)
      var preview = try await ParticipantClient.invite(app, to: study, preview: true)
      try await preview.consent()
      let base = "/studies/\(study.slug)/data/export/"

      let csv = try await browser.get(base + "csv")
      #expect(csv.status == .ok)
      #expect(csv.headers.first(name: .contentDisposition) == "attachment; filename=\"poetq.csv\"")
      let rows = csv.body.string.split(separator: "\n").map(String.init)
      #expect(rows.count == 3, "a header and the two completed sorts; the preview is left out")
      let header = rows[0].split(separator: ",").map(String.init)
      #expect(
        header.prefix(10) == [
          "sort_id", "site", "language", "status", "consented_at", "presort_started_at", "grid_confirmed_at",
          "submitted_at", "sort_minutes", "role",
        ])
      #expect(header.contains("role") && header.contains("comment_40") && header.last == "s40")
      #expect(rows[1].hasPrefix("A1,Site A,en,completed,20"))
      #expect(rows[2].hasPrefix("A2,Site A,en,completed,"))
      #expect(!clients.contains { csv.body.string.contains($0.code) }, "no personal link: a code is a credential")
      #expect(rows[1].contains(",'=2+3,"), "the formula in an answer is neutralised")
      #expect(rows[1].contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "the formula in a comment is neutralised")
      #expect(!rows[1].contains(",=2+3"))
      let firstSort = try #require(try await clients[0].response(on: app.db))
      let scores = try JSONDecoder().decode([Int: Int].self, from: Data(firstSort.placements.utf8))
      #expect(rows[1].hasSuffix("," + (1...40).map { String(scores[$0]!) }.joined(separator: ",")))

      let json = try JSONSerialization.jsonObject(with: Data(try await browser.get(base + "json").body.string.utf8))
      let sorts = try #require((json as? [String: Any])?["sorts"] as? [[String: Any]])
      #expect(sorts.map { $0["sort_id"] as? String } == ["A1", "A2"])
      #expect((sorts[0]["answers"] as? [String: [String]])?["role"] == ["=2+3"])
      #expect((sorts[0]["scores"] as? [String: Int])?["7"] == scores[7])

      let dat = try await browser.get(base + "dat").body.string.split(separator: "\n").map(String.init)
      #expect(dat[0] == "  0  2 40 POETQ")
      #expect(dat[2] == "A1        " + (1...40).map { String(format: "%2d", scores[$0]!) }.joined())
      #expect(dat[3].hasPrefix("A2        "))
      let sta = try await browser.get(base + "sta").body.string.split(separator: "\n")
      #expect(sta.count == 40)
      let kade = try await browser.get(base + "kade").body.string.split(separator: "\n").map(String.init)
      #expect(kade[1] == "A1," + (1...40).map { String(scores[$0]!) }.joined(separator: ","))
      let qmethod = try await browser.get(base + "qmethod").body.string.split(separator: "\n").map(String.init)
      #expect(qmethod[0] == "\"\",\"A1\",\"A2\"")
      #expect(qmethod[1].hasPrefix("\"sta1\",\(scores[1]!),"))
      #expect(qmethod.count == 41)

      let exports = try await AuditEvent.query(on: app.db).filter(\.$action == "data.exported").all()
      #expect(
        exports.map(\.detail).sorted() == ["csv", "dat", "json", "kade", "qmethod", "sta"].map { "\($0): 2 sorts" })
      #expect(exports.allSatisfy { !$0.detail.contains("HYPERLINK") })
      let again = try await browser.get(base + "csv").body.string
      #expect(again.split(separator: "\n")[1].hasPrefix("A1,"), "ids stay the same from one export to the next")
      #expect(try await browser.get(base + "xlsx").status == .notFound)
    }
  }

  @Test("viewers see the Data tab but cannot export or import; outsiders get 404")
  func authorisation() async throws {
    try await withPOETQ { app in
      let (_, study, clients) = try await StudyDataFixture.twoSorts(app)
      var viewer = try await StudyBuilderTests.signedIn(app, email: "vic@example.org", name: "Vic")
      let vic = try #require(try await User.query(on: app.db).filter(\.$email == "vic@example.org").first())
      try await StudyMembership(studyID: study.requireID(), userID: vic.requireID(), role: .viewer).save(on: app.db)
      let page = try await viewer.get("/studies/poetq/data")
      #expect(page.status == .ok)
      #expect(page.body.string.contains("2 completed sort(s)"))
      #expect(!page.body.string.contains("/data/export/csv"))
      #expect(!page.body.string.contains("enctype=\"multipart/form-data\""))
      #expect(try await viewer.get("/studies/poetq/data/export/csv").status == .forbidden)
      let upload = try await viewer.upload(
        "/studies/poetq/data/import", files: [("file", "x.DAT", Data("  0  0 40\n".utf8))])
      #expect(upload.status == .forbidden)
      let participant = try await StudyDataFixture.participant(app, clients[0])
      let id = try participant.requireID()
      #expect(try await viewer.get("/studies/poetq/participants/\(id)").status == .ok, "viewers see a participant")
      #expect(
        try await viewer.post("/studies/poetq/participants/\(id)/withdraw", ["confirm": "yes"]).status == .forbidden)
      #expect(try await clients[0].response(on: app.db) != nil)

      var stranger = try await StudyBuilderTests.signedIn(app, email: "eve@example.org", name: "Eve")
      #expect(try await stranger.get("/studies/poetq/data").status == .notFound)
      #expect(try await stranger.get("/studies/poetq/data/export/dat").status == .notFound)
      #expect(try await stranger.get("/studies/poetq/participants/\(id)").status == .notFound)
      #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "data.exported").count() == 0)
    }
  }
}
