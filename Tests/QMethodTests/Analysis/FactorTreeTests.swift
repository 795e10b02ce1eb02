import Foundation
import Testing

@testable import QMethod

/// The factor tree on data whose history is known: three viewpoints, one of which comes in two
/// variants, so the 4-factor solution splits one factor of the 3-factor solution in two.
@Suite("Factor tree")
struct FactorTreeTests {
  /// Sorts around four latent orders: A, B, and two variants of C (C + its own half-size deviation).
  static func splittingData() throws -> (QSortData, group: [Int]) {
    var rng = SplitMix64(seed: 77)
    let statements = 40
    let distribution = try Distribution.quasiNormal(statementCount: statements, minScore: -4, maxScore: 4)
    let slots = distribution.slots!
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

  @Test("going from 3 to 4 factors, the factor of the C viewpoint splits in two; A and B stay")
  func splitsInTwo() throws {
    let (data, group) = try Self.splittingData()
    var options = AnalysisOptions()
    options.extraction = .pca
    let tree = try FactorTree.compute(data, options: options, factors: 1...5)
    #expect(tree.levels.map(\.factors) == [1, 2, 3, 4, 5])
    let four = try #require(tree.levels.first { $0.factors == 4 })
    let three = try #require(tree.levels.first { $0.factors == 3 })
    // Which 3-factor factor holds the C sorts: the one most of them define.
    let result3 = try QAnalysis.run(
      data,
      options: {
        var o = options
        o.factors = 3
        return o
      }())
    var votes = [0, 0, 0]
    for (row, viewpoint) in group.enumerated() where viewpoint >= 2 {
      for f in 0..<3 where result3.flags[row][f] { votes[f] += 1 }
    }
    let cFactor = votes.indices.max { votes[$0] < votes[$1] }! + 1
    let split = four.nodes.filter { $0.kind == .splits }
    #expect(split.count == 2, "\(four.nodes)")
    #expect(split.allSatisfy { $0.parent == cFactor }, "both descend from factor \(cFactor): \(four.nodes)")
    #expect(four.nodes.filter { $0.kind == .stays }.count == 2, "\(four.nodes)")
    #expect(three.nodes.count == 3)
    #expect(four.correlations.count == 4 && four.correlations.allSatisfy { $0.count == 3 })
  }
}
