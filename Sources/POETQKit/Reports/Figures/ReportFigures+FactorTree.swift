import Foundation
import QMethod

extension ReportFigures {
  /// The factor tree (``FactorTree``): one row per solution, k = 1 at the top, its factors as
  /// circles; a line joins each factor to the factor of the (k − 1)-factor solution it descends
  /// from, thicker the stronger their arrays correlate, with r written on it; a second parent of a
  /// merge is joined by a dashed line. Greyscale: a factor that splits off is grey, one that merges
  /// black, a new one (linked to nothing) drawn with a dashed ring.
  public static func factorTree(_ tree: FactorTree) -> SVGFigure {
    let widest = tree.levels.map(\.factors).max() ?? 1
    let width = max(560.0, 90.0 * Double(widest) + 80)
    let rowHeight = 78.0
    let height = 40 + rowHeight * Double(max(tree.levels.count, 1))
    let left = 70.0
    let right = width - 16
    func x(_ factor: Int, of count: Int) -> Double {
      left + (Double(factor) - 0.5) * (right - left) / Double(max(count, 1))
    }
    func y(_ level: Int) -> Double { 34 + rowHeight * Double(level) }
    var canvas = SVGCanvas(id: "factor-tree", width: width, height: height)
    var labels = RLabels()
    // Links first, so the circles cover their ends.
    for (index, level) in tree.levels.enumerated() where index > 0 {
      let above = tree.levels[index - 1].factors
      for node in level.nodes {
        let cx = x(node.factor, of: level.factors)
        if let parent = node.parent, let r = node.correlation {
          let px = x(parent, of: above)
          canvas.line(
            px, y(index - 1) + 12, cx, y(index) - 12,
            "stroke=\"#000\" stroke-width=\"\(SVGCanvas.n(1 + 3 * abs(r)))\"")
          labels.place(ReportFormat.fixed(r, 2), from: (px, y(index - 1) + 12), to: (cx, y(index) - 12))
        }
        for other in node.alsoFrom {
          canvas.line(
            x(other, of: above), y(index - 1) + 12, cx, y(index) - 12,
            "stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"")
        }
      }
    }
    // The r labels over the links, on a white halo so no line runs through their digits.
    for label in labels.placed {
      canvas.text(
        label.x, label.y, label.text, anchor: "middle", size: 10,
        extra: "fill=\"#333\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"")
    }
    for (index, level) in tree.levels.enumerated() {
      canvas.text(12, y(index) + 4, "\(level.factors) factor\(level.factors == 1 ? "" : "s")", size: 11)
      let kinds = Dictionary(level.nodes.map { ($0.factor, $0.kind) }) { first, _ in first }
      for factor in 1...max(level.factors, 1) where factor <= level.factors {
        let style: String
        switch index == 0 ? .stays : kinds[factor] ?? .new {
        case .stays: style = "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\""
        case .splits: style = "fill=\"#bbb\" stroke=\"#000\" stroke-width=\"1.5\""
        case .merges: style = "fill=\"#333\" stroke=\"#000\" stroke-width=\"1.5\""
        case .new: style = "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\""
        }
        canvas.circle(x(factor, of: level.factors), y(index), 12, style)
        let merged = index > 0 && kinds[factor] == .merges
        canvas.text(
          x(factor, of: level.factors), y(index) + 4, "F\(factor)", anchor: "middle", size: 10,
          extra: merged ? "fill=\"#fff\"" : "")
      }
    }
    let table = ReportTables.factorTree(tree)
    return SVGFigure(
      id: "factor-tree", title: "Factor tree: how each solution's factors descend from the one with a factor fewer",
      svg: canvas.svg(
        title: "Factor tree",
        description:
          "Solutions with \(tree.levels.first?.factors ?? 1) to \(tree.levels.last?.factors ?? 1) factors, each factor joined to the factor of the previous solution whose array it correlates with most (at least r = \(ReportFormat.fixed(tree.linkThreshold, 2)))."
      ), table: table)
  }
}

/// The r labels of the factor tree's links, each placed along its link where it stands clear of the
/// labels placed before it: the middle first, then nearer either end. Links of neighbouring factors
/// cross or run close, so their middles often meet.
struct RLabels {
  struct Label {
    var text: String
    var x: Double
    var y: Double
    /// The box it covers: 10 px digits about 6 px wide, 8 px above the baseline to 2 below, and a
    /// pixel of margin.
    var box: (x0: Double, y0: Double, x1: Double, y1: Double) {
      let half = 3.0 * Double(text.count) + 1
      return (x - half, y - 9, x + half, y + 3)
    }

    func overlap(_ other: Label) -> Double {
      let (a, b) = (box, other.box)
      return max(0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0, min(a.y1, b.y1) - max(a.y0, b.y0))
    }
  }

  private(set) var placed: [Label] = []
  /// Fractions of the way from the parent to the child, tried in turn.
  static let positions = [0.5, 0.36, 0.64, 0.24, 0.76, 0.14, 0.86]

  /// Places `text` on the link from `start` to `end`: the first position clear of every label so
  /// far, else the one overlapping least.
  mutating func place(_ text: String, from start: (Double, Double), to end: (Double, Double)) {
    let candidates = Self.positions.map { t in
      Label(text: text, x: start.0 + t * (end.0 - start.0), y: start.1 + t * (end.1 - start.1) + 4)
    }
    let earlier = placed
    func overlap(_ label: Label) -> Double { earlier.reduce(0) { $0 + label.overlap($1) } }
    let chosen = candidates.first { overlap($0) == 0 } ?? candidates.min { overlap($0) < overlap($1) }
    if let chosen { placed.append(chosen) }
  }
}

extension ReportTables {
  /// The factor tree's links, one row per factor of each solution after the first: where it comes
  /// from, with r, and what happened (stays, splits, merges, new).
  public static func factorTree(_ tree: FactorTree) -> ReportTable {
    let rows = tree.levels.dropFirst().flatMap { level in
      level.nodes.map { node -> [ReportCell] in
        let from = node.parent.map { "F\($0) of \(level.factors - 1)" } ?? "none"
        let also = node.alsoFrom.map { "F\($0)" }.joined(separator: ", ")
        return [
          .integer(level.factors), .text("F\(node.factor)"), .text(from), .number(node.correlation, 2),
          .text(also), .text(describe(node, level: level, tree: tree)),
        ]
      }
    }
    return ReportTable(
      name: "factor-tree", title: "Factor tree links",
      columns: ["Solution", "Factor", "Descends from", "r", "Also linked to", "What happens"], rows: rows,
      note:
        "r: the correlation of the two factor arrays. A factor is linked to a factor of the previous solution when |r| ≥ \(ReportFormat.fixed(tree.linkThreshold, 2)), and descends from the most correlated one."
    )
  }

  static func describe(_ node: FactorTree.Node, level: FactorTree.Level, tree: FactorTree) -> String {
    switch node.kind {
    case .stays: return "stays"
    case .splits:
      let siblings = level.nodes.filter { $0.parent == node.parent && $0.factor != node.factor }.map { "F\($0.factor)" }
      return "splits from F\(node.parent ?? 0), with \(siblings.joined(separator: ", "))"
    case .merges:
      let parents = ([node.parent].compactMap { $0 } + node.alsoFrom).map { "F\($0)" }
      return "merges \(parents.joined(separator: " and "))"
    case .new:
      return "new: no factor of the previous solution correlates |r| ≥ \(ReportFormat.fixed(tree.linkThreshold, 2))"
    }
  }
}
