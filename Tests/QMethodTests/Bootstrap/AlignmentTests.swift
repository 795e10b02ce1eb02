import Foundation
import PropertyBased
import Testing

@testable import QMethod

/// Aligning factors: the Procrustes rotation and the signed permutation recover what was done to a
/// solution, for any number of factors; and on a 5-factor bootstrap they align steps that qmethod's
/// `qindtest` cannot re-order.
@Suite("Bootstrap alignment")
struct AlignmentTests {
  /// A random k × k orthogonal matrix: Gram–Schmidt on random columns.
  static func randomOrthogonal(_ k: Int, _ rng: inout SplitMix64) -> Matrix {
    var columns: [[Double]] = []
    while columns.count < k {
      var v = (0..<k).map { _ in Double.random(in: -1...1, using: &rng) }
      for c in columns {
        let dot = zip(c, v).reduce(0) { $0 + $1.0 * $1.1 }
        for i in 0..<k { v[i] -= dot * c[i] }
      }
      let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if length > 1e-3 { columns.append(v.map { $0 / length }) }
    }
    var q = Matrix(rows: k, columns: k)
    for (c, column) in columns.enumerated() { q.setColumn(c, to: column) }
    return q
  }

  @Test("Procrustes alignment of a rotated, reflected and permuted copy recovers it (1–8 factors)")
  func procrustesRecovers() async {
    await propertyCheck(count: 80, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...8)) { seed, k in
      var rng = SplitMix64(seed: UInt64(seed))
      let target = RandomSorts.loadings(seed: seed, rows: 40, columns: k)
      // Turn it, then mirror and shuffle its factors.
      var copy = target * Self.randomOrthogonal(k, &rng)
      let order = (0..<k).shuffled(using: &rng)
      let signs = (0..<k).map { _ in Bool.random(using: &rng) ? -1.0 : 1.0 }
      copy = copy * SignedPermutation(source: order, signs: signs).matrix
      let aligned = copy * OrthogonalProcrustes.rotation(from: copy, to: target)
      let worst = zip(aligned.values, target.values).map { abs($0 - $1) }.max() ?? 0
      #expect(worst < 1e-9, "seed \(seed), \(k) factors: off by \(worst)")
    }
  }

  @Test("the closest signed permutation undoes a re-ordering and mirroring exactly (1–8 factors)")
  func signedPermutationRecovers() async {
    await propertyCheck(count: 80, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...8)) { seed, k in
      var rng = SplitMix64(seed: UInt64(seed))
      let target = RandomSorts.loadings(seed: seed, rows: 40, columns: k)
      let order = (0..<k).shuffled(using: &rng)
      let signs = (0..<k).map { _ in Bool.random(using: &rng) ? -1.0 : 1.0 }
      let copy = target * SignedPermutation(source: order, signs: signs).matrix
      let permutation = SignedPermutation.closest(to: copy.transposed * target)
      let aligned = copy * permutation.matrix
      let worst = zip(aligned.values, target.values).map { abs($0 - $1) }.max() ?? 0
      #expect(worst < 1e-12, "seed \(seed), \(k) factors")
      #expect(permutation.reorders == (order != Array(0..<k)) || k == 1)
    }
  }

  @Test("the leading eigenpairs agree with the full Jacobi decomposition")
  func leadingEigenpairs() async {
    await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...45)) { seed, n in
      let sorts = RandomSorts.loadings(seed: seed, rows: n + 5, columns: n)
      let matrix = sorts.transposed * sorts
      let k = min(n, 1 + seed % 8)
      let fast = LeadingEigenpairs(matrix.values, n: n, count: k)
      let reference = SymmetricEigen(matrix)
      for c in 0..<k {
        let scale = max(abs(reference.values[0]), 1)
        #expect(abs(fast.values[c] - reference.values[c]) < 1e-10 * scale, "seed \(seed): λ\(c + 1)")
        // A·v = λ·v for the returned vector, which has unit length.
        var residual = 0.0
        var length = 0.0
        for r in 0..<n {
          var sum = 0.0
          for j in 0..<n { sum += matrix[r, j] * fast.vectors[j * k + c] }
          residual = max(residual, abs(sum - fast.values[c] * fast.vectors[r * k + c]))
          length += fast.vectors[r * k + c] * fast.vectors[r * k + c]
        }
        #expect(residual < 1e-9 * scale, "seed \(seed), n \(n): residual \(residual) for λ\(c + 1)")
        #expect(abs(length - 1) < 1e-10)
      }
    }
  }

  /// qmethod's `qindtest` (R/qindtest.R): each target factor j takes the step factor i with the
  /// largest |cor(step_i, target_j)|; when one step factor is the best match for two target
  /// factors it gives up ("ERROR in ORDER swap") and leaves the step as it was.
  static func qindtestFails(_ loadings: Matrix, target: Matrix) -> Bool {
    let k = loadings.columns
    let chosen = (0..<k).map { j in
      (0..<k).max {
        abs(pearson(loadings.column($0), target.column(j))) < abs(pearson(loadings.column($1), target.column(j)))
      }!
    }
    return Set(chosen).count < k
  }

  @Test("a 5-factor bootstrap: steps qindtest cannot re-order are aligned by Procrustes")
  func fiveFactors() throws {
    // Five viewpoints, 93 sorts, noisy enough that resamples rotate the factors into each other.
    let data = try SyntheticSorts.make(sorts: 93, statements: 40, viewpoints: 5, noise: 1.3, seed: 17)
    var options = AnalysisOptions()
    options.profile = .qmethod
    options.extraction = .pca
    options.factors = 5
    options.bootstrap = BootstrapOptions(steps: 200, seed: 1)
    let full = try QAnalysis.run(data, options: options)
    let resampler = try BootstrapResampler(data: data, result: full)
    var failed = 0
    var alignedWell = 0
    for step in 0..<200 {
      var generator = Xoshiro256(seed: Bootstrap.stepSeed(1, step: step))
      let indices = (0..<93).map { _ in generator.uniform(below: 93) }
      var notes: [String] = []
      let rotated = try QAnalysis.rotated(resampler.extract(indices), options: options, notes: &notes)
      let target = resampler.target.selectingRows(indices)
      guard Self.qindtestFails(rotated, target: target) else { continue }
      failed += 1
      let aligned = try resampler.step(indices)
      // Every factor found again, in its place and sign: the step's z-scores correlate positively
      // with the full solution's, and the loadings match it on average (a resample that blurs a
      // factor lowers its congruence: that is the instability the bootstrap is there to show).
      let correlations = (0..<5).map { f in aligned.zScores[f].map { pearson($0, full.zScores.map { $0[f]! }) } ?? 0 }
      let meanCongruence = aligned.congruence.reduce(0, +) / 5
      if correlations.allSatisfy({ $0 > 0.5 }) && meanCongruence > 0.85 { alignedWell += 1 }
    }
    #expect(failed > 0, "qindtest re-ordered every step: choose noisier data")
    #expect(alignedWell == failed, "\(alignedWell) of the \(failed) steps qindtest gives up on are aligned")
    let bootstrap = try #require(full.bootstrap)
    // qmboots leaves those steps out of its statistics; here every step counts.
    #expect(bootstrap.factors.count == 5 && bootstrap.factors.allSatisfy { $0.definedSteps == 200 })
    #expect(
      bootstrap.factors.allSatisfy { $0.loadingCongruence > 0.9 }, "\(bootstrap.factors.map(\.loadingCongruence))")
  }
}
