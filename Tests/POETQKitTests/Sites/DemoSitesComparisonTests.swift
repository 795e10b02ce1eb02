import Foundation
import QMethod
import TestSupport
import Testing

@testable import POETQKit

/// The multi-site comparison of the demo study (five sites shaped like the report's): the
/// prevalence, second-order and summary tables checked against values recomputed here from the
/// results' flags and factor arrays, and each local analysis against the engine's own analysis of
/// that site's sorts.
@Suite("Demo sites compared")
struct DemoSitesComparisonTests {
  static let template = StudyTemplate.poetqJointCommissioning
  static let sorts = try! DemoDataset(template: template, start: Date(timeIntervalSince1970: 1_330_678_800))
    .completedSorts(template: template)
  static let export = StudyDataExport(
    title: template.title, statements: template.statements,
    distribution: try! StudyDataExport.distribution(of: template, forced: true),
    questionKeys: template.questions.map(\.key), sorts: sorts)
  static let data = try! export.qSortData()
  static let groups = export.sortGroups(sites: template.sites, columns: ["role"])

  static func options(_ profile: ConventionProfile, _ extraction: ExtractionMethod) -> MultiSiteOptions {
    var analysis = AnalysisOptions()
    analysis.profile = profile
    analysis.extraction = extraction
    analysis.factors = 5
    return MultiSiteOptions(analysis: analysis)
  }

  static let comparisons = cases.map { try! MultiSite.compare(data, groups: groups, options: options($0.0, $0.1)) }

  static func r(_ x: [Double], _ y: [Double]) -> Double { Independent.pearson(x, y) }

  static func array(_ result: AnalysisResult, _ factor: Int) -> [Double]? {
    let column = result.factorArrays.map { $0[factor] }
    return column.contains(nil) ? nil : column.map { Double($0!) }
  }

  static let cases: [(ConventionProfile, ExtractionMethod)] = [(.pqmethod, .centroid), (.qmethod, .pca)]

  @Test("the groups give every demo sort its site and role; sites in the study's order")
  func groupsOfTheDemo() {
    #expect(Self.groups.sites == Self.template.sites)
    #expect(Self.template.sites.map { site in Self.sorts.filter { $0.site == site }.count } == [10, 14, 34, 22, 13])
    #expect(Self.sorts.allSatisfy { Self.groups.values[$0.sortID]?["role"] == $0.answers["role"]?.first })
    let csv = String(decoding: Self.export.groupsCSV(columns: ["role"]), as: UTF8.self)
    #expect(csv.hasPrefix("sort,site,role\nA1,Site A,"))
    let reread = try? SortGroups.read(csv: Self.export.groupsCSV(columns: ["role"]), fileName: "groups.csv")
    #expect(reread?.site == Self.groups.site && reread?.values == Self.groups.values)
  }

  @Test("Table 11 and Table 14 recounted from the aggregate flags", arguments: [0, 1])
  func prevalence(_ index: Int) throws {
    let c = Self.comparisons[index]
    for site in Self.template.sites {
      let rows = Self.data.sortIDs.indices.filter { Self.sorts[$0].site == site }
      let p = try #require(c.prevalence[site])
      #expect(p.sorts == rows.count)
      #expect(p.defining == (0..<5).map { f in rows.filter { c.aggregate.flags[$0][f] }.count })
      #expect(p.none == rows.filter { !c.aggregate.flags[$0].contains(true) }.count)
      for f in 0..<5 {
        let roles = rows.filter { c.aggregate.flags[$0][f] }.compactMap { Self.sorts[$0].answers["role"]?.first }
        let table = try #require(c.groupTables["role"]?[site]?[f])
        #expect(table.reduce(0) { $0 + $1.count } == roles.count)
        #expect(Set(table.map(\.value)) == Set(roles))
      }
    }
    // Most demo sorts were built from a national viewpoint (67 of 93 in the report's Table 11).
    #expect(c.prevalenceTotal.sorts == 93)
    #expect(c.prevalenceTotal.matched >= 60, "matched \(c.prevalenceTotal.matched) of 93")
  }

  @Test("Tables 15–19 are r of the stored factor arrays; Table 20 the one-to-one matches", arguments: [0, 1])
  func secondOrder(_ index: Int) throws {
    let c = Self.comparisons[index]
    var localOnlyCount = 0
    for site in Self.template.sites {
      let local = try #require(c.local[site])
      let matrix = try #require(c.secondOrder.correlations[site])
      for l in local.factorLabels.indices {
        for a in 0..<5 {
          if let x = Self.array(local, l), let y = Self.array(c.aggregate, a) {
            #expect(abs(matrix[l][a]! - Self.r(x, y)) < 1e-12)
          } else {
            #expect(matrix[l][a] == nil)
          }
        }
      }
      let matches = c.secondOrder.matches[site] ?? []
      for m in matches {
        let l = local.factorLabels.firstIndex(of: m.local)!
        let a = c.aggregate.factorLabels.firstIndex(of: m.aggregate)!
        #expect(m.r == matrix[l][a] && m.r >= 0.5)
        // No other free pair at or above the threshold beats it (the greedy order).
        #expect(c.summary[site]?.aggregate[a] == m)
      }
      #expect(Set(matches.map(\.aggregate)).count == matches.count)
      localOnlyCount += c.secondOrder.localOnly[site]?.count ?? 0
      #expect(c.summary[site]?.localOnly == c.secondOrder.localOnly[site])
    }
    // The demo's sites hold sorts of their own viewpoint: some site has a local-only one.
    #expect(localOnlyCount >= 1)
    // Ideal world (the most prevalent aggregate viewpoint) is found locally at every site.
    let largest = c.prevalenceTotal.defining.indices.max {
      c.prevalenceTotal.defining[$0] < c.prevalenceTotal.defining[$1]
    }!
    #expect(Self.template.sites.allSatisfy { c.summary[$0]?.aggregate[largest] != nil })
  }

  @Test("each local analysis equals the engine's analysis of the site's sorts alone", arguments: [0, 1])
  func localAnalyses(_ index: Int) throws {
    let (profile, extraction) = Self.cases[index]
    let options = Self.options(profile, extraction)
    let c = Self.comparisons[index]
    for site in Self.template.sites {
      let rows = Self.data.sortIDs.indices.filter { Self.sorts[$0].site == site }
      var direct = options.analysis
      direct.factors = nil
      #expect(c.local[site] == (try QAnalysis.run(Self.data.selectingSorts(rows), options: direct)), "\(site)")
    }
  }
}
