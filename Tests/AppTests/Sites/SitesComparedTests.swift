import Fluent
import Foundation
import POETQKit
import QMethod
import TestSupport
import Testing
import VaporTesting

@testable import App

/// The "Sites compared" page on the demo study: an aggregate analysis and one local analysis per
/// site run from the page, and its Tables 11, 15–19, 20 and 21 checked against values recomputed
/// here from the stored results; the site feedback reports; a member limited to one site.
@Suite("Sites compared")
struct SitesComparedTests {
  static let slug = PeopleAndRolesTests.slug
  static let sites = ["Site A", "Site B", "Site C", "Site D", "Site E"]

  /// Waits until no analysis of the study is queued or running (at most two minutes).
  static func settle(_ app: Application) async throws {
    for _ in 0..<1200 {
      let busy = try await Analysis.query(on: app.db).filter(\.$status ~~ [.queued, .running]).count()
      if busy == 0 { return }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("analyses still running after two minutes")
    throw CancellationError()
  }

  static func decode(_ analysis: Analysis, on db: any Database) async throws -> AnalysisResult {
    try #require(try await StoredResults.result(of: analysis, on: db))
  }

  /// The rows of the table with `id` on a page: each row's head and cell texts (markup removed).
  static func rows(_ id: String, in html: String) -> [(head: String, cells: [String])] {
    guard let start = html.range(of: "id=\"\(id)\"") else { return [] }
    let rest = html[start.upperBound...]
    let table = rest[..<(rest.range(of: "</table>")?.lowerBound ?? rest.endIndex)]
    return table.components(separatedBy: "<tr").dropFirst(2).compactMap { row in
      guard let head = row.firstMatch(of: /<th scope="row">(.*?)<\/th>/)?.1 else { return nil }
      let cells = row.matches(of: /<td[^>]*>(.*?)<\/td>/).map { match in
        String(match.1).replacing(/<span[^>]*>.*?<\/span>/, with: "")
      }
      return (String(head), cells)
    }
  }

  /// The ids a page gives to more than one element (axe's duplicate-id rule).
  static func duplicateIDs(_ html: String) -> [String] {
    let ids = html.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
    return Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
  }

  static func pearson(_ x: [Double], _ y: [Double]) -> Double { Independent.pearson(x, y) }

  static func array(_ result: AnalysisResult, _ factor: Int) -> [Double]? {
    let column = result.factorArrays.map { $0[factor] }
    return column.contains(nil) ? nil : column.map { Double($0!) }
  }

  /// The demo with an aggregate centroid analysis of five factors run from the page; its id.
  static func aggregate(_ app: Application, _ owner: inout TestBrowser) async throws -> UUID {
    let empty = try await owner.get("/studies/\(slug)/compare")
    #expect(empty.status == .ok)
    #expect(empty.body.string.contains("No analysis of every site’s sorts is done yet."))
    let queued = try await owner.post(
      "/studies/\(slug)/compare/aggregate", ["extraction": "centroid", "factors": "5"])
    #expect(queued.status == .seeOther, "\(queued.body.string)")
    try await settle(app)
    let analysis = try #require(try await Analysis.query(on: app.db).filter(\.$status == .done).first())
    return try analysis.requireID()
  }

  @Test("Tables 11, 15–19, 20 and 21 of the demo equal values recomputed from the stored results")
  func tablesOfTheDemo() async throws {
    try await withPOETQ { app in
      var owner = try await PeopleAndRolesTests.demo(app)
      let aggregateID = try await Self.aggregate(app, &owner)
      let aggregate = try await Self.decode(try #require(try await Analysis.find(aggregateID, on: app.db)), on: app.db)
      #expect(aggregate.sorts.count == 93 && aggregate.factorLabels.count == 5)
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first())
      let participants = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
        .filter(\.$status == .completed).with(\.$site).all()
      let siteOf = Dictionary(uniqueKeysWithValues: participants.map { ($0.sortID!, $0.site.name) })

      // Table 11, before any local analysis.
      let page = try await owner.get("/studies/\(Self.slug)/compare?aggregate=\(aggregateID)").body.string
      let table11 = Self.rows("table-11", in: page)
      #expect(table11.map(\.head) == Self.sites + ["Total"])
      var anyPairHidden = false
      var hiddenColumns = Set<Int>()
      for (site, row) in zip(Self.sites, table11) {
        let rows = aggregate.sorts.indices.filter { siteOf[aggregate.sorts[$0]] == site }
        let none = rows.filter { !aggregate.flags[$0].contains(true) }.count
        let defining = (0..<5).map { f in rows.filter { aggregate.flags[$0][f] }.count }
        // Counts below the smallest group reported (3) show as "<3" (escaped in the page); "matched"
        // and "none" add up to the site's sorts, so when one is small the other is hidden too.
        let small = { (n: Int) in n > 0 && n < 3 }
        let shown = { (n: Int) in small(n) ? "&lt;3" : String(n) }
        let pairHidden = small(rows.count - none) || small(none)
        anyPairHidden = anyPairHidden || pairHidden
        hiddenColumns.formUnion((0..<5).filter { small(defining[$0]) })
        let pair = { (n: Int) in small(n) ? "&lt;3" : pairHidden ? "hidden" : String(n) }
        #expect(
          row.cells == ["\(pair(rows.count - none)) of \(rows.count)"] + defining.map(shown) + [pair(none)],
          "\(site)")
      }
      // The total less the other sites' counts would give a hidden one: its column is hidden too.
      let totalNone = aggregate.flags.filter { !$0.contains(true) }.count
      #expect(table11.last?.cells.first == "\(anyPairHidden ? "hidden" : String(93 - totalNone)) of 93")
      for f in 0..<5 {
        let total = aggregate.flags.filter { $0[f] }.count
        #expect(table11.last?.cells[1 + f] == (hiddenColumns.contains(f) ? "hidden" : String(total)), "total F\(f + 1)")
      }
      #expect(Self.duplicateIDs(page).isEmpty, "ids used twice: \(Self.duplicateIDs(page))")
      #expect(Self.rows("table-14", in: page).count == 5, "Table 14 by role")
      #expect(page.contains("id=\"site-makeup-title\""), "the make-up figure")
      #expect(page.contains("id=\"ratings-means\""), "the partnership ratings")
      #expect(!page.contains("id=\"table-15\""), "no second order before the local analyses")

      // Local analyses from the page, eigenvalue rule except Site C with 3 factors.
      let siteC = try await PeopleAndRolesTests.siteID(app, "Site C")
      let run = try await owner.post(
        "/studies/\(Self.slug)/compare/local",
        ["aggregate": aggregateID.uuidString, "factors.\(siteC.uuidString)": "3"])
      #expect(run.status == .seeOther, "\(run.body.string)")
      try await Self.settle(app)
      let analyses = try await Analysis.query(on: app.db).all()
      #expect(analyses.count == 6 && analyses.allSatisfy { $0.status == .done })
      var local: [String: AnalysisResult] = [:]
      for analysis in analyses where analysis.id != aggregateID {
        let parameters = try AnalysisParameters.decode(analysis.parameters)
        let site = try #require(parameters.selection.sites?.first)
        local[site] = try await Self.decode(analysis, on: app.db)
        #expect(local[site]?.sorts == aggregate.sorts.filter { siteOf[$0] == site }, "\(site)'s own sorts")
        #expect(parameters.options.factors == (site == "Site C" ? 3 : nil))
      }
      #expect(local["Site C"]?.factorLabels.count == 3)

      // Name aggregate factor 1 so Table 21 carries it.
      let named = try await owner.post(
        "/studies/\(Self.slug)/analyses/\(aggregateID)/factors/1",
        ["name": "Ideal world", "argument": "Let's be optimistic", "revision": "0"])
      #expect(named.status == .seeOther)

      let full = try await owner.get("/studies/\(Self.slug)/compare?aggregate=\(aggregateID)&threshold=0.5")
      #expect(full.status == .ok)
      let html = full.body.string
      var localOnlyCount = 0
      for (index, site) in Self.sites.enumerated() {
        let result = try #require(local[site])
        let short = String(site.dropFirst(5))
        let matrix = Self.rows("table-\(15 + index)", in: html)
        // r of the stored arrays, and the one-to-one matching at 0.50 recomputed here.
        var r: [[Double?]] = []
        for l in result.factorLabels.indices {
          r.append(
            (0..<5).map { a in
              guard let x = Self.array(result, l), let y = Self.array(aggregate, a) else { return nil }
              return Self.pearson(x, y)
            })
        }
        #expect(matrix.map(\.head) == result.factorLabels.map { "\(short)-F\($0)" })
        for (l, row) in matrix.enumerated() {
          #expect(row.cells == r[l].map { $0.map { ReportFormat.fixed($0, 2) } ?? "—" }, "\(site) row \(l + 1)")
        }
        var pairs: [(Int, Int, Double)] = []
        for l in r.indices { for a in 0..<5 { if let v = r[l][a], v >= 0.5 { pairs.append((l, a, v)) } } }
        pairs.sort { $0.2 > $1.2 }
        var usedL = Set<Int>()
        var usedA = Set<Int>()
        var found: [Int: (Int, Double)] = [:]
        for (l, a, v) in pairs where !usedL.contains(l) && !usedA.contains(a) {
          usedL.insert(l)
          usedA.insert(a)
          found[a] = (l, v)
        }
        let localOnly = r.indices.filter { !usedL.contains($0) && r[$0].contains { $0 != nil } }
        localOnlyCount += localOnly.count
        let summary = try #require(Self.rows("table-20", in: html).first { $0.head == site })
        let expected =
          (0..<5).map { a in
            found[a].map { "\(short)-F\(result.factorLabels[$0.0]) (\(ReportFormat.fixed($0.1, 2)))" } ?? "·"
          } + [
            localOnly.isEmpty
              ? "none" : localOnly.map { "\(short)-F\(result.factorLabels[$0])" }.joined(separator: ", ")
          ]
        #expect(summary.cells == expected, "Table 20, \(site)")
      }
      #expect(localOnlyCount >= 1, "the demo has local-only viewpoints")
      let table21 = Self.rows("table-21", in: html)
      #expect(table21.first?.cells.prefix(2) == ["National", "Ideal world"])
      #expect(table21.first?.cells[2].hasSuffix("s be optimistic") == true, "the main argument")
      #expect(table21.count == 5 + localOnlyCount)
      #expect(html.contains("id=\"second-order-loadings\""), "the second-order factor analysis")
      #expect(Self.duplicateIDs(html).isEmpty, "ids used twice: \(Self.duplicateIDs(html))")

      // The feedback reports.
      let siteA = try await PeopleAndRolesTests.siteID(app, "Site A")
      let report = try await owner.get(
        "/studies/\(Self.slug)/compare/sites/\(siteA)/report.html?aggregate=\(aggregateID)")
      #expect(report.status == .ok)
      let text = report.body.string.replacing(/<style>[\s\S]*?<\/style>/, with: "")
      #expect(text.contains("Site A: what people here think"))
      for id in participants.compactMap(\.sortID) {
        #expect(
          text.range(of: "(?<![A-Za-z0-9])\(id)(?![0-9])", options: .regularExpression) == nil, "no sort id \(id)")
      }
      let docx = try await owner.get(
        "/studies/\(Self.slug)/compare/sites/\(siteA)/report.docx?aggregate=\(aggregateID)")
      #expect(docx.status == .ok && docx.body.readableBytesView.starts(with: [0x50, 0x4B]))
    }
  }

  @Test("a researcher limited to Site B sees only Site B's rows, runs only its local analysis, gets only its report")
  func siteLimits() async throws {
    try await withPOETQ { app in
      var owner = try await PeopleAndRolesTests.demo(app)
      let siteA = try await PeopleAndRolesTests.siteID(app, "Site A")
      let siteB = try await PeopleAndRolesTests.siteID(app, "Site B")
      let added = try await owner.post(
        "/studies/\(Self.slug)/people",
        pairs: [("email", "cy@example.org"), ("role", "researcher"), ("sites[]", siteB.uuidString)])
      #expect(added.status == .seeOther)
      let aggregateID = try await Self.aggregate(app, &owner)
      var lead = try await PeopleAndRolesTests.signIn(app, "cy@example.org")
      #expect(try await lead.post("/studies/\(Self.slug)/compare/aggregate", ["factors": "3"]).status == .forbidden)
      let run = try await lead.post("/studies/\(Self.slug)/compare/local", ["aggregate": aggregateID.uuidString])
      #expect(run.status == .seeOther)
      try await Self.settle(app)
      let locals = try await Analysis.query(on: app.db).filter(\.$id != aggregateID).all()
      #expect(try locals.map { try AnalysisParameters.decode($0.parameters).selection.sites } == [["Site B"]])

      let page = try await lead.get("/studies/\(Self.slug)/compare?aggregate=\(aggregateID)").body.string
      #expect(Self.rows("table-11", in: page).map(\.head) == ["Site B"], "no other site's row, no total")
      for other in ["Site A", "Site C", "Site D", "Site E"] {
        #expect(!page.contains(">\(other)<"), "nothing of \(other)")
      }
      #expect(
        try await lead.get("/studies/\(Self.slug)/compare/sites/\(siteA)/report.html?aggregate=\(aggregateID)").status
          == .notFound)
      // The comparison needs every site's local analysis: the owner runs the rest.
      #expect(
        try await owner.post("/studies/\(Self.slug)/compare/local", ["aggregate": aggregateID.uuidString]).status
          == .seeOther)
      try await Self.settle(app)
      let after = try await lead.get("/studies/\(Self.slug)/compare?aggregate=\(aggregateID)").body.string
      #expect(Self.rows("table-16", in: after).count >= 1, "Site B's Table 16")
      #expect(!after.contains("id=\"table-15\"") && !after.contains("id=\"second-order-loadings\""))
      #expect(Self.rows("table-20", in: after).map(\.head) == ["Site B"])
      let report = try await lead.get(
        "/studies/\(Self.slug)/compare/sites/\(siteB)/report.html?aggregate=\(aggregateID)")
      #expect(report.status == .ok && report.body.string.contains("Site B: what people here think"))
    }
  }
}
