import POETQKit
import QMethod
import Testing

@testable import App

/// The "Sites compared" page applies the study's smallest group reported as the site reports do:
/// no count below it, nor one it could be worked out from, and no answer that names its holder.
@Suite("Sites compared: small groups")
struct SitesComparedSmallGroupTests {
  static let rows = [
    (site: "Site A", prevalence: SitePrevalence(sorts: 10, defining: [7, 2], none: 1)),
    (site: "Site B", prevalence: SitePrevalence(sorts: 10, defining: [4, 4], none: 2)),
    (site: "Site C", prevalence: SitePrevalence(sorts: 8, defining: [5, 3], none: 0)),
  ]

  @Test("Table 11: “matched 9 of 10” is hidden beside a “<3” none, and a total column with a small site count")
  func prevalence() {
    let table = SitesComparedTables.prevalence(Self.rows, names: ["F1", "F2"], total: true, smallestGroup: 3)
    let cells = table.rows.map { $0.cells.map(\.text) }
    #expect(cells[0] == ["hidden of 10", "7", "<3", "<3"])
    #expect(cells[1] == ["hidden of 10", "4", "4", "<3"])
    #expect(cells[2] == ["8 of 8", "5", "3", "0"])
    #expect(cells[3] == ["hidden of 28", "16", "hidden", "hidden"], "the total")
    // A smallest group of 1 hides nothing.
    let open = SitesComparedTables.prevalence(Self.rows, names: ["F1", "F2"], total: true, smallestGroup: 1)
    #expect(open.rows[0].cells.map(\.text) == ["9 of 10", "7", "2", "1"])
    #expect(!open.note.contains("fewer than 1"))
  }

  @Test("Table 14: a one-person viewpoint's answer is not shown; a lone answer joins “other answers”")
  func groups() {
    let table = SitesComparedTables.groups(
      [
        "Site A": [
          [.init(value: "Manager", count: 4), .init(value: "Nurse", count: 1)], [.init(value: "GP", count: 1)],
        ]
      ], sites: ["Site A"], names: ["F1", "F2"], question: "Role", smallestGroup: 3)
    #expect(table.rows[0].cells.map(\.text) == ["Manager (4); other answers", "<3"])
  }

  @Test("the make-up figure leaves out a site's small group instead of drawing it to scale")
  func figure() {
    let drawn = SitesComparedTables.drawable(Self.rows[0].prevalence, smallestGroup: 3)
    #expect(drawn.defining == [7, 0])
    let svg = SiteFigures.makeup(sites: [("Site A", drawn)], names: ["F1", "F2"]).svg
    let all = SiteFigures.makeup(sites: [("Site A", Self.rows[0].prevalence)], names: ["F1", "F2"]).svg
    #expect(svg != all)
  }
}
