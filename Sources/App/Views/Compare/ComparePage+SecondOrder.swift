import Fluent
import Foundation
import POETQKit
import QMethod

extension ComparePage {
  /// Once every local analysis is done: the local viewpoints matched to the aggregate ones (Tables
  /// 15–19), the summary (Tables 20–21), and the second views (the second-order factor analysis,
  /// for members who see every site, and Tucker's φ).
  static func secondOrderBlocks(
    _ c: MultiSiteComparison, state: SitesComparison.State, sites: [String], names: [String],
    shared: [Int: FactorInterpretation], local: [String: [Int: FactorInterpretation]], seesAllSites: Bool
  ) -> [Block] {
    var withoutArray: [String: [String]] = [:]
    for local in state.locals { withoutArray[local.site] = local.result.map(SitesComparedTables.withoutArray) }
    var matrices: [ComparedTable] = []
    for (index, site) in state.locals.map(\.site).enumerated() where sites.contains(site) {
      if let table = SitesComparedTables.correlations(
        c, site: site, number: 15 + index, names: names, withoutArray: withoutArray[site] ?? [])
      {
        matrices.append(table)
      }
    }
    // A local factor without an array is named, not dropped: it cannot match or enter the
    // second-order analysis.
    let unarrayed = sites.flatMap { site in
      (withoutArray[site] ?? []).map {
        "\(site): local factor \(SiteFigures.short(site))-F\($0) — \(SitesComparedTables.noArray), so it is left out of the matching and the second-order analysis."
      }
    }
    let localOnly = sites.flatMap { site in
      (c.secondOrder.localOnly[site] ?? []).map { "\(site): local factor \(SiteFigures.short(site))-F\($0)" }
    }
    let mirrors = sites.flatMap { site in
      (c.secondOrder.mirrors[site] ?? []).map {
        "\(site): \(SiteFigures.short(site))-F\($0.local) is the mirror image of F\($0.aggregate) (r = \(ReportFormat.fixed($0.r, 2)))"
      }
    }
    let matching = Block(
      id: "second-order", title: "Local viewpoints against the aggregate ones",
      intro: [
        "Each site’s local factor arrays correlated with the aggregate arrays (Tables 15–\(14 + state.locals.count)). A local viewpoint stands for the aggregate one it correlates with most at r ≥ \(ReportFormat.fixed(c.secondOrder.threshold, 2)), one to one."
      ], figure: nil, tables: matrices,
      items: (localOnly.isEmpty
        ? ["No local viewpoint is local only at these sites."] : localOnly.map { "Local only — \($0)" })
        + mirrors + unarrayed)
    let summary = Block(
      id: "summary", title: "Summary", intro: [], figure: nil,
      tables: [
        SitesComparedTables.summary(c, sites: sites, names: names),
        SitesComparedTables.viewpoints(c, sites: sites, shared: shared, local: local),
      ],
      items: seesAllSites && !c.aggregateOnly.isEmpty
        ? [
          "Found at no site locally, only in the aggregate: \(c.aggregateOnly.map { "F\($0)" }.joined(separator: ", "))."
        ]
        : [])
    var extra: [ComparedTable] = []
    var notes: [String] = []
    if seesAllSites, let second = c.secondOrderAnalysis {
      extra.append(SitesComparedTables.secondOrder(second))
    } else if seesAllSites {
      notes.append("No second-order factor analysis: fewer than two local factors have an array.")
    } else {
      notes.append(
        "The second-order factor analysis uses every site’s local arrays: it is shown to members who see every site.")
    }
    extra += sites.compactMap { SitesComparedTables.congruence(c, site: $0, names: names) }
    let secondViews = Block(
      id: "second-order-analysis", title: "Second views",
      intro: [
        "The local factor arrays factor-analysed as if they were sorts (a viewpoint found at several sites gathers their arrays on one second-order factor), and Tucker’s congruence of the local and aggregate loadings over each site’s sorts.",
        SitesComparedTables.readingPhi,
      ], figure: nil, tables: extra, items: notes + unarrayed)
    return [matching, summary, secondViews]
  }

  /// The interpretations of each site's done local analysis, by site.
  static func localInterpretations(_ state: SitesComparison.State, sites: [String], on db: any Database)
    async throws -> [String: [Int: FactorInterpretation]]
  {
    var names: [String: [Int: FactorInterpretation]] = [:]
    for local in state.locals where sites.contains(local.site) {
      guard let id = local.done?.id else { continue }
      names[local.site] = try await InterpretationStore.all(analysisID: id, on: db).mapValues(\.interpretation)
    }
    return names
  }

  /// Each site's feedback report, HTML and Word, for this aggregate and threshold.
  static func reportLinks(
    _ locals: [SitesComparison.Local], slug: String, aggregateID: UUID, threshold: Double
  ) -> [ReportLink] {
    let query = [(name: "aggregate", value: aggregateID.uuidString), ("threshold", ReportFormat.fixed(threshold, 2))]
    return locals.map { local in
      ReportLink(
        site: local.site,
        html: StudyRoute.compare(.reportHTML(site: .value(local.siteID))).href(slug: slug, query: query),
        docx: StudyRoute.compare(.reportDOCX(site: .value(local.siteID))).href(slug: slug, query: query))
    }
  }
}
