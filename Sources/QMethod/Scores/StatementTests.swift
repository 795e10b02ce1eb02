/// Which statements set a factor apart and which all factors share (Brown 1980, pp. 244–247).
///
/// The difference z_j − z_m of two factors' z-scores is significant at level c when it reaches
/// c·SED_jm. The profiles differ only in how pairs become a verdict:
/// - pqmethod (PQMethod/KADE): a statement distinguishes factor j at p < .05 (.01) when
///   |z_j − z_m| ≥ 1.96 (2.575)·SED for every other factor m. Consensus statements are those no pair
///   separates at p < .01; `consensusP05` are those no pair separates even at p < .05.
/// - qmethod (`qdc`): each pair gets stars by strict `>` against 1.960, 2.576, 3.291 and 4.8916 SED
///   ("*", "**", "***", "6*"); the verdict labels follow qmethod 1.8.4 word for word.
public struct StatementTests: Sendable, Codable, Equatable {
  /// For each factor, the statement numbers that distinguish it at p < .05 (`p05`, which includes
  /// those at p < .01) and at p < .01 (`p01`).
  public var distinguishing: [DistinguishingStatements]
  /// Statement numbers that no pair of factors separates (pqmethod: at p < .01; qmethod: at p < .05).
  public var consensus: [Int]
  /// Consensus statements that are not significant even at p < .05.
  public var consensusP05: [Int]
  /// Every pair of factors: the differences per statement and their stars.
  public var comparisons: [PairComparison]
  /// qmethod's verdict per statement ("Distinguishes f1 only", "Consensus", …); pqmethod profile too,
  /// for comparison.
  public var qmethodLabels: [String]

  public struct DistinguishingStatements: Sendable, Codable, Equatable {
    public var p05: [Int]
    public var p01: [Int]
  }

  public struct PairComparison: Sendable, Codable, Equatable {
    /// 1-based factor numbers.
    public var first: Int
    public var second: Int
    /// SED of the pair.
    public var seDifference: Double
    /// z_first − z_second per statement.
    public var differences: [Double]
    /// "", "*", "**", "***" or "6*" per statement (qmethod's strict thresholds).
    public var stars: [String]
  }

  /// qmethod's star thresholds in SED units, with strict `>`.
  static let starLevels: [(z: Double, stars: String)] = [(1.96, "*"), (2.576, "**"), (3.291, "***"), (4.8916, "6*")]
  /// PQMethod's critical values for p < .05 and p < .01 (with `≥`).
  static let pqmethodP05 = 1.96
  static let pqmethodP01 = 2.575

  /// Runs the tests over `factors` (only factors with z-scores take part).
  /// - Parameters:
  ///   - zScores: statements × factor z-scores for the factors that have them.
  ///   - factorNumbers: each z-score column's 1-based factor number.
  static func compute(
    zScores: [[Double]], factorNumbers: [Int], seFactorScores: [Double], statementNumbers: [Int],
    profile: ConventionProfile
  ) -> StatementTests {
    let k = zScores.count
    let statementCount = statementNumbers.count
    var comparisons: [PairComparison] = []
    for j in 0..<k {
      for m in (j + 1)..<max(j + 1, k) {
        let sed = (seFactorScores[j] * seFactorScores[j] + seFactorScores[m] * seFactorScores[m]).squareRoot()
        let differences = (0..<statementCount).map { zScores[j][$0] - zScores[m][$0] }
        let stars = differences.map { difference in
          starLevels.last { abs(difference) > $0.z * sed }?.stars ?? ""
        }
        comparisons.append(
          PairComparison(
            first: factorNumbers[j], second: factorNumbers[m], seDifference: sed, differences: differences,
            stars: stars))
      }
    }
    // Comparisons are stored for j < m in `combn` order; look a pair up by its column positions.
    func pair(_ j: Int, _ m: Int) -> PairComparison {
      let (low, high) = (min(j, m), max(j, m))
      return comparisons[low * k - low * (low + 1) / 2 + (high - low - 1)]
    }
    func significant(_ j: Int, _ m: Int, statement i: Int, critical: Double) -> Bool {
      let comparison = pair(j, m)
      switch profile {
      case .pqmethod: return abs(comparison.differences[i]) >= critical * comparison.seDifference
      case .qmethod: return abs(comparison.differences[i]) > critical * comparison.seDifference
      }
    }
    let (p05, p01) =
      profile == .pqmethod ? (pqmethodP05, pqmethodP01) : (starLevels[0].z, starLevels[1].z)
    var distinguishing: [DistinguishingStatements] = []
    for j in 0..<k {
      var at05: [Int] = []
      var at01: [Int] = []
      guard k > 1 else {
        distinguishing.append(DistinguishingStatements(p05: [], p01: []))
        continue
      }
      for i in 0..<statementCount {
        let others = (0..<k).filter { $0 != j }
        if others.allSatisfy({ significant(j, $0, statement: i, critical: p05) }) { at05.append(statementNumbers[i]) }
        if others.allSatisfy({ significant(j, $0, statement: i, critical: p01) }) { at01.append(statementNumbers[i]) }
      }
      distinguishing.append(DistinguishingStatements(p05: at05, p01: at01))
    }
    var consensus: [Int] = []
    var consensusP05: [Int] = []
    if k > 1 {
      let consensusLevel = profile == .pqmethod ? p01 : p05
      for i in 0..<statementCount {
        let pairs = comparisons.map { abs($0.differences[i]) / $0.seDifference }
        let quietAt = { (critical: Double) in
          pairs.allSatisfy { profile == .pqmethod ? $0 < critical : $0 <= critical }
        }
        if quietAt(consensusLevel) { consensus.append(statementNumbers[i]) }
        if quietAt(p05) { consensusP05.append(statementNumbers[i]) }
      }
    }
    let labels = qmethodLabels(comparisons: comparisons, factorNumbers: factorNumbers, statementCount: statementCount)
    return StatementTests(
      distinguishing: distinguishing, consensus: consensus, consensusP05: consensusP05, comparisons: comparisons,
      qmethodLabels: labels)
  }

  /// qmethod 1.8.4's `dist.and.cons` column, reproduced label for label.
  static func qmethodLabels(comparisons: [PairComparison], factorNumbers: [Int], statementCount: Int) -> [String] {
    let k = factorNumbers.count
    guard k >= 2 else { return Array(repeating: "", count: statementCount) }
    return (0..<statementCount).map { i in
      let significant = comparisons.map { !$0.stars[i].isEmpty }
      if k == 2 { return significant[0] ? "Distinguishing" : "Consensus" }
      if significant.allSatisfy({ !$0 }) { return "Consensus" }
      if significant.allSatisfy({ $0 }) { return "Distinguishes all" }
      var label = ""
      for factor in factorNumbers {
        let involving = comparisons.indices.filter {
          comparisons[$0].first == factor || comparisons[$0].second == factor
        }
        guard involving.allSatisfy({ significant[$0] }) else { continue }
        let rest = comparisons.indices.filter { !involving.contains($0) }
        if rest.allSatisfy({ !significant[$0] }) { return "Distinguishes f\(factor) only" }
        if k > 3 { label += "Distinguishes f\(factor) " }
      }
      return label
    }
  }
}
