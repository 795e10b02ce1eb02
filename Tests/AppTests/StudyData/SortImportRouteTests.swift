import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Importing sorts collected elsewhere: a preview with every sort checked, nothing imported while a
/// sort is invalid unless the researcher skips the bad ones, and a PQMethod round trip that gives
/// back the same sort lines byte for byte.
@Suite("Sort import")
struct SortImportRouteTests {
  /// The sort lines of a `.DAT` (line 3 on).
  static func sortLines(_ dat: String) -> [String] {
    Array(dat.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).map(String.init))
  }

  @Test("PQMethod round trip: export the .DAT, import it into a fresh copy of the study, export again: same sort lines")
  func pqmethodRoundTrip() async throws {
    try await withPOETQ { app in
      var (browser, study, _) = try await StudyDataFixture.twoSorts(app)
      let dat = try await browser.get("/studies/\(study.slug)/data/export/dat").body.string
      let sta = try await browser.get("/studies/\(study.slug)/data/export/sta").body.string
      let (copy, site, html) = try await browser.importIntoCopy(of: study.slug, dat: dat, sta: sta, site: "Site B")
      #expect(html.contains("Read as PQMethod .DAT"))
      #expect(html.contains("<strong id=\"valid-count\">2 valid</strong>"))
      #expect(!html.contains("statement texts in the file differ"), "the .STA matches the copied Q-set")

      let again = try await browser.get("/studies/\(copy.slug)/data/export/dat").body.string
      #expect(Self.sortLines(again) == Self.sortLines(dat))
      #expect(Self.sortLines(again).count == 3, "two sort lines and the final line end")
      let imported = try await Participant.query(on: app.db).filter(\.$study.$id == copy.requireID()).all()
      #expect(imported.map(\.status) == [.completed, .completed])
      #expect(imported.allSatisfy { $0.$site.id == site.id && !$0.isPreview })
      #expect(try await StudyLock.reason(studyID: copy.requireID(), on: app.db) != nil, "the design is locked")
      let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "sorts.imported").first())
      #expect(audit.detail == "2 sorts from POETQ.DAT (pqmethodDAT) at site Site B")
      let csv = try await browser.get("/studies/\(copy.slug)/data/export/csv").body.string
      #expect(
        csv.contains("\nA1,") && csv.contains(",Site B,en,completed,"), "imported sorts are in the study's language")
    }
  }

  @Test("a file with an invalid sort is refused whole, then imported without it when the researcher skips it")
  func invalidRows() async throws {
    try await withPOETQ { app in
      var (browser, _) = try await StudyEditingTests.templateStudy(app)
      let grid =
        [-4, -4, -3, -3, -3, -2, -2, -2, -2] + Array(repeating: -1, count: 6) + Array(repeating: 0, count: 10)
        + Array(repeating: 1, count: 6) + [2, 2, 2, 2, 3, 3, 3, 4, 4]
      func line(_ id: String, _ scores: [Int]) -> String {
        id.padding(toLength: 10, withPad: " ", startingAt: 0) + scores.map { String(format: "%2d", $0) }.joined()
      }
      var overfull = grid
      overfull[0] = 4  // one -4 fewer, one +4 too many
      var outside = grid
      outside[5] = 7
      let header = "  0  4 40 elsewhere\n -4  4" + String(repeating: "  0", count: 20) + "\n"
      let file =
        header
        + [line("P1", grid), line("P2", overfull), line("P3", grid.reversed()), line("P4", outside)]
        .joined(separator: "\n") + "\n"
      _ = try await browser.get("/studies/poetq/data")
      let preview = try await browser.upload(
        "/studies/poetq/data/import", files: [("file", "elsewhere.DAT", Data(file.utf8))])
      let html = preview.body.string
      #expect(html.contains("<strong id=\"valid-count\">2 valid</strong>"))
      #expect(html.contains("<strong id=\"invalid-count\">2 invalid</strong>"))
      #expect(html.contains("column -4 holds 1 statements, under its capacity of 2"))
      #expect(html.contains("column +4 holds 3 statements, over its capacity of 2"))
      #expect(html.contains("statement 6: score +7 is outside the grid -4…+4"))
      let site = try #require(try await Site.query(on: app.db).filter(\.$name == "Site C").first())
      let fields = TestBrowser.hiddenFields(html) + [("site", try site.requireID().uuidString)]

      let refused = try await browser.post("/studies/poetq/data/import/confirm", pairs: fields)
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("2 of the 4 sorts are invalid, so nothing was imported"))
      #expect(try await Participant.query(on: app.db).count() == 0)
      #expect(try await SortResponse.query(on: app.db).count() == 0)

      let accepted = try await browser.post(
        "/studies/poetq/data/import/confirm", pairs: fields + [("skipInvalid", "yes")])
      #expect(accepted.status == .seeOther)
      #expect(
        try await browser.get("/studies/poetq/data").body.string.contains(
          "2 sorts imported at Site C; 2 invalid skipped."))
      let imported = try await Participant.query(on: app.db).sort(\.$sortNumber).all()
      #expect(imported.map(\.sortID) == ["P1", "P3"])
      let detail = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "sorts.imported").first())
        .detail
      #expect(detail == "2 sorts from elsewhere.DAT (pqmethodDAT) at site Site C; 2 invalid skipped")

      let twice = try await browser.upload(
        "/studies/poetq/data/import", files: [("file", "elsewhere.DAT", Data(file.utf8))])
      #expect(twice.body.string.contains("the study already has a sort P1 (imported before?)"))

      // KADE's sorts CSV without a header, with a repeated id and a pilot's shorter sort: each listed.
      func row(_ id: String, _ scores: [Int]) -> String {
        id + "," + scores.map { String($0) }.joined(separator: ",")
      }
      let rows: [String] = [row("Q1", grid), row("Q1", Array(grid.reversed())), row("Q2", Array(grid.dropLast()))]
      let kade = try await browser.upload(
        "/studies/poetq/data/import", files: [("file", "more.csv", Data(rows.joined(separator: "\n").utf8))])
      #expect(kade.body.string.contains("<strong id=\"invalid-count\">2 invalid</strong>"))
      #expect(kade.body.string.contains("line 2: repeats the sort id"))
      #expect(kade.body.string.contains("line 3: has 39 scores where the other sorts have 40"))

      let broken = try await browser.upload(
        "/studies/poetq/data/import", files: [("file", "broken.DAT", Data((header + "P9  x\n").utf8))])
      #expect(broken.status == .unprocessableEntity)
      #expect(broken.body.string.contains("broken.DAT, line 3"))
      #expect(try await Participant.query(on: app.db).count() == 2)
    }
  }
}
