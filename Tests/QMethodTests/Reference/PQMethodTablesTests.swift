import Foundation
import Testing

@testable import QMethod

/// The derived tables PQMethod's `.LIS` and KADE's workbook print (cumulative communalities, factor
/// score ranks, descending differences, consensus to disagreement) on LIPSET under the pqmethod
/// profile, against ../shared/reference/lipset/pqmethod_expected.json where it holds the figures
/// they are made of, and against an independent computation here where it does not (no reference
/// prints these tables).
@Suite("PQMethod/KADE derived tables (lipset)")
struct PQMethodTablesTests {
  /// The reference gives loadings to 4 decimals within 1e-4: a square of a loading ≤ 1 is then off
  /// by at most 2 × 1.5e-4, three of them summed by 9e-4.
  static let squaredLoadingTolerance = 1e-3

  func lipset(_ configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> AnalysisResult {
    try ReferenceData.require()
    var options = AnalysisOptions()
    options.profile = .pqmethod
    configure(&options)
    return try QAnalysis.run(try ReferenceData.sorts("lipset/lipset.csv"), options: options)
  }

  func pca3() throws -> AnalysisResult {
    try lipset {
      $0.extraction = .pca
      $0.factors = 3
    }
  }

  func column(_ key: String, _ name: String) throws -> [Double] {
    let block = try #require(try ReferenceData.json("lipset/pqmethod_expected.json")[key] as? [String: Any])
    return try #require(block[name] as? [Any]).map { ($0 as! NSNumber).doubleValue }
  }

  @Test("cumulative communalities: PQMethod's unrotated PCA loadings squared and summed; 1–3 is the varimax h²")
  func cumulativeCommunalities() throws {
    let result = try pca3()
    let matrix = result.cumulativeCommunalities
    #expect(matrix.count == 9 && matrix.allSatisfy { $0.count == 8 }, "9 sorts × 8 extracted components")
    let unrotated = try ["PC1", "PC2", "PC3"].map { try column("pca_unrotated_3", $0) }
    let rotated = try ["F1", "F2", "F3"].map { try column("pca_varimax_3_pqmethod_order", $0) }
    for sort in 0..<9 {
      var total = 0.0
      for k in 0..<3 {
        total += unrotated[k][sort] * unrotated[k][sort]
        #expect(abs(matrix[sort][k] - total) < Self.squaredLoadingTolerance, "sort \(sort + 1), factors 1–\(k + 1)")
      }
      let h2 = rotated.map { $0[sort] * $0[sort] }.reduce(0, +)
      #expect(abs(matrix[sort][2] - h2) < Self.squaredLoadingTolerance, "sort \(sort + 1): 1–3 equals the varimax h²")
      // Rotation keeps communalities: the engine's own rotated h², up to the pqmethod varimax's
      // rounding of each step to 8 decimals as KADE does (7e-7 here).
      let own = result.loadings[sort].map { $0 * $0 }.reduce(0, +)
      #expect(abs(matrix[sort][2] - own) < 1e-5)
      // Never decreasing, never above 1 (a share of the sort's variance).
      #expect(zip(matrix[sort], matrix[sort].dropFirst()).allSatisfy { $0 <= $1 + 1e-15 })
      #expect((matrix[sort].last ?? 0) <= 1 + 1e-9)
    }
    // Each factor adds its eigenvalue over the sorts; the last line is the cumulative % of 9 sorts.
    let eigenvalues = (try ReferenceData.json("lipset/pqmethod_expected.json")["eigenvalues"] as! [Any]).map {
      ($0 as! NSNumber).doubleValue
    }
    for k in 0..<8 {
      let added = matrix.map { $0[k] - (k > 0 ? $0[k - 1] : 0) }.reduce(0, +)
      #expect(abs(added - eigenvalues[k]) < 1e-5, "factor \(k + 1) adds its eigenvalue")
      let percent = 100 * eigenvalues.prefix(k + 1).reduce(0, +) / 9
      #expect(abs(result.cumulativeExplainedVariance[k] - percent) < 1e-3)
    }
  }

  @Test("factor score ranks: 1 for the highest z-score, each rank once, never against the factor array")
  func ranks() throws {
    for result in [try pca3(), try lipset { $0.factors = 3 }] {
      let ranks = result.zScoreRanks
      for f in result.factorLabels.indices {
        let column = ranks.map { $0[f] ?? 0 }
        #expect(column.sorted() == Array(1...33), "F\(f + 1): a permutation of 1…33")
        for a in result.statements.indices {
          let za = result.zScores[a][f] ?? 0
          // Independently: one more than the statements above it (higher z to 3 decimals, or the
          // same with a lower number).
          let above = result.statements.indices.filter { b in
            let zb = result.zScores[b][f] ?? 0
            let (ra, rb) = ((za * 1000).rounded(), (zb * 1000).rounded())
            return rb > ra || (rb == ra && result.statements[b] < result.statements[a])
          }
          #expect(column[a] == above.count + 1, "F\(f + 1) statement \(result.statements[a])")
          for b in result.statements.indices where column[b] < column[a] {
            #expect((result.factorArrays[b][f] ?? 0) >= (result.factorArrays[a][f] ?? 0), "rank agrees with the array")
          }
        }
      }
    }
  }

  @Test("descending differences: every pair, z_first − z_second recomputed, largest first")
  func differences() throws {
    let result = try pca3()
    #expect(result.comparisons.map { [$0.first, $0.second] } == [[1, 2], [1, 3], [2, 3]])
    for pair in result.comparisons {
      let order = result.descendingDifferences(pair)
      #expect(order.sorted() == Array(0..<33))
      let recomputed = order.map {
        (result.zScores[$0][pair.first - 1] ?? 0) - (result.zScores[$0][pair.second - 1] ?? 0)
      }
      for (row, value) in zip(order, recomputed) { #expect(abs(pair.differences[row] - value) < 1e-12) }
      #expect(zip(recomputed, recomputed.dropFirst()).allSatisfy { ($0 * 1000).rounded() >= ($1 * 1000).rounded() })
      #expect(recomputed.first ?? 0 > 0 && recomputed.last ?? 0 < 0, "both ends of the pair")
    }
  }

  @Test("consensus to disagreement: population variance of the z-scores, ascending; consensus before distinguishing")
  func consensusOrder() throws {
    let result = try pca3()
    let order = result.consensusToDisagreement
    #expect(order.sorted() == Array(0..<33))
    let variances = result.zScores.map { row -> Double in
      let z = row.map { $0 ?? 0 }
      let mean = z.reduce(0, +) / 3
      return z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3
    }
    for (row, value) in zip(result.zScoreVariances, variances) { #expect(abs((row ?? .nan) - value) < 1e-12) }
    let ordered = order.map { variances[$0] }
    #expect(zip(ordered, ordered.dropFirst()).allSatisfy { ($0 * 1000).rounded() <= ($1 * 1000).rounded() })
    // All three SEDs are equal here (0.3922), so a statement no pair separates at p < .05 has a
    // smaller variance than one every pair separates: the reference's consensus statements 14 and 20
    // come before its "distinguishes all" statements 1, 7, 15, 19 and 33.
    let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { (result.statements[$1], $0) })
    for consensus in [14, 20] {
      for distinguishing in [1, 7, 15, 19, 33] {
        #expect(position[consensus]! < position[distinguishing]!, "\(consensus) before \(distinguishing)")
      }
    }
  }

  @Test("one factor, or a split factor: no pair to difference, ranks per factor, the .LIS still written")
  func shapes() throws {
    let one = try lipset { $0.factors = 1 }
    #expect(one.comparisons.isEmpty && one.consensusToDisagreement.isEmpty)
    #expect(one.zScoreVariances.allSatisfy { $0 == nil })
    #expect(one.zScoreRanks.map { $0[0] ?? 0 }.sorted() == Array(1...33))
    #expect(TextReport.render(one).contains("(needs two factors with z-scores)"))
    let split = try lipset {
      $0.extraction = .pca
      $0.factors = 3
      $0.splitFactors = [1]
    }
    #expect(split.factorLabels.count == 4)
    let scored = split.factorLabels.indices.filter { f in split.zScores.allSatisfy { $0[f] != nil } }
    #expect(split.comparisons.count == scored.count * (scored.count - 1) / 2)
    for f in split.factorLabels.indices {
      let ranks = split.zScoreRanks.map { $0[f] }
      #expect(scored.contains(f) ? ranks.compactMap { $0 }.sorted() == Array(1...33) : ranks.allSatisfy { $0 == nil })
    }
    #expect(TextReport.render(split).contains("Descending array of differences"))
  }

  @Test("the .LIS prints the four tables in PQMethod's places")
  func textReport() throws {
    let result = try pca3()
    let text = TextReport.render(result)
    let headings = [
      "Unrotated factor matrix", "Cumulative communalities matrix", "Factor matrix with X",
      "Normalised factor scores for factor 1", "Factor scores with corresponding ranks",
      "Descending array of differences between factors 1 and 2",
      "Descending array of differences between factors 2 and 3", "Factor arrays",
      "Factor Q-sort values for statements sorted by consensus vs. disagreement", "Factor characteristics",
    ]
    var position = text.startIndex
    for heading in headings {
      let found = try #require(text.range(of: heading, range: position..<text.endIndex), "\(heading)")
      position = found.upperBound
    }
    let us1 = ["US1"] + result.cumulativeCommunalities[0].map { TextReport.fixed($0, 4) }
    #expect(
      text.split(separator: "\n").contains { $0.split(separator: " ").map(String.init) == us1 },
      "US1's row of cumulative communalities: \(us1)")
    #expect(text.contains("cumul % expl.var."))
  }
}
