import Foundation
import Testing

@testable import QMethod

/// The qmethod profile's local analyses against R: each site's factor count and PCA + varimax
/// loadings from psych::principal (qmethod 1.8.4's PCA), in RReference/ (its README says how they
/// were made), to 1e-6.
@Suite("Local analyses against R")
struct LocalAnalysesRTests {
  static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("RReference/local_pca_synth4.json")

  struct Site: Decodable {
    var sorts: [String]
    var factors: Int
    var eigenvalues: [Double]
    var loadings: [[Double]]
  }

  @Test("every site's factor count and loadings match R's psych::principal to 1e-6")
  func matchesR() throws {
    try ReferenceData.require()
    let expected = try JSONDecoder().decode([String: Site].self, from: Data(contentsOf: Self.reference))
    let data = try ReferenceData.sorts("synth_40x100/synth_40x100.csv")
    let names = ["A", "B", "C", "D"]
    let groups = SortGroups(
      site: Dictionary(uniqueKeysWithValues: data.sortIDs.enumerated().map { ($1, names[$0 % 4]) }), sites: names)
    var analysis = AnalysisOptions()
    analysis.profile = .qmethod
    analysis.extraction = .pca
    analysis.factors = 3
    let comparison = try MultiSite.compare(data, groups: groups, options: MultiSiteOptions(analysis: analysis))
    for site in names {
      let r = try #require(expected[site])
      let local = try #require(comparison.local[site])
      #expect(local.sorts == r.sorts)
      #expect(local.factorLabels.count == r.factors, "site \(site): factor count")
      for (mine, theirs) in zip(local.screeEigenvalues.prefix(7), r.eigenvalues) {
        #expect(abs(mine - theirs) < 1e-6, "site \(site): eigenvalue")
      }
      #expect(local.loadings.count == r.loadings.count)
      for (row, (mine, theirs)) in zip(local.loadings, r.loadings).enumerated() {
        for (a, b) in zip(mine, theirs) {
          #expect(abs(a - b) < 1e-6, "site \(site), sort \(r.sorts[row]): \(a) vs R \(b)")
        }
      }
    }
  }
}
