import POETQKit
import QMethod

extension ComparePage {
  /// The aggregate viewpoints site by site: Table 11 (prevalence), Table 14 (by the answer to
  /// `question`) and the make-up figure, for `sites`, under the study's smallest group reported.
  static func aggregateBlock(
    _ state: SitesComparison.State, sites: [String], names: [String], question: String, prompt: String,
    total: Bool, smallestGroup: Int
  ) -> Block {
    let result = state.aggregateResult
    var rowsBySite: [String: [Int]] = [:]
    for row in result.sorts.indices {
      if let site = state.groups.site[result.sorts[row]] { rowsBySite[site, default: []].append(row) }
    }
    let prevalence = sites.map { site in
      (site: site, prevalence: SitePrevalence.compute(aggregate: result, rows: rowsBySite[site] ?? []))
    }
    var tables = [
      SitesComparedTables.prevalence(prevalence, names: names, total: total, smallestGroup: smallestGroup)
    ]
    if !question.isEmpty {
      let values = result.sorts.map { state.groups.values[$0]?[question] }
      var byFactor: [String: [[GroupCount]]] = [:]
      for site in sites {
        byFactor[site] = GroupCount.byFactor(aggregate: result, rows: rowsBySite[site] ?? [], values: values)
      }
      tables.append(
        SitesComparedTables.groups(
          byFactor, sites: sites, names: names, question: prompt, smallestGroup: smallestGroup))
    }
    let makeup = SiteFigures.makeup(
      sites: prevalence.map { ($0.site, SitesComparedTables.drawable($0.prevalence, smallestGroup: smallestGroup)) },
      names: names)
    return Block(
      id: "aggregate-viewpoints", title: "The aggregate viewpoints at each site",
      intro: [
        "How many of each site’s sorts define each viewpoint of the aggregate analysis (the report’s Table 11), and who they are (Table 14)."
      ]
        + (smallestGroup > 1
          ? [
            "The figure leaves out a site’s group of fewer than \(smallestGroup) people: its bars are the groups the tables count."
          ]
          : []),
      figure: makeup.svg, tables: tables, items: [])
  }
}
