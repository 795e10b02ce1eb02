import Foundation
import TestSupport
import Testing

@testable import QMethod

/// "How many factors?": eigenvalues, Kaiser, parallel analysis, Humphrey's rule and the candidate
/// solutions, each checked against an independent computation in the test.
@Suite("Factor count")
struct FactorCountTests {
  static let tolerance = 1e-9

  static func fewSimulations() -> FactorCount.Options {
    var options = FactorCount.Options()
    options.simulations = 50
    return options
  }

  @Test("two sorts correlating 0.5 by hand: eigenvalues 1.5 and 0.5, Kaiser keeps one")
  func tinyCaseByHand() throws {
    // x = (−1, 0, 1), y = (−1, 1, 0): Σxy = 1, Σx² = Σy² = 2, so r = 0.5 and R = [[1, .5], [.5, 1]].
    let distribution = try Distribution(minScore: -1, maxScore: 1, capacities: [1, 1, 1])
    let data = try QSortData(
      statements: (1...3).map { Statement(number: $0) }, sortIDs: ["A", "B"], distribution: distribution,
      scores: [-1, 0, 1, -1, 1, 0])
    var options = Self.fewSimulations()
    options.candidates = 1...2
    let result = try FactorCount.compute(data, options: options)
    #expect(result.eigenvalues.count == 2)
    #expect(abs(result.eigenvalues[0] - 1.5) < Self.tolerance, "\(result.eigenvalues)")
    #expect(abs(result.eigenvalues[1] - 0.5) < Self.tolerance, "\(result.eigenvalues)")
    #expect(result.kaiser == 1)
    #expect(result.solutions.map(\.factors) == [1, 2])
  }

  @Test("eigenvalues equal the engine's scree, add up to the number of sorts, and Kaiser counts those above 1")
  func eigenvaluesMatchTheEngine() throws {
    for (sorts, statements) in [(93, 40), (25, 40)] {
      let data = try SyntheticSorts.make(sorts: sorts, statements: statements, viewpoints: 3, seed: 7)
      let result = try FactorCount.compute(data, options: Self.fewSimulations())
      let engine = try QAnalysis.run(data, options: AnalysisOptions())
      #expect(result.eigenvalues.count == min(sorts, statements))
      for (a, b) in zip(result.eigenvalues, engine.screeEigenvalues) { #expect(abs(a - b) < Self.tolerance) }
      // trace(R) = number of sorts = Σ eigenvalues (also for Z·Zᵀ/S, whose trace is Σ z²/S = N).
      #expect(abs(result.eigenvalues.reduce(0, +) - Double(sorts)) < 1e-8)
      #expect(result.eigenvalues == result.eigenvalues.sorted(by: >))
      #expect(result.kaiser == result.eigenvalues.filter { $0 > 1 }.count)
    }
  }

  @Test("the fast eigenvalues agree with Jacobi on random symmetric matrices and with a 2 × 2 by hand")
  func fastEigenvalues() {
    let twoByTwo = SymmetricEigenvalues.of(Matrix([[2, 1], [1, 2]]))
    #expect(abs(twoByTwo[0] - 3) < Self.tolerance && abs(twoByTwo[1] - 1) < Self.tolerance, "\(twoByTwo)")
    var rng = SplitMix64(seed: 3)
    for size in [1, 3, 10, 40] {
      var m = Matrix(rows: size, columns: size)
      for i in 0..<size {
        for j in i..<size {
          let value = Double.random(in: -1...1, using: &rng)
          m[i, j] = value
          m[j, i] = value
        }
      }
      let fast = SymmetricEigenvalues.of(m)
      let jacobi = SymmetricEigen(m).values
      #expect(fast.count == size)
      for (a, b) in zip(fast, jacobi) { #expect(abs(a - b) < 1e-10, "size \(size): \(a) vs \(b)") }
    }
  }

  @Test("parallel analysis: the same seed gives the same thresholds, another seed others")
  func parallelReproducible() throws {
    let data = try SyntheticSorts.make(sorts: 30, statements: 40, viewpoints: 3, seed: 11)
    let first = try FactorCount.compute(data, options: Self.fewSimulations())
    let again = try FactorCount.compute(data, options: Self.fewSimulations())
    #expect(first.parallel == again.parallel)
    var other = Self.fewSimulations()
    other.seed = 42
    let different = try FactorCount.compute(data, options: other)
    #expect(different.parallel.thresholds != first.parallel.thresholds)
    #expect(first.parallel.simulations == 50 && first.parallel.percentile == 95 && first.parallel.seed == 1965)
  }

  @Test("parallel analysis given from a cache: the same figures, its suggestion counted again for this data")
  func parallelGiven() throws {
    let data = try SyntheticSorts.make(sorts: 30, statements: 40, viewpoints: 3, seed: 11)
    let computed = try FactorCount.compute(data, options: Self.fewSimulations())
    var stored = computed.parallel
    stored.suggested = 99  // what another dataset of this shape counted
    let reused = try FactorCount.compute(data, options: Self.fewSimulations(), parallel: stored)
    #expect(reused == computed, "the thresholds are the shape's; the suggestion is this data's")
    var otherSeed = Self.fewSimulations()
    otherSeed.seed = 42
    let refused = try FactorCount.compute(data, options: otherSeed, parallel: stored)
    #expect(refused.parallel.seed == 42 && refused.parallel.thresholds != stored.thresholds, "another seed is computed")
  }

  @Test("parallel analysis thresholds equal an independent recomputation (Jacobi, nearest-rank percentile)")
  func parallelRecomputed() throws {
    let data = try SyntheticSorts.make(sorts: 12, statements: 40, viewpoints: 2, seed: 5)
    let simulations = 40
    let result = try ParallelAnalysis.run(
      observed: [10, 0], sorts: data.sortCount, statements: data.statementCount, distribution: data.distribution,
      simulations: simulations, percentile: 95, seed: 99)
    var rng = SplitMix64(seed: 99)
    var samples = [[Double]](repeating: [], count: 12)
    for _ in 0..<simulations {
      let random = try ParallelAnalysis.randomSorts(
        sorts: 12, statements: 40, distribution: data.distribution, using: &rng)
      // Pearson correlations computed here from the raw scores, then Jacobi.
      var r = Matrix(rows: 12, columns: 12)
      for j in 0..<12 {
        for k in 0..<12 {
          r[j, k] = Self.pearson(random.sort(j).map(Double.init), random.sort(k).map(Double.init))
        }
      }
      for (index, value) in SymmetricEigen(r).values.enumerated() { samples[index].append(value) }
    }
    // ⌈0.95 · 40⌉ = 38th smallest value.
    let expected = samples.map { $0.sorted()[37] }
    for (a, b) in zip(result.thresholds, expected) { #expect(abs(a - b) < 1e-9, "\(a) vs \(b)") }
    #expect(result.suggested == 1, "10 exceeds the first threshold, 0 does not exceed the second")
  }

  @Test("every simulated sort fits the forced grid; free sorts stay in range and are never flat")
  func simulatedSortsFitTheGrid() throws {
    let forced = try Distribution.quasiNormal(statementCount: 40, minScore: -4, maxScore: 4)
    var rng = SplitMix64(seed: 1)
    let data = try ParallelAnalysis.randomSorts(sorts: 200, statements: 40, distribution: forced, using: &rng)
    let slots = try #require(forced.slots)
    for sort in 0..<data.sortCount { #expect(data.sort(sort).sorted() == slots) }
    #expect(data.sort(0) != data.sort(1), "shuffled, not copied")

    let free = try Distribution.free(minScore: -2, maxScore: 2)
    let loose = try ParallelAnalysis.randomSorts(sorts: 200, statements: 5, distribution: free, using: &rng)
    for sort in 0..<loose.sortCount {
      #expect(loose.sort(sort).allSatisfy { (-2...2).contains($0) })
      #expect(Set(loose.sort(sort)).count >= 2)
    }
    #expect(throws: QMethodError.self) {
      _ = try ParallelAnalysis.randomSorts(sorts: 2, statements: 39, distribution: forced, using: &rng)
    }
  }

  @Test("Humphrey's rule and significant loadings on loadings worked by hand")
  func humphreyByHand() {
    // 16 statements: SE = 0.25, bar 0.5; one significant loading needs |a| > 0.49.
    let loadings = Matrix([[0.8, 0.5, 0.1], [-0.7, 0.4, 0.1], [0.2, 0.1, 0.6], [0.1, 0.0, -0.3]])
    let result = HumphreyRule.apply(unrotated: loadings, statementCount: 16)
    #expect(abs(result.standardError - 0.25) < Self.tolerance)
    #expect(result.factors.map(\.passes) == [true, false, false], "0.56 > 0.5; 0.2 and 0.18 are not")
    #expect(abs(result.factors[0].product - 0.56) < Self.tolerance)
    #expect(result.factors.map(\.significantLoadings) == [2, 1, 1])
    #expect(result.suggested == 1 && result.suggestedBySignificantLoadings == 1)
  }

  @Test("the solutions with 2…7 factors: defining sorts, variance, correlated pairs and weak factors")
  func solutionsSideBySide() throws {
    let data = try SyntheticSorts.make(sorts: 93, statements: 40, viewpoints: 3, seed: 2012)
    var options = Self.fewSimulations()
    options.correlationThreshold = 0.5
    let result = try FactorCount.compute(data, options: options)
    #expect(result.solutions.map(\.factors) == Array(2...7))
    for solution in result.solutions {
      var analysis = AnalysisOptions()
      analysis.factors = solution.factors
      let engine = try QAnalysis.run(data, options: analysis)
      #expect(solution.definingSorts == engine.exemplars.map { $0.map(\.sort) })
      #expect(solution.explainedVariance == engine.characteristics.map(\.explainedVariance))
      let pairs = (0..<solution.factors).flatMap { a in
        ((a + 1)..<solution.factors).compactMap { b -> [Int]? in
          guard let r = engine.factorCorrelations[a][b], abs(r) >= 0.5 else { return nil }
          return [a + 1, b + 1]
        }
      }
      #expect(solution.highlyCorrelated.map { [$0.first, $0.second] } == pairs)
      #expect(
        solution.weakFactors
          == solution.definingSorts.indices.filter { solution.definingSorts[$0].count <= 2 }.map { $0 + 1 })
    }
    // Three viewpoints made the data: parallel analysis and Humphrey's rule find at least those.
    #expect(result.parallel.suggested >= 3, "\(result.parallel) vs \(result.eigenvalues.prefix(5))")
    #expect(result.humphrey.factors.count == 7, "centroid extracts 7 factors")
    #expect(result.criteria.map(\.source).contains("Horn (1965)"))
    #expect(result.criteria.map(\.source).contains("Kaiser (1960)"))
  }

  static func pearson(_ x: [Double], _ y: [Double]) -> Double { Independent.pearson(x, y) }

}

@Suite("Analysis comparison")
struct AnalysisComparisonTests {
  @Test("flag changes and array correlations between a 3- and a 4-factor solution, recomputed here")
  func threeAgainstFour() throws {
    let data = try SyntheticSorts.make(sorts: 30, statements: 40, viewpoints: 3, seed: 9)
    var options = AnalysisOptions()
    options.factors = 3
    let three = try QAnalysis.run(data, options: options)
    options.factors = 4
    let four = try QAnalysis.run(data, options: options)
    let comparison = AnalysisComparison(three, four)
    let changed = three.sorts.indices.filter { three.flags[$0] != Array(four.flags[$0].prefix(3)) || four.flags[$0][3] }
    #expect(comparison.flagChanges.map(\.sort) == changed.map { three.sorts[$0] })
    #expect(comparison.onlyInFirst.isEmpty && comparison.onlyInSecond.isEmpty)
    for a in 0..<3 {
      for b in 0..<4 {
        let x = three.factorArrays.map { $0[a] }
        let y = four.factorArrays.map { $0[b] }
        guard x.allSatisfy({ $0 != nil }), y.allSatisfy({ $0 != nil }) else {
          #expect(comparison.arrayCorrelations[a][b] == nil)
          continue
        }
        let r = FactorCountTests.pearson(x.map { Double($0!) }, y.map { Double($0!) })
        #expect(abs((comparison.arrayCorrelations[a][b] ?? .nan) - r) < 1e-12)
      }
    }
    let same = AnalysisComparison(three, three)
    #expect(same.flagChanges.isEmpty)
    #expect(same.matches.map(\.bestMatch) == ["1", "2", "3"])
  }

  @Test("sorts only in one analysis are listed, not counted as flag changes")
  func differentSorts() throws {
    let data = try SyntheticSorts.make(sorts: 20, statements: 40, viewpoints: 2, seed: 4)
    var options = AnalysisOptions()
    options.factors = 2
    let all = try QAnalysis.run(data, options: options)
    let fewer = try QAnalysis.run(data.selectingSorts(Array(0..<18)), options: options)
    let comparison = AnalysisComparison(all, fewer)
    #expect(comparison.onlyInFirst == ["S19", "S20"])
    #expect(comparison.onlyInSecond.isEmpty)
    #expect(!comparison.flagChanges.map(\.sort).contains("S19"))
  }
}
