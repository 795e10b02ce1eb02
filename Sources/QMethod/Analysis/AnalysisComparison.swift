/// Two analyses side by side: which sorts changed flags, and how the factors of one correspond to
/// the factors of the other (Pearson correlation of their factor arrays over the statements both
/// share, the usual way to match factors across solutions; Watts & Stenner 2012, p. 141).
public struct AnalysisComparison: Sendable, Codable, Equatable {
  /// A sort whose flags differ, with the factor labels it defines in each analysis.
  public struct FlagChange: Sendable, Codable, Equatable {
    public var sort: String
    public var before: [String]
    public var after: [String]
  }

  /// The factor of the second analysis whose array correlates most with a factor of the first.
  public struct Match: Sendable, Codable, Equatable {
    public var factor: String
    public var bestMatch: String?
    public var correlation: Double?
  }

  /// Factor labels of the first and second analysis.
  public var firstFactors: [String]
  public var secondFactors: [String]
  /// Sorts in both analyses whose flags differ, in the first analysis's order.
  public var flagChanges: [FlagChange]
  /// Sorts only the first, or only the second, analysis used.
  public var onlyInFirst: [String]
  public var onlyInSecond: [String]
  /// first factors × second factors: correlations of their arrays (`null` where either has none).
  public var arrayCorrelations: [[Double?]]
  /// Per factor of the first analysis, the second's factor it correlates with most (in absolute value).
  public var matches: [Match]

  /// Compares `first` with `second`.
  public init(_ first: AnalysisResult, _ second: AnalysisResult) {
    firstFactors = first.factorLabels
    secondFactors = second.factorLabels
    let secondRows = Dictionary(second.sorts.enumerated().map { ($1, $0) }) { a, _ in a }
    let firstSet = Set(first.sorts)
    func labels(_ flags: [Bool], _ names: [String]) -> [String] { flags.indices.filter { flags[$0] }.map { names[$0] } }
    var changes: [FlagChange] = []
    for (row, sort) in first.sorts.enumerated() {
      guard let other = secondRows[sort] else { continue }
      let before = labels(first.flags[row], first.factorLabels)
      let after = labels(second.flags[other], second.factorLabels)
      if before != after { changes.append(FlagChange(sort: sort, before: before, after: after)) }
    }
    flagChanges = changes
    onlyInFirst = first.sorts.filter { secondRows[$0] == nil }
    onlyInSecond = second.sorts.filter { !firstSet.contains($0) }

    let secondStatement = Dictionary(second.statements.enumerated().map { ($1, $0) }) { a, _ in a }
    let shared = first.statements.indices.compactMap { i in secondStatement[first.statements[i]].map { (i, $0) } }
    func column(_ arrays: [[Int?]], _ factor: Int, rows: [Int]) -> [Double]? {
      var values: [Double] = []
      for row in rows {
        guard let value = arrays[row][factor] else { return nil }
        values.append(Double(value))
      }
      return values
    }
    let correlations = first.factorLabels.indices.map { a in
      second.factorLabels.indices.map { b -> Double? in
        guard shared.count >= 2, let x = column(first.factorArrays, a, rows: shared.map(\.0)),
          let y = column(second.factorArrays, b, rows: shared.map(\.1))
        else { return nil }
        return pearson(x, y)
      }
    }
    arrayCorrelations = correlations
    matches = first.factorLabels.indices.map { a in
      let best = correlations[a].indices.filter { correlations[a][$0] != nil }
        .max { abs(correlations[a][$0]!) < abs(correlations[a][$1]!) }
      return Match(
        factor: first.factorLabels[a], bestMatch: best.map { second.factorLabels[$0] },
        correlation: best.flatMap { correlations[a][$0] })
    }
  }
}
