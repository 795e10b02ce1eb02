import Foundation
import Testing

@testable import QMethod

/// Against qmethod 1.8.4's own bootstrap, `qmboots` (../shared/reference/qmboots/README: 300 steps on
/// synth_40x100, PCA, 3 factors, varimax, `qindtest` alignment, `set.seed(1965)`). R's random draws
/// cannot be reproduced here, so the two bootstraps are compared in distribution.
@Suite("qmboots anchor")
struct QmbootsReferenceTests {
  struct Reference {
    let steps: Int
    let sorts: [String]
    /// factor → statement
    let mean: [[Double]]
    let sd: [[Double]]
    let original: [[Double]]
    /// factor → sort id → share
    let flagFrequency: [[String: Double]]

    init() throws {
      let json = try ReferenceData.json("qmboots/synth_40x100_pca3_300steps.json")
      steps = json["steps"] as! Int
      sorts = json["sorts"] as! [String]
      func numbers(_ key: String) -> [[Double]] {
        (json[key] as! [[Any]]).map { $0.map { ($0 as! NSNumber).doubleValue } }
      }
      mean = numbers("zScoreMean")
      sd = numbers("zScoreSD")
      original = numbers("original")
      flagFrequency = (json["flagFrequency"] as! [[String: Any]]).map { $0.mapValues { ($0 as! NSNumber).doubleValue } }
    }
  }

  static func run(_ alignment: BootstrapAlignment, steps: Int) throws -> (AnalysisResult, BootstrapResult) {
    let data = try ReferenceData.sorts("synth_40x100/synth_40x100.csv")
    var options = AnalysisOptions()
    options.profile = .qmethod
    options.extraction = .pca
    options.factors = 3
    options.bootstrap = BootstrapOptions(steps: steps, seed: 1965, alignment: alignment)
    let result = try QAnalysis.run(data, options: options)
    return (result, try #require(result.bootstrap))
  }

  static func spearman(_ x: [Double], _ y: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] { StandardisedSorts.midRanks(v) }
    return pearson(ranks(x), ranks(y))
  }

  @Test(
    "z-score means, SDs and flag frequencies agree with qmboots in distribution", arguments: BootstrapAlignment.allCases
  )
  func agreesInDistribution(_ alignment: BootstrapAlignment) throws {
    try ReferenceData.require()
    let reference = try Reference()
    let steps = 1000
    let (result, bootstrap) = try Self.run(alignment, steps: steps)
    let statements = result.statements.count

    // Same data, same full solution (the qmethod anchor holds it to 1e-6; qmboots prints 8 decimals).
    for f in 0..<3 {
      let worst = (0..<statements).map { abs(result.zScores[$0][f]! - reference.original[f][$0]) }.max()!
      #expect(worst < 1e-6, "full z-scores, factor \(f + 1): off by \(worst)")
    }

    // Means. Each bootstrap mean is a Monte Carlo estimate with standard error SD/√steps, so two
    // independent runs of the same procedure differ per cell by about SD·√(1/300 + 1/1000) (≈ 0.01
    // here). Allowed: 4.5 of those per cell — over 120 cells a false alarm has probability < 1e-3 —
    // plus 0.005 for what the procedures do differently (qmboots' balanced resampling, its
    // re-ordering against our alignment).
    var worstMean = 0.0
    for f in 0..<3 {
      for i in 0..<statements {
        let sd = reference.sd[f][i]
        let allowed = 4.5 * sd * (1 / Double(reference.steps) + 1 / Double(steps)).squareRoot() + 0.005
        let difference = abs(bootstrap.zScoreMean[i][f]! - reference.mean[f][i])
        worstMean = max(worstMean, difference / allowed)
        #expect(difference <= allowed, "mean z, factor \(f + 1), statement \(i + 1): \(difference) > \(allowed)")
      }
    }

    // Standard deviations. An SD from m steps has a relative standard error of about 1/√(2(m − 1)):
    // 4.1 % for qmboots' 300 steps, 2.2 % for our 1000, 4.7 % for their ratio. Per cell the ratio must
    // lie within 4.5 of those (±21 %); over all 120 cells the median ratio within ±8 % (the
    // alignments differ: Procrustes rotates each step onto the full solution, which leaves less
    // spread than varimax and re-ordering); and the statements must rank alike by SD within each
    // factor (Spearman ρ ≥ 0.6; the SDs span only about a factor of two, so noise reorders close ones).
    var ratios: [Double] = []
    for f in 0..<3 {
      let ours = (0..<statements).map { bootstrap.zScoreSD[$0][f]! }
      for i in 0..<statements {
        let ratio = ours[i] / reference.sd[f][i]
        ratios.append(ratio)
        #expect(abs(log(ratio)) <= 4.5 * 0.047, "SD ratio, factor \(f + 1), statement \(i + 1): \(ratio)")
      }
      let rho = Self.spearman(ours, reference.sd[f])
      #expect(rho >= 0.6, "factor \(f + 1): statements ranked by SD, ρ = \(rho)")
    }
    let median = ratios.sorted()[ratios.count / 2]
    #expect(abs(median - 1) <= 0.08, "median SD ratio \(median)")

    // Flags. qmboots flags every sort in all its steps or in none (frequencies 0 or 1 on this
    // well-separated set): the same sorts must be stably flagged here, each within 0.1 (a sort near
    // the threshold could flip in a few of our 1000 steps and in none of qmboots' 300).
    var worstFlag = 0.0
    for f in 0..<3 {
      for (row, id) in result.sorts.enumerated() {
        guard let theirs = reference.flagFrequency[f][id], let ours = bootstrap.flagFrequency[row][f] else { continue }
        worstFlag = max(worstFlag, abs(ours - theirs))
        #expect(abs(ours - theirs) <= 0.1, "flag frequency of \(id) on factor \(f + 1): \(ours) vs \(theirs)")
      }
    }
    print(
      "qmboots vs \(alignment.rawValue): worst mean difference \(worstMean) of allowed, median SD ratio \(median), SD ratios \(ratios.min()!)…\(ratios.max()!), worst flag difference \(worstFlag)"
    )
  }
}
