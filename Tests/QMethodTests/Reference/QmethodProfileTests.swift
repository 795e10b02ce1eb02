import Foundation
import Testing

@testable import QMethod

/// The `qmethod` profile reproduces every result file of the R package qmethod 1.8.4 in
/// ../shared/reference: flags, factor arrays, labels and stars exactly; every number to 1e-6.
/// Centroid runs may differ from qmethod in a column's sign (reference README), nothing else.
@Suite("qmethod 1.8.4 anchors")
struct QmethodProfileTests {
  static let cases: [(data: String, result: String)] = [
    ("lipset/lipset.csv", "lipset/qmethod_pca.json"),
    ("lipset/lipset.csv", "lipset/qmethod_pca_none.json"),
    ("lipset/lipset.csv", "lipset/qmethod_centroid.json"),
    ("lipset/lipset.csv", "lipset/qmethod_centroid_none.json"),
    ("lipset/lipset.csv", "lipset/qmethod_f1.json"),
    ("lipset/lipset.csv", "lipset/qmethod_f2.json"),
    ("lipset/lipset.csv", "lipset/qmethod_f5.json"),
    ("synth_40x100/synth_40x100.csv", "synth_40x100/qmethod_pca3.json"),
    ("synth_40x100/synth_40x100.csv", "synth_40x100/qmethod_centroid3.json"),
  ]

  static let tolerance = 1e-6

  @Test("reproduces qmethod", arguments: cases.map(\.result))
  func reproduces(_ resultFile: String) throws {
    try ReferenceData.require()
    let dataFile = Self.cases.first { $0.result == resultFile }!.data
    let data = try ReferenceData.sorts(dataFile)
    let reference = try QmethodReference(resultFile)
    var options = AnalysisOptions()
    options.profile = .qmethod
    options.extraction = reference.extraction
    options.rotation = reference.rotation
    options.factors = reference.factorCount
    let result = try QAnalysis.run(data, options: options)
    let centroid = reference.extraction == .centroid
    let tol = Self.tolerance

    // Correlations, computed pair by pair (the result omits the matrix once sorts outnumber statements).
    let standardised = try StandardisedSorts(data)
    let correlations = (0..<data.sortCount).map { j in (0..<data.sortCount).map { standardised.correlation(j, $0) } }
    expectClose(correlations, reference.matrix("correlation"), tolerance: tol, "correlation")

    expectClose(
      result.unrotatedLoadings, reference.matrix("unrotated_loadings"), tolerance: tol, allowColumnSign: centroid,
      "unrotated loadings")
    let eigenvalues = reference.unrotatedEigenvalues
    if centroid {
      expectClose(result.eigenvalues, eigenvalues, tolerance: tol, "centroid sums of squares")
    } else {
      let count = min(data.sortCount, data.statementCount)
      expectClose(result.screeEigenvalues, Array(eigenvalues.prefix(count)), tolerance: tol, "eigenvalues")
    }
    expectClose(result.loadings, reference.matrix("loadings"), tolerance: tol, allowColumnSign: centroid, "loadings")
    #expect(result.flags == reference.flags(), "flags")

    let signs = columnSigns(result.loadings, reference.matrix("loadings"))
    let z = result.zScores.map { row in row.enumerated().map { $0.element! * signs[$0.offset] } }
    expectClose(z, reference.matrix("zsc"), tolerance: tol, "z-scores")
    let expectedArrays = reference.matrix("zsc_n").map { $0.map { Int($0) } }
    let arrays = result.factorArrays.map { $0.map { $0! } }
    for factor in signs.indices {
      let mine = arrays.map { $0[factor] }
      let theirs = expectedArrays.map { $0[factor] }
      // A mirrored centroid factor has the mirrored array (lipset and synth have no ties there).
      #expect(
        signs[factor] > 0 ? mine == theirs : mine.map { -$0 } == theirs, "factor array \(factor + 1)")
    }

    expectClose(
      result.characteristics.map { Double($0.definingSorts) }, reference.characteristic("nload"), tolerance: 0, "nload")
    expectClose(
      result.characteristics.map(\.eigenvalue), reference.characteristic("eigenvals"), tolerance: tol, "eigenvalues")
    expectClose(
      result.characteristics.map(\.explainedVariance), reference.characteristic("expl_var"), tolerance: tol,
      "explained variance")
    expectClose(
      result.characteristics.map(\.compositeReliability), reference.characteristic("reliability"), tolerance: tol,
      "reliability")
    expectClose(
      result.characteristics.map(\.seFactorScores), reference.characteristic("se_fscores"), tolerance: tol, "SE")
    let factorCorrelations = result.factorCorrelations.enumerated().map { a, row in
      row.enumerated().map { b, value in value! * signs[a] * signs[b] }
    }
    expectClose(factorCorrelations, reference.fCharMatrix("cor_zsc"), tolerance: tol, "factor correlations")
    expectClose(result.seDifferences, reference.fCharMatrix("sd_dif"), tolerance: tol, "SED")

    guard reference.factorCount > 1 else {
      #expect(result.comparisons.isEmpty && result.consensus.isEmpty)
      return
    }
    #expect(result.qmethodLabels == reference.qdc["dist_and_cons"] as! [String], "dist.and.cons")
    let comparisons = reference.qdc["comparisons"] as! [String: [String: Any]]
    for pair in result.comparisons {
      let expected = try #require(comparisons["f\(pair.first)_f\(pair.second)"])
      let sign = signs[pair.first - 1] * signs[pair.second - 1]
      let differences = (expected["diff"] as! [Any]).map { ($0 as! NSNumber).doubleValue }
      // Mirroring only one factor of a pair turns its difference into a sum: compare only same-sign pairs.
      if sign > 0 {
        expectClose(pair.differences, differences, tolerance: tol, "differences f\(pair.first)_f\(pair.second)")
      }
      #expect(pair.stars == expected["sig"] as! [String], "stars f\(pair.first)_f\(pair.second)")
    }
  }

  /// +1 or −1 per column: how each of our columns lines up with the reference's.
  func columnSigns(_ actual: [[Double]], _ expected: [[Double]]) -> [Double] {
    expected[0].indices.map { column in
      zip(actual, expected).reduce(0.0) { $0 + $1.0[column] * $1.1[column] } < 0 ? -1 : 1
    }
  }
}
