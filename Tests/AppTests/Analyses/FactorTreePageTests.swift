import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The factor tree page beside "How many factors?" (issue 28), on sorts whose history is known:
/// viewpoints A and B, and C in two variants, so going from 3 to 4 factors C's factor splits in two.
@Suite("Factor tree page")
struct FactorTreePageTests {
  /// 60 sorts on 40 statements, 15 around each of A, B, C + its own deviation, C + another
  /// (the engine's FactorTreeTests' data).
  static func splittingData() throws -> (QSortData, group: [Int]) {
    var rng = SplitMix64(seed: 77)
    let statements = 40
    let distribution = try Distribution.quasiNormal(statementCount: statements, minScore: -4, maxScore: 4)
    let slots = try #require(distribution.slots)
    func random() -> [Double] { (0..<statements).map { _ in Double.random(in: -1...1, using: &rng) } }
    let a = random()
    let b = random()
    let c = random()
    let c1 = zip(c, random()).map { $0 + 0.8 * $1 }
    let c2 = zip(c, random()).map { $0 + 0.8 * $1 }
    let latent = [a, b, c1, c2]
    var scores: [Int] = []
    var group: [Int] = []
    for viewpoint in 0..<4 {
      for _ in 0..<15 {
        let noisy = latent[viewpoint].map { $0 + Double.random(in: -0.5...0.5, using: &rng) }
        let order = noisy.indices.sorted { noisy[$0] < noisy[$1] }
        var sort = [Int](repeating: 0, count: statements)
        for (position, statement) in order.enumerated() { sort[statement] = slots[position] }
        scores += sort
        group.append(viewpoint)
      }
    }
    let data = try QSortData(
      statements: (1...statements).map { Statement(number: $0) }, sortIDs: (1...60).map { "S\($0)" },
      distribution: distribution, scores: scores)
    return (data, group)
  }

  @Test("the page draws the tree of Site F's sorts and its table says C's factor splits in two from 3 to 4 factors")
  func splitsInTwo() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let (data, _) = try Self.splittingData()
      try await AnalysisBootstrapTests.importSorts(data, into: study, app: app)
      let page = try await owner.get("\(AnalysisPagesTests.base)/factor-tree?site=Site%20F&extraction=pca")
      #expect(page.status == .ok, "\(page.body.string.prefix(400))")
      let html = page.body.string
      #expect(html.contains("<h2 id=\"tree-figure-title\">60 sorts</h2>"), "only Site F's sorts")
      #expect(html.contains("<svg") && html.contains("id=\"factor-tree-title\""), "the figure, drawn inline")
      let table = AnalysisBootstrapTests.section(html, id: "factor-tree-links")
      // Rows of the 4-factor solution: two say "splits from F<c>", the other two "stays".
      let rows = table.components(separatedBy: "<tr class=\"tree-").dropFirst()
      let four = rows.filter { $0.contains("<td class=\"num\">4</td>") }
      #expect(four.count == 4, "\(table)")
      let splits = four.filter { $0.hasPrefix("splits") }
      #expect(splits.count == 2 && four.filter { $0.hasPrefix("stays") }.count == 2, "\(four)")
      let parents = Set(
        splits.compactMap { row in row.range(of: "splits from F[0-9]", options: .regularExpression).map { row[$0] } })
      #expect(parents.count == 1, "both halves descend from the same factor: \(splits)")
      #expect(html.contains("id=\"factor-tree-link\"") == false, "the link lives on How many factors?")
      let count = try await owner.get("\(AnalysisPagesTests.base)/factor-count")
      #expect(count.body.string.contains("id=\"factor-tree-link\""))
      let export = try await StudySorts.export(study, on: app.db)
      let siteF = export.sorts.filter { $0.site == "Site F" }.map(\.sortID)
      #expect(siteF.count == 60)
      let bad = try await owner.get("\(AnalysisPagesTests.base)/factor-tree?extraction=magic")
      #expect(bad.status == .unprocessableEntity && bad.body.string.contains("extraction:"))
    }
  }

  @Test("the figure and table from the engine's tree: a split is drawn grey and listed with its r")
  func figureAndTable() throws {
    let (data, _) = try Self.splittingData()
    var options = AnalysisOptions()
    options.extraction = .pca
    let tree = try FactorTree.compute(data, options: options, factors: 1...5)
    let figure = ReportFigures.factorTree(tree)
    #expect(figure.svg.hasPrefix("<svg") && figure.svg.contains("role=\"img\""))
    #expect(figure.svg.components(separatedBy: "<circle").count - 1 == 1 + 2 + 3 + 4 + 5)
    #expect(figure.svg.components(separatedBy: "fill=\"#bbb\"").count - 1 >= 2, "the split's two halves are grey")
    let links = FactorTreeController.links(tree)
    #expect(links.count == 2 + 3 + 4 + 5)
    let split = links.filter { $0.solution == 4 && $0.kind == "splits" }
    #expect(split.count == 2 && split.allSatisfy { !$0.r.isEmpty && $0.what.hasPrefix("splits from F") })
  }
}
