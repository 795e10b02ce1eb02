/// Factor scores: each factor's weighted average of its defining sorts, as z-scores over statements,
/// and the factor array that places them back on the grid.
public enum FactorScores {
  /// Brown's weight of a defining sort, w = a/(1 − a²) (Brown 1980, p. 242). Loadings of ±1 would
  /// give an infinite weight; they are capped just below 1.
  public static func weight(_ loading: Double) -> Double {
    let a = min(max(loading, -0.999_999), 0.999_999)
    return a / (1 - a * a)
  }

  /// z-scores (statements × factors; `nil` for a factor with no defining sort). Each factor's score
  /// is Σ_k w_k·x_k over its flagged sorts, standardised with the sample SD (n − 1), as qmethod and
  /// PQMethod/KADE print them. The pqmethod profile weights standardised sorts, qmethod raw scores
  /// (identical for forced distributions, where every sort has the same mean and SD).
  public static func zScores(
    data: QSortData, sorts: StandardisedSorts, loadings: Matrix, flags: [[Bool]], profile: ConventionProfile
  ) -> [[Double]?] {
    let s = data.statementCount
    return (0..<loadings.columns).map { factor -> [Double]? in
      var weights = [Double](repeating: 0, count: data.sortCount)
      var any = false
      for sort in 0..<data.sortCount where flags[sort][factor] {
        weights[sort] = weight(loadings[sort, factor])
        any = true
      }
      guard any else { return nil }
      let sums: [Double]
      switch profile {
      case .pqmethod:
        sums = sorts.combine(weights)
      case .qmethod:
        var raw = [Double](repeating: 0, count: s)
        for sort in 0..<data.sortCount where weights[sort] != 0 {
          let base = sort * s
          for i in 0..<s { raw[i] += weights[sort] * Double(data.scores[base + i]) }
        }
        sums = raw
      }
      return standardise(sums)
    }
  }

  /// (x − mean)/SD with the sample SD; all zeros if the values do not vary.
  static func standardise(_ values: [Double]) -> [Double] {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
    guard variance > 0 else { return values.map { _ in 0 } }
    let sd = variance.squareRoot()
    return values.map { ($0 - mean) / sd }
  }

  /// Two z-scores closer than this are a tie: the same sums reached by different rounding paths.
  static let tieTolerance = 1e-9

  /// The factor array: the z-scores ranked onto the grid's slots.
  /// - pqmethod: statements in ascending z take the slots in ascending order; among tied z-scores the
  ///   higher statement number takes the lower slot (KADE), so the array always fits the grid.
  /// - qmethod: `slots[floor(rank(z))]` with R's average ranks: tied statements share one slot (the
  ///   lower of a tied pair, the middle of a triple), which can break the distribution, as qmethod does.
  /// - Parameter slots: one score per statement, ascending (the forced grid, or the fitted one of a
  ///   free distribution).
  public static func factorArray(zScores: [Double], statementNumbers: [Int], slots: [Int], profile: ConventionProfile)
    -> [Int]
  {
    precondition(slots.count == zScores.count)
    let tied = { (a: Double, b: Double) in abs(a - b) <= tieTolerance }
    var array = [Int](repeating: 0, count: zScores.count)
    switch profile {
    case .pqmethod:
      let order = zScores.indices.sorted { i, j in
        tied(zScores[i], zScores[j]) ? statementNumbers[i] > statementNumbers[j] : zScores[i] < zScores[j]
      }
      for (position, statement) in order.enumerated() { array[statement] = slots[position] }
    case .qmethod:
      // R's rank() averages tied ranks and qmethod indexes with it, which truncates: a tied pair
      // takes the lower slot, a tied triple the middle one.
      for i in zScores.indices {
        let below = zScores.indices.filter { zScores[$0] < zScores[i] && !tied(zScores[$0], zScores[i]) }.count
        let tiedCount = zScores.indices.filter { tied(zScores[$0], zScores[i]) }.count
        array[i] = slots[below + (tiedCount - 1) / 2]
      }
    }
    return array
  }

  /// Slots for a free distribution: the mean number of statements the sorts put in each column,
  /// rounded by largest remainder so they add up to the statement count.
  public static func fittedSlots(for data: QSortData) -> [Int] {
    let d = data.distribution
    let columns = d.maxScore - d.minScore + 1
    var totals = [Double](repeating: 0, count: columns)
    for score in data.scores { totals[score - d.minScore] += 1 }
    let means = totals.map { $0 / Double(max(data.sortCount, 1)) }
    var counts = means.map { Int($0.rounded(.down)) }
    var missing = data.statementCount - counts.reduce(0, +)
    let byRemainder = (0..<columns).sorted {
      let (a, b) = (means[$0] - Double(counts[$0]), means[$1] - Double(counts[$1]))
      return a != b ? a > b : $0 < $1
    }
    for column in byRemainder where missing > 0 {
      counts[column] += 1
      missing -= 1
    }
    return counts.enumerated().flatMap { repeatElement(d.minScore + $0.offset, count: $0.element) }
  }
}
