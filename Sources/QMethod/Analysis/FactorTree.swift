/// The factor tree beside "How many factors?": how each factor of the k-factor solution descends
/// from the (k − 1)-factor one, for k = 2…7, by the correlation of their factor arrays (the arrays
/// are what researchers interpret; KADE's unreleased 1.4 links PCA loadings instead). A factor whose
/// array correlates at least `linkThreshold` with one of the previous solution's descends from the
/// most correlated one; a parent with two or more children split; a child linked to two or more
/// parents merges them; a child linked to none is new.
public struct FactorTree: Sendable, Codable, Equatable {
  public enum Kind: String, Sendable, Codable {
    case stays, splits, merges, new
  }

  /// A factor of the k-factor solution and where it comes from.
  public struct Node: Sendable, Codable, Equatable {
    /// 1-based factor of this solution.
    public var factor: Int
    /// 1-based factor of the (k − 1)-factor solution it descends from, if any.
    public var parent: Int?
    /// The correlation of their arrays (signed).
    public var correlation: Double?
    /// Other parents it is linked to as strongly as `linkThreshold` (a merge).
    public var alsoFrom: [Int]
    public var kind: Kind
  }

  /// One solution of the tree.
  public struct Level: Sendable, Codable, Equatable {
    public var factors: Int
    /// Its factors and their parents (empty for the first level).
    public var nodes: [Node]
    /// This solution's factors × the previous solution's: Pearson correlations of the factor arrays
    /// (`null` where either factor has no array).
    public var correlations: [[Double?]]
  }

  public var linkThreshold: Double
  public var levels: [Level]

  /// Runs the analysis with 1…`maxFactors` factors (`options.factors` replaced; judgmental steps,
  /// manual flags, inversions and splits ignored, as in ``FactorCount``) and links the levels.
  public static func compute(
    _ data: QSortData, options: AnalysisOptions, factors: ClosedRange<Int> = 1...7, linkThreshold: Double = 0.5
  ) throws(QMethodError) -> FactorTree {
    var base = options
    base.judgmentalRotation = []
    base.manualFlags = [:]
    base.invertedFactors = []
    base.splitFactors = []
    base.bootstrap = nil
    let limit = options.extraction == .pca ? min(data.sortCount, data.statementCount) : data.sortCount
    var previous: [[Int]?] = []
    var levels: [Level] = []
    for k in factors where k <= limit {
      var settings = base
      settings.factors = k
      let result = try QAnalysis.run(data, options: settings)
      let arrays: [[Int]?] = (0..<k).map { f in
        result.factorArrays.first?[f] == nil ? nil : result.factorArrays.map { $0[f]! }
      }
      if levels.isEmpty {
        levels.append(
          Level(
            factors: k,
            nodes: (1...k).map { Node(factor: $0, parent: nil, correlation: nil, alsoFrom: [], kind: .new) },
            correlations: []))
      } else {
        let correlations = arrays.map { child in
          previous.map { parent -> Double? in
            guard let child, let parent else { return nil }
            return pearson(child.map(Double.init), parent.map(Double.init))
          }
        }
        var nodes: [Node] = correlations.enumerated().map { c, row in
          let linked = row.indices.filter { abs(row[$0] ?? 0) >= linkThreshold }
          let best = linked.max { abs(row[$0]!) < abs(row[$1]!) }
          return Node(
            factor: c + 1, parent: best.map { $0 + 1 }, correlation: best.flatMap { row[$0] },
            alsoFrom: linked.filter { $0 != best }.map { $0 + 1 }, kind: best == nil ? .new : .stays)
        }
        for index in nodes.indices where nodes[index].parent != nil {
          let siblings = nodes.filter { $0.parent == nodes[index].parent }.count
          if !nodes[index].alsoFrom.isEmpty {
            nodes[index].kind = .merges
          } else if siblings > 1 {
            nodes[index].kind = .splits
          }
        }
        levels.append(Level(factors: k, nodes: nodes, correlations: correlations))
      }
      previous = arrays
    }
    return FactorTree(linkThreshold: linkThreshold, levels: levels)
  }
}
