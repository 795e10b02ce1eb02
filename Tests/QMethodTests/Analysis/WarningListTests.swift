import Foundation
import Testing

@testable import QMethod

/// A warning about many sorts names the first ten and counts the rest; the result keeps every id in
/// `warningSorts`.
@Suite("Warnings at scale")
struct WarningListTests {
  @Test("1,000 sorts: a negative-flag warning names 10 sorts and counts the rest; warningSorts has all")
  func manySorts() throws {
    // One sort in ten mirrors its viewpoint, so each factor has dozens of negatively flagged sorts.
    let data = try SyntheticSorts.make(sorts: 1_000, statements: 40, viewpoints: 3, seed: 4)
    var options = AnalysisOptions()
    options.extraction = .pca
    options.factors = 3
    let result = try QAnalysis.run(data, options: options)
    let lists = try #require(result.warningSorts)
    let negative = lists.filter { $0.factor != nil }
    #expect(!negative.isEmpty)
    for list in negative {
      let factor = try #require(result.factorLabels.firstIndex(of: list.factor!))
      let expected = result.sorts.indices.filter { result.flags[$0][factor] && result.loadings[$0][factor] < 0 }
      #expect(list.sorts == expected.map { result.sorts[$0] }, "the full list, in row order")
      let text = result.warnings[list.warning]
      #expect(text.hasPrefix("factor \(list.factor!): " + list.sorts.prefix(10).joined(separator: ", ")))
      if list.sorts.count > 12 {
        #expect(text.contains(" and \(list.sorts.count - 10) more flagged with a negative loading"), "\(text)")
        #expect(!text.contains(list.sorts[10]), "the 11th sort is counted, not named")
      }
    }
    #expect(negative.contains { $0.sorts.count > 12 }, "at least one long list")
  }

  @Test("a short list is named in full (LIPSET: JP5 on factor 2)")
  func shortList() throws {
    try ReferenceData.require()
    var options = AnalysisOptions()
    options.extraction = .pca
    options.factors = 3
    let result = try QAnalysis.run(ReferenceData.sorts("lipset/lipset.csv"), options: options)
    let list = try #require(result.warningSorts?.first { $0.factor == "2" })
    #expect(list.sorts == ["JP5"])
    #expect(result.warnings[list.warning].hasPrefix("factor 2: JP5 flagged with a negative loading"))
  }
}
