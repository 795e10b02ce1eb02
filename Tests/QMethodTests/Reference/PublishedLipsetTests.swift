import Foundation
import Testing

@testable import QMethod

/// The figures the R Journal paper on qmethod prints for LIPSET (PCA, 3 factors, varimax):
/// Zabala, A. (2014). "qmethod: A Package to Explore Human Perspectives Using Q Methodology".
/// *The R Journal* 6(2), 163–173, <https://doi.org/10.32614/RJ-2014-032> — the factor
/// characteristics table and the distinguishing and consensus table, as quoted in issue 28.
/// The paper prints 2 or 4 decimals; each figure is checked to half a unit in its last place.
@Suite("LIPSET as published (Zabala 2014)")
struct PublishedLipsetTests {
  static func analysis() throws -> AnalysisResult {
    var options = AnalysisOptions()
    options.profile = .qmethod
    options.extraction = .pca
    options.factors = 3
    return try QAnalysis.run(ReferenceData.sorts("lipset/lipset.csv"), options: options)
  }

  @Test("factor characteristics: eigenvalues, explained variance, composite reliability, SE")
  func characteristics() throws {
    try ReferenceData.require()
    let result = try Self.analysis()
    let published: [(eigenvalue: Double, variance: Double)] = [(2.09, 23.17), (1.97, 21.93), (1.68, 18.68)]
    for (f, figures) in published.enumerated() {
      let characteristic = result.characteristics[f]
      #expect(abs(characteristic.eigenvalue - figures.eigenvalue) <= 0.005, "eigenvalue f\(f + 1)")
      #expect(abs(characteristic.explainedVariance - figures.variance) <= 0.005, "explained variance f\(f + 1)")
      #expect(abs(characteristic.compositeReliability - 0.92) <= 0.005, "composite reliability f\(f + 1)")
      #expect(abs(characteristic.seFactorScores - 0.28) <= 0.005, "SE of factor scores f\(f + 1)")
      #expect(characteristic.definingSorts == 3)
    }
  }

  /// Two cells of the paper's table sit just above the p < .05 threshold 1.96·SED = 0.7688: the
  /// f1–f2 difference of statement 17 (0.7692) and the f1–f3 difference of statement 8 (0.7704,
  /// in absolute value). A rounding or SE slip of 5e-4 would drop their star.
  @Test("the stars on the 1.96·SED threshold: statements 17 and 8")
  func thresholdStars() throws {
    try ReferenceData.require()
    let result = try Self.analysis()
    #expect(abs(1.96 * result.seDifferences[0][1] - 0.7688) <= 5e-5, "1.96·SED")
    let f1f2 = try #require(result.comparisons.first { $0.first == 1 && $0.second == 2 })
    let f1f3 = try #require(result.comparisons.first { $0.first == 1 && $0.second == 3 })
    #expect(abs(f1f2.differences[16] - 0.7692) <= 5e-5 && f1f2.stars[16] == "*", "statement 17, f1–f2")
    #expect(abs(abs(f1f3.differences[7]) - 0.7704) <= 5e-5 && f1f3.stars[7] == "*", "statement 8, f1–f3")
  }

  /// The paper's 99 factor scores (33 statements × 3 factors) are qmethod's `zsc_n`, which the
  /// reference holds as qmethod 1.8.4 printed them (lipset/qmethod_pca.json).
  @Test("the 99 factor scores")
  func factorScores() throws {
    try ReferenceData.require()
    let result = try Self.analysis()
    let expected = try QmethodReference("lipset/qmethod_pca.json").matrix("zsc_n")
    #expect(result.factorArrays.map { $0.map { Double($0!) } } == expected)
  }
}
