import Foundation
import QMethod

extension ReportFigures {
  /// The factor array drawn as the sorting grid: one column per score (headed by it, boxes hanging
  /// down, the upturned pyramid), each statement's number in its box, the highest z at the top.
  public static func factorArray(_ aids: FactorAids) -> SVGFigure {
    let id = "array-\(aids.factor)"
    let columns = aids.grid
    let tallest = max(columns.map { max($0.capacity ?? 0, $0.statements.count) }.max() ?? 1, 1)
    let box = (width: 46.0, height: 24.0, gap: 4.0)
    let left = 12.0
    let top = 44.0
    let width = left * 2 + Double(columns.count) * (box.width + box.gap) - box.gap
    let height = top + Double(tallest) * (box.height + box.gap) + 12
    var canvas = SVGCanvas(id: id, width: width, height: height)
    canvas.text(left, 14, "Most disagree", size: 10, extra: "fill=\"#333\"")
    canvas.text(width - left, 14, "Most agree", anchor: "end", size: 10, extra: "fill=\"#333\"")
    for (index, column) in columns.enumerated() {
      let x = left + Double(index) * (box.width + box.gap)
      canvas.rect(x, 20, box.width, 20, "fill=\"#222\"")
      canvas.text(
        x + box.width / 2, 34, ReportFormat.score(column.score), anchor: "middle", size: 12,
        extra: "fill=\"#fff\" font-weight=\"bold\"")
      let slots = max(column.capacity ?? 0, column.statements.count)
      for slot in 0..<slots {
        let y = top + Double(slot) * (box.height + box.gap)
        if slot < column.statements.count {
          canvas.rect(x, y, box.width, box.height, "fill=\"#fff\" stroke=\"#000\"")
          canvas.text(
            x + box.width / 2, y + 16, String(column.statements[slot].number), anchor: "middle", size: 12)
        } else {
          canvas.rect(x, y, box.width, box.height, "fill=\"none\" stroke=\"#999\" stroke-dasharray=\"3 2\"")
        }
      }
    }
    let rows = columns.flatMap { column in
      column.statements.map {
        [.integer(column.score), .integer($0.number), .text($0.text), .number($0.z, 3)] as [ReportCell]
      }
    }
    let title = "Factor \(aids.label) array as the sorting grid"
    return SVGFigure(
      id: id, title: title,
      svg: canvas.svg(
        title: title,
        description: "Statement numbers in the columns of the grid, from most disagree (left) to most agree (right)."),
      table: ReportTable(name: id, title: title, columns: ["Score", "No.", "Statement", "z"], rows: rows))
  }

  /// The sorts' correlations as a greyscale heatmap (white r ≤ −1 … black r = 1), sorts ordered by
  /// the factor they define (then by loading), undefined sorts last; `nil` when the result has no
  /// correlation matrix or more than `maxSorts` sorts.
  public static func correlationHeatmap(_ result: AnalysisResult, maxSorts: Int = 150) -> SVGFigure? {
    guard let matrix = result.correlations, result.sorts.count <= maxSorts, !result.sorts.isEmpty else { return nil }
    let order = sortOrder(result)
    let n = order.count
    let cell = max(2, min(14, 600 / Double(n)))
    let labelled = cell >= 8
    let margin = labelled ? 40.0 : 16
    let size = margin + Double(n) * cell + 12
    var canvas = SVGCanvas(id: "heatmap", width: size, height: size + 30)
    for (i, a) in order.enumerated() {
      for (j, b) in order.enumerated() {
        let r = max(-1, min(1, matrix[a][b]))
        let grey = Int(((1 - r) / 2 * 255).rounded())
        canvas.rect(
          margin + Double(j) * cell, margin + Double(i) * cell, cell, cell, "fill=\"rgb(\(grey),\(grey),\(grey))\"")
      }
      if labelled {
        canvas.text(
          margin - 3, margin + (Double(i) + 0.75) * cell, result.sorts[a], anchor: "end", size: min(cell - 1, 9))
      }
    }
    // Lines between the factors' blocks.
    var position = 0
    for block in factorBlocks(result, order: order).dropLast() {
      position += block
      let p = margin + Double(position) * cell
      canvas.line(margin, p, margin + Double(n) * cell, p, "stroke=\"#fff\" stroke-width=\"1.5\"")
      canvas.line(p, margin, p, margin + Double(n) * cell, "stroke=\"#fff\" stroke-width=\"1.5\"")
    }
    // Legend: the grey ramp from −1 to +1.
    let legendY = size + 6
    for step in 0..<10 {
      let grey = Int((255 - Double(step) * 255 / 9).rounded())
      canvas.rect(margin + Double(step) * 16, legendY, 16, 10, "fill=\"rgb(\(grey),\(grey),\(grey))\" stroke=\"#999\"")
    }
    canvas.text(margin, legendY + 22, "−1", size: 10)
    canvas.text(margin + 160, legendY + 22, "+1", anchor: "end", size: 10)
    let title = "Correlations between sorts, ordered by factor"
    let rows = order.map { a in [.text(result.sorts[a])] + order.map { ReportCell.number(matrix[a][$0], places: 2) } }
    return SVGFigure(
      id: "heatmap", title: title,
      svg: canvas.svg(
        title: title,
        description:
          "\(n) sorts grouped by the factor they define; darker is a higher correlation (white −1, black +1)."),
      table: ReportTable(name: "heatmap", title: title, columns: ["Sort"] + order.map { result.sorts[$0] }, rows: rows))
  }

  /// Sort rows grouped by the first factor each defines (by |loading|, highest first), then the rest.
  static func sortOrder(_ result: AnalysisResult) -> [Int] {
    func group(_ row: Int) -> Int { result.flags[row].firstIndex(of: true) ?? result.factorLabels.count }
    return result.sorts.indices.sorted { a, b in
      let (ga, gb) = (group(a), group(b))
      if ga != gb { return ga < gb }
      let la = ga < result.factorLabels.count ? abs(result.loadings[a][ga]) : 0
      let lb = gb < result.factorLabels.count ? abs(result.loadings[b][gb]) : 0
      return la != lb ? la > lb : a < b
    }
  }

  static func factorBlocks(_ result: AnalysisResult, order: [Int]) -> [Int] {
    var blocks: [Int: Int] = [:]
    for row in order { blocks[result.flags[row].firstIndex(of: true) ?? result.factorLabels.count, default: 0] += 1 }
    return blocks.keys.sorted().map { blocks[$0]! }
  }

  /// The correlations between factor z-scores as a labelled matrix, shaded by |r|.
  public static func factorCorrelations(_ result: AnalysisResult) -> SVGFigure {
    let labels = result.factorLabels.map { "F\($0)" }
    let k = labels.count
    let cell = 56.0
    let margin = 44.0
    let size = margin + Double(k) * cell + 12
    var canvas = SVGCanvas(id: "factor-correlations", width: size, height: size)
    for i in 0..<k {
      canvas.text(margin - 6, margin + (Double(i) + 0.6) * cell, labels[i], anchor: "end", size: 12)
      canvas.text(margin + (Double(i) + 0.5) * cell, margin - 8, labels[i], anchor: "middle", size: 12)
      for j in 0..<k {
        let (x, y) = (margin + Double(j) * cell, margin + Double(i) * cell)
        guard let r = result.factorCorrelations[i][j] else {
          canvas.rect(x, y, cell, cell, "fill=\"#fff\" stroke=\"#999\"")
          canvas.text(x + cell / 2, y + cell / 2 + 4, "—", anchor: "middle", size: 12)
          continue
        }
        let grey = Int((255 - min(abs(r), 1) * 200).rounded())
        canvas.rect(x, y, cell, cell, "fill=\"rgb(\(grey),\(grey),\(grey))\" stroke=\"#fff\"")
        let ink = grey < 128 ? "#fff" : "#000"
        canvas.text(
          x + cell / 2, y + cell / 2 + 4, ReportFormat.fixed(r, 2), anchor: "middle", size: 12, extra: "fill=\"\(ink)\""
        )
      }
    }
    let title = "Correlations between factor z-scores"
    return SVGFigure(
      id: "factor-correlations", title: title,
      svg: canvas.svg(title: title, description: "Darker cells are stronger correlations (positive or negative)."),
      table: ReportTables.factorCorrelations(result))
  }

  /// Mean z-score per statement code: one group of bars per code, one bar per factor, each bar
  /// labelled with its factor and value (readable without colour).
  public static func codeProfile(_ input: ReportInput, aids: [FactorAids]) -> SVGFigure {
    let codes = input.profileCodes
    let factors = aids.count
    let bar = 14.0
    let groupGap = 14.0
    // Room for the longest code at about 6.5 px per character of 12 px text.
    let left = min(max(Double(codes.map(\.count).max() ?? 8) * 6.5 + 16, 80), 260)
    let width = 560.0
    let top = 16.0
    let height = top + Double(codes.count) * (Double(factors) * bar + groupGap) + 36
    let extreme = max(aids.flatMap { $0.codeProfile.compactMap(\.meanZ) }.map(abs).max() ?? 1, 0.5) * 1.15
    let x = LinearScale(domain: (-extreme, extreme), range: (left, width - 20))
    var canvas = SVGCanvas(id: "code-profile", width: width, height: height)
    let plotBottom = height - 30
    for tick in x.ticks(6) {
      canvas.line(x(tick), top - 4, x(tick), plotBottom, "stroke=\"#ddd\"")
      canvas.text(x(tick), plotBottom + 14, label(tick), anchor: "middle", size: 10)
    }
    canvas.line(x(0), top - 4, x(0), plotBottom, "stroke=\"#000\"")
    canvas.text((left + width - 20) / 2, plotBottom + 27, "Mean z-score", anchor: "middle", size: 11)
    let shades = ["#222", "#666", "#999", "#bbb", "#444", "#888", "#ccc"]
    for (c, code) in codes.enumerated() {
      let groupTop = top + Double(c) * (Double(factors) * bar + groupGap)
      canvas.text(left - 8, groupTop + Double(factors) * bar / 2 + 4, code, anchor: "end", size: 12)
      for (f, factor) in aids.enumerated() {
        guard let z = factor.codeProfile[c].meanZ else { continue }
        let y = groupTop + Double(f) * bar
        let (a, b) = (x(min(z, 0)), x(max(z, 0)))
        canvas.rect(
          a, y + 1, max(b - a, 0.5), bar - 2,
          "fill=\"\(shades[f % shades.count])\" stroke=\"#000\" stroke-width=\"0.5\"")
        let text = "F\(factor.label) \(ReportFormat.fixed(z, 2))"
        canvas.text(z >= 0 ? b + 3 : a - 3, y + bar - 3, text, anchor: z >= 0 ? "start" : "end", size: 9)
      }
    }
    let title = "Mean z-score per statement code"
    return SVGFigure(
      id: "code-profile", title: title,
      svg: canvas.svg(
        title: title,
        description: "For each code, one bar per factor: the mean z-score of the statements with that code."),
      table: ReportTables.codeProfile(input, aids: aids))
  }
}
