import Foundation
import QMethod
import Testing

@testable import POETQKit

/// The demo's synthetic dataset has the report's shape (Tables 9 and 11), every sort is a valid
/// grid reached by the participant's own steps, and the same seed gives the same data.
@Suite("Demo dataset")
struct DemoDatasetTests {
  static let template = StudyTemplate.poetqJointCommissioning
  static let start = Date(timeIntervalSince1970: 1_330_678_800)
  static let dataset = try! DemoDataset(template: template, start: start)

  @Test("sites A–E complete 10, 14, 34, 22 and 13 sorts, and Table 11's matches per viewpoint")
  func shape() {
    let perSite = (0..<5).map { site in Self.dataset.respondents.filter { $0.site == site } }
    #expect(perSite.map(\.count) == [10, 14, 34, 22, 13])
    for (site, respondents) in perSite.enumerated() {
      let counts = DemoDataset.viewpoints.map { name in respondents.filter { $0.viewpoint == name }.count }
      #expect(counts == DemoDataset.matchesPerSite[site], "site \(site)")
    }
    #expect(Self.dataset.stragglers.contains { $0.state == .inProgress && $0.flow != nil })
    #expect(Self.dataset.stragglers.filter { $0.state == .declined }.count == 5)
  }

  @Test("every sort fills the forced grid and is what its ranking choices give")
  func sortsAreValidGrids() throws {
    let grid = try SortGrid(columns: Self.template.columns.map { .init(score: $0.score, capacity: $0.capacity) })
    let capacities = Dictionary(uniqueKeysWithValues: Self.template.columns.map { ($0.score, $0.capacity) })
    for respondent in Self.dataset.respondents {
      let flow = respondent.flow
      #expect(flow.stage == .submitted)
      #expect(Set(flow.placements.keys) == Set(1...40))
      #expect(Dictionary(grouping: flow.placements.values, by: { $0 }).mapValues(\.count) == capacities)
      let replayed = try StepwiseAllocation(grid: grid, piles: flow.piles, choices: flow.rankingChoices)
      #expect(replayed.placements == flow.placements, "the stepwise choices reach the stored grid")
      #expect(replayed.isFinished)
      for statement in flow.comments.keys { #expect(abs(flow.placements[statement] ?? 0) == 4) }
      #expect(flow.answers["role"]?.first?.isEmpty == false)
    }
  }

  @Test("sort times span each site's range of Table 9, with a mean within three minutes of it")
  func sortTimes() throws {
    for site in 0..<5 {
      let minutes = try Self.dataset.respondents.filter { $0.site == site }.map {
        try #require($0.flow.sortTime) / 60
      }
      let (shortest, longest, mean) = DemoDataset.sortMinutes[site]
      #expect(minutes.min() == Double(shortest) && minutes.max() == Double(longest), "site \(site)")
      let average = minutes.reduce(0, +) / Double(minutes.count)
      #expect(abs(average - Double(mean)) <= 3, "site \(site): mean \(average)")
    }
  }

  @Test("sorts from one viewpoint agree with each other far more than with other viewpoints")
  func viewpointsAreDistinct() {
    func correlation(_ a: [Int: Int], _ b: [Int: Int]) -> Double {
      let x = (1...40).map { Double(a[$0] ?? 0) }
      let y = (1...40).map { Double(b[$0] ?? 0) }
      let (mx, my) = (x.reduce(0, +) / 40, y.reduce(0, +) / 40)
      let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
      let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
      let syy = y.map { ($0 - my) * ($0 - my) }.reduce(0, +)
      return sxy / (sxx * syy).squareRoot()
    }
    let ideal = Self.dataset.respondents.filter { $0.viewpoint == DemoDataset.viewpoints[0] }.map(\.flow.placements)
    let efficient = Self.dataset.respondents.filter { $0.viewpoint == DemoDataset.viewpoints[1] }
      .map(\.flow.placements)
    var within: [Double] = []
    for i in ideal.indices { for j in ideal.indices where j > i { within.append(correlation(ideal[i], ideal[j])) } }
    let between = ideal.flatMap { a in efficient.map { correlation(a, $0) } }
    let meanWithin = within.reduce(0, +) / Double(within.count)
    let meanBetween = between.reduce(0, +) / Double(between.count)
    #expect(meanWithin > 0.45, "within ideal world: \(meanWithin)")
    #expect(meanWithin - meanBetween > 0.3, "within \(meanWithin), between \(meanBetween)")
  }

  @Test(
    "a centroid analysis (PQMethod's seven factors, varimax) finds each of the five viewpoints on a factor of its own")
  func analysisFindsTheViewpoints() throws {
    let respondents = Self.dataset.respondents
    let data = try QSortData(
      title: "demo", statements: (1...40).map { QMethod.Statement(number: $0) },
      sortIDs: respondents.indices.map { "S\($0 + 1)" },
      distribution: try Distribution(minScore: -4, maxScore: 4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2]),
      scores: respondents.flatMap { respondent in (1...40).map { respondent.flow.placements[$0] ?? 0 } })
    var options = AnalysisOptions()
    // Seven, as PQMethod extracts: the sites' local viewpoints (seven sorts at Site C) take factors too.
    options.factors = 7
    let result = try QAnalysis.run(data, options: options)
    var factorOf: [String: Int] = [:]
    for viewpoint in DemoDataset.viewpoints {
      let flagged = respondents.indices.filter { respondents[$0].viewpoint == viewpoint }.compactMap { sort in
        result.flags[sort].firstIndex(of: true)
      }
      let counts = Dictionary(grouping: flagged, by: { $0 }).mapValues(\.count)
      let (factor, count) = try #require(counts.max { $0.value < $1.value })
      let total = respondents.filter { $0.viewpoint == viewpoint }.count
      #expect(Double(count) >= 0.6 * Double(total), "\(viewpoint): \(count) of \(total) on factor \(factor + 1)")
      factorOf[viewpoint] = factor
    }
    #expect(Set(factorOf.values).count == 5, "each viewpoint has its own factor: \(factorOf)")
  }

  @Test("the same seed gives the same data; another seed other data")
  func deterministic() throws {
    let again = try DemoDataset(template: Self.template, start: Self.start)
    #expect(again.respondents == Self.dataset.respondents)
    #expect(again.stragglers == Self.dataset.stragglers)
    let other = try DemoDataset(template: Self.template, seed: 7, start: Self.start)
    #expect(other.respondents.map(\.flow.placements) != Self.dataset.respondents.map(\.flow.placements))
  }
}
