import Foundation
import TestSupport
import Testing

@testable import QMethod

/// A multi-site comparison on synthetic sorts at four sites: every table checked against values
/// recomputed in the test from the results' own flags, arrays and loadings, and each local
/// analysis against the engine run directly on that site's sorts.
@Suite("Multi-site comparison")
struct MultiSiteComparisonTests {
  static let data = try! SyntheticSorts.make(sorts: 120, statements: 40, viewpoints: 4, noise: 0.9, seed: 7)
  static let siteNames = ["A", "B", "C", "D"]
  static let roles = ["Director", "Nurse", "Commissioner"]
  static let groups = SortGroups(
    site: Dictionary(uniqueKeysWithValues: data.sortIDs.enumerated().map { ($1, siteNames[$0 % 4]) }),
    sites: siteNames, columns: ["role"],
    values: Dictionary(uniqueKeysWithValues: data.sortIDs.enumerated().map { ($1, ["role": roles[$0 % 3]]) }))

  static func options(_ profile: ConventionProfile) -> MultiSiteOptions {
    var analysis = AnalysisOptions()
    analysis.profile = profile
    analysis.extraction = .pca
    analysis.factors = 4
    return MultiSiteOptions(analysis: analysis, localFactors: ["B": 2])
  }

  /// One comparison per profile, shared by the tests that only read it.
  static let byProfile: [ConventionProfile: MultiSiteComparison] = Dictionary(
    uniqueKeysWithValues: ConventionProfile.allCases.map {
      ($0, try! MultiSite.compare(data, groups: groups, options: options($0)))
    })

  /// Pearson's r, written out here so the check does not use the engine's own.
  static func r(_ x: [Double], _ y: [Double]) -> Double { Independent.pearson(x, y) }

  static func array(_ result: AnalysisResult, _ factor: Int) -> [Double]? {
    let column = result.factorArrays.map { $0[factor] }
    return column.contains(nil) ? nil : column.map { Double($0!) }
  }

  @Test(
    "prevalence (Table 11) counts each site's defining sorts from the aggregate flags",
    arguments: ConventionProfile.allCases)
  func prevalence(_ profile: ConventionProfile) throws {
    let c = try #require(Self.byProfile[profile])
    #expect(c.sites == Self.siteNames)
    for (s, site) in Self.siteNames.enumerated() {
      let rows = Self.data.sortIDs.indices.filter { $0 % 4 == s }
      let p = try #require(c.prevalence[site])
      #expect(p.sorts == 30)
      for factor in 0..<4 {
        #expect(p.defining[factor] == rows.filter { c.aggregate.flags[$0][factor] }.count)
      }
      #expect(p.none == rows.filter { !c.aggregate.flags[$0].contains(true) }.count)
      #expect(p.matched == p.sorts - p.none)
    }
    let flaggedAnywhere = c.aggregate.flags.filter { $0.contains(true) }.count
    #expect(c.prevalenceTotal.matched == flaggedAnywhere)
    #expect(c.prevalenceTotal.sorts == 120)
  }

  @Test("Table 14 lists the roles of each factor's defining sorts at each site")
  func roles() throws {
    let c = try #require(Self.byProfile[.pqmethod])
    let table = try #require(c.groupTables["role"])
    for (s, site) in Self.siteNames.enumerated() {
      for factor in 0..<4 {
        var expected: [String: Int] = [:]
        for row in Self.data.sortIDs.indices where row % 4 == s && c.aggregate.flags[row][factor] {
          expected[Self.roles[row % 3], default: 0] += 1
        }
        let got = try #require(table[site]?[factor])
        #expect(Dictionary(uniqueKeysWithValues: got.map { ($0.value, $0.count) }) == expected)
        #expect(got.map(\.count) == got.map(\.count).sorted(by: >))
      }
    }
  }

  @Test("each local analysis is the engine's own analysis of that site's sorts", arguments: ConventionProfile.allCases)
  func localAnalyses(_ profile: ConventionProfile) throws {
    let options = Self.options(profile)
    let c = try #require(Self.byProfile[profile])
    for (s, site) in Self.siteNames.enumerated() {
      let rows = Self.data.sortIDs.indices.filter { $0 % 4 == s }
      var direct = options.analysis
      direct.factors = site == "B" ? 2 : nil
      let expected = try QAnalysis.run(Self.data.selectingSorts(rows), options: direct)
      #expect(c.local[site] == expected, "site \(site)")
    }
    #expect(c.local["B"]?.factorLabels.count == 2)
    #expect(c.notes.contains { $0.hasPrefix("site A:") && $0.contains("eigenvalue above 1") })
  }

  @Test("second order: r of every local array with every aggregate array, matched one to one (Tables 15–20)")
  func secondOrder() throws {
    let c = try #require(Self.byProfile[.qmethod])
    let s = c.secondOrder
    #expect(s.basis == .arrays && s.threshold == 0.5)
    #expect(s.aggregateFactors == c.aggregate.factorLabels)
    for site in Self.siteNames {
      let local = try #require(c.local[site])
      let matrix = try #require(s.correlations[site])
      #expect(matrix.count == local.factorLabels.count)
      for l in local.factorLabels.indices {
        for a in c.aggregate.factorLabels.indices {
          guard let x = Self.array(local, l), let y = Self.array(c.aggregate, a) else {
            #expect(matrix[l][a] == nil)
            continue
          }
          #expect(abs(matrix[l][a]! - Self.r(x, y)) < 1e-12, "site \(site) local \(l + 1) aggregate \(a + 1)")
        }
      }
      // Matches: one to one, at or above the threshold, each the r of its pair.
      let matches = try #require(s.matches[site])
      #expect(Set(matches.map(\.local)).count == matches.count)
      #expect(Set(matches.map(\.aggregate)).count == matches.count)
      for m in matches {
        let l = local.factorLabels.firstIndex(of: m.local)!
        let a = c.aggregate.factorLabels.firstIndex(of: m.aggregate)!
        #expect(m.r >= 0.5 && m.r == matrix[l][a])
      }
      // Local only: the factors with an array that stand for nothing.
      let withArrays = local.factorLabels.indices.filter { Self.array(local, $0) != nil }.map { local.factorLabels[$0] }
      #expect(s.localOnly[site] == withArrays.filter { label in !matches.contains { $0.local == label } })
      // Mirror images: every pair at r ≤ −threshold.
      var mirrors: [String] = []
      for (l, row) in matrix.enumerated() {
        for (a, r) in row.enumerated() where (r ?? 0) <= -0.5 { mirrors.append("\(l + 1)/\(a + 1)") }
      }
      #expect(s.mirrors[site]?.map { "\($0.local)/\($0.aggregate)" } == mirrors)
      // Table 20 is the same pairs, by aggregate factor.
      let summary = try #require(c.summary[site])
      #expect(summary.aggregate.compactMap { $0 } == matches.sorted { $0.aggregate < $1.aggregate })
      #expect(summary.localOnly == s.localOnly[site])
    }
    // Four latent viewpoints at every site: each site finds most of them again.
    #expect(Self.siteNames.allSatisfy { (s.matches[$0]?.count ?? 0) >= 2 })
  }

  @Test("the second-order analysis takes each local array as a sort named <site>-F<n>")
  func secondOrderAnalysis() throws {
    let c = try #require(Self.byProfile[.pqmethod])
    let result = try #require(c.secondOrderAnalysis)
    var expectedIDs: [String] = []
    for site in Self.siteNames {
      let local = c.local[site]!
      for f in local.factorLabels.indices where Self.array(local, f) != nil {
        expectedIDs.append("\(site)-F\(local.factorLabels[f])")
      }
    }
    #expect(result.sorts == expectedIDs)
    #expect(result.sorts.first == "A-F1")
    // Its correlations (sorts ≤ statements, so present) are those of the arrays themselves.
    let correlations = try #require(result.correlations)
    let a1 = Self.array(c.local["A"]!, 0)!
    let b1 = Self.array(c.local["B"]!, 0)!
    let b1Row = expectedIDs.firstIndex(of: "B-F1")!
    #expect(abs(correlations[0][b1Row] - Self.r(a1, b1)) < 1e-9)
  }

  @Test("Tucker's congruence of local and aggregate loadings over the site's sorts")
  func congruence() throws {
    let c = try #require(Self.byProfile[.pqmethod])
    for (s, site) in Self.siteNames.enumerated() {
      let rows = Self.data.sortIDs.indices.filter { $0 % 4 == s }
      let local = c.local[site]!
      let matrix = try #require(c.congruence[site])
      for l in local.factorLabels.indices {
        for a in 0..<4 {
          let x = rows.indices.map { local.loadings[$0][l] }
          let y = rows.map { c.aggregate.loadings[$0][a] }
          let phi =
            zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            / (x.reduce(0) { $0 + $1 * $1 } * y.reduce(0) { $0 + $1 * $1 }).squareRoot()
          #expect(abs(matrix[l][a] - phi) < 1e-12)
          #expect(abs(matrix[l][a]) <= 1 + 1e-12)
        }
      }
    }
  }

  @Test("bad groups and factor counts fail with one message naming the site or sort")
  func refusals() throws {
    func message(_ groups: SortGroups, _ options: MultiSiteOptions) -> String? {
      do {
        _ = try MultiSite.compare(Self.data, groups: groups, options: options)
        return nil
      } catch {
        return error.description
      }
    }
    var options = Self.options(.pqmethod)
    options.localFactors = ["C": 31]
    #expect(
      message(Self.groups, options) == "Invalid options: site C has 30 sorts, fewer than the 31 local factors asked")
    options.localFactors = ["Q": 2]
    #expect(message(Self.groups, options)?.contains("local factors for site Q, which has no sorts") == true)
    var empty = Self.groups
    empty.sites.append("E")
    #expect(message(empty, Self.options(.pqmethod)) == "Invalid data: site E has no sorts")
    var unknown = Self.groups
    unknown.site["ghost"] = "A"
    #expect(message(unknown, Self.options(.pqmethod)) == "the groups, sort: sort \"ghost\" is not in the data")
    var missing = Self.groups
    missing.site["S001"] = nil
    #expect(message(missing, Self.options(.pqmethod))?.contains("\"S001\" of the data has no site") == true)
    var lonely = Self.groups
    lonely.site["S001"] = "Z"
    lonely.sites.append("Z")
    #expect(message(lonely, Self.options(.pqmethod))?.hasPrefix("Invalid data: site Z: ") == true)
  }

  @Test("the JSON carries the keys poetq sites promises, matches as [local, aggregate, r], and decodes back")
  func json() throws {
    let c = try #require(Self.byProfile[.pqmethod])
    let encoded = try JSONEncoder().encode(c)
    let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
    for key in ["aggregate", "local", "prevalence", "secondOrder", "secondOrderAnalysis"] {
      #expect(object[key] != nil, "\(key)")
    }
    let second = try #require(object["secondOrder"] as? [String: Any])
    #expect(Set(second.keys).isSuperset(of: ["basis", "correlations", "threshold", "matches", "localOnly"]))
    let matches = try #require(second["matches"] as? [String: [[Any]]])
    let first = try #require(matches["A"]?.first)
    #expect(first.count == 3 && first[0] is String && first[1] is String && first[2] is Double)
    let prevalence = try #require((object["prevalence"] as? [String: [String: Any]])?["A"])
    #expect(Set(prevalence.keys) == ["sorts", "defining", "none"])
    #expect(try JSONDecoder().decode(MultiSiteComparison.self, from: encoded) == c)
  }

  @Test("the text report prints Tables 11, 14, 15–18 and 20 in that order")
  func textReport() throws {
    let c = try #require(Self.byProfile[.pqmethod])
    let text = MultiSiteTextReport.render(c)
    let positions = ["Table 11.", "Table 14.", "Tables 15–18.", "Table 20.", "Tucker", "Second-order factor analysis"]
      .map { text.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil })
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    let total = c.prevalenceTotal
    let totalLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("Total") })
    #expect(totalLine.contains("\(total.matched) of 120"))
  }
}
