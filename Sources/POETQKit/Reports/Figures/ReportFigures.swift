import Foundation
import QMethod

/// The figures of an analysis as SVG strings, shared by the pages and the reports. All greyscale:
/// series differ by line style and marker shape, not by colour.
public enum ReportFigures {
  /// Factors drawn on the scree plot (and listed in the report's scree table) at most.
  public static let screeFactors = 20

  /// The scree plot: eigenvalues by factor number, a dotted reference at 1 (Kaiser–Guttman) and, when
  /// given, the parallel-analysis thresholds as a dashed line (Horn 1965: keep the factors whose
  /// eigenvalue lies above it).
  /// - Parameters:
  ///   - eigenvalues: descending eigenvalues (the result's `screeEigenvalues`).
  ///   - thresholds: parallel analysis' eigenvalue per factor (e.g. the 95th percentile of random data).
  ///   - maxFactors: how many factors to draw at most (the tail is flat and uninformative).
  public static func scree(
    eigenvalues: [Double], thresholds: [Double]? = nil, maxFactors: Int = ReportFigures.screeFactors
  ) -> SVGFigure {
    let count = min(eigenvalues.count, maxFactors)
    let values = Array(eigenvalues.prefix(count))
    let limits = thresholds.map { Array($0.prefix(count)) }
    let width = 560.0
    let height = 320.0
    let plot = (left: 56.0, right: width - 16, top: 36.0, bottom: height - 48)
    let top = max((values + (limits ?? []) + [1]).max() ?? 1, 1) * 1.08
    let x = LinearScale(domain: (1, Double(max(count, 2))), range: (plot.left + 10, plot.right - 10))
    let y = LinearScale(domain: (0, top), range: (plot.bottom, plot.top))
    var canvas = SVGCanvas(id: "scree", width: width, height: height)
    axes(
      &canvas, plot: plot, x: x, y: y, xTicks: (1...max(count, 1)).map(Double.init), xLabel: "Factor number",
      yLabel: "Eigenvalue")
    canvas.line(plot.left, y(1), plot.right, y(1), "stroke=\"#555\" stroke-dasharray=\"2 3\"")
    // Labelled at the left, where the leading eigenvalues stand high above it; at the right the
    // scree's tail and the parallel line run along it and would cover the words.
    canvas.text(plot.left + 4, y(1) - 4, "eigenvalue 1", anchor: "start", size: 10, extra: "fill=\"#333\"")
    if let limits, !limits.isEmpty {
      canvas.polyline(
        limits.enumerated().map { (x(Double($0.offset + 1)), y($0.element)) },
        "stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"")
      for (i, value) in limits.enumerated() {
        canvas.rect(x(Double(i + 1)) - 3, y(value) - 3, 6, 6, "fill=\"#fff\" stroke=\"#555\"")
      }
    }
    canvas.polyline(
      values.enumerated().map { (x(Double($0.offset + 1)), y($0.element)) }, "stroke=\"#000\" stroke-width=\"2\"")
    for (i, value) in values.enumerated() { canvas.circle(x(Double(i + 1)), y(value), 3.5, "fill=\"#000\"") }
    // Legend, top right.
    canvas.line(plot.right - 170, 18, plot.right - 145, 18, "stroke=\"#000\" stroke-width=\"2\"")
    canvas.circle(plot.right - 157.5, 18, 3.5, "fill=\"#000\"")
    canvas.text(plot.right - 140, 22, "eigenvalues", size: 11)
    if limits != nil {
      canvas.line(
        plot.right - 75, 18, plot.right - 50, 18, "stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"")
      canvas.text(plot.right - 45, 22, "parallel", size: 11)
    }
    var columns = ["Factor", "Eigenvalue"]
    if limits != nil { columns.append("Parallel analysis") }
    let rows = values.indices.map { i -> [ReportCell] in
      var row: [ReportCell] = [.integer(i + 1), .number(values[i], places: 3)]
      if let limits { row.append(.number(limits.indices.contains(i) ? limits[i] : nil, 3)) }
      return row
    }
    let title = limits == nil ? "Scree plot" : "Scree plot with parallel analysis"
    let above = values.prefix { $0 > 1 }.count
    var description = "Eigenvalues of the correlation matrix for factors 1 to \(count); \(above) above 1."
    if let limits {
      let kept = zip(values, limits).prefix { $0 > $1 }.count
      description += " \(kept) above the parallel-analysis line."
    }
    return SVGFigure(
      id: "scree", title: title, svg: canvas.svg(title: title, description: description),
      table: ReportTable(name: "scree", title: title, columns: columns, rows: rows))
  }

  /// The loadings of every sort on factors `x` and `y` (1-based): sorts defining x are filled
  /// circles, those defining y filled squares, the others open circles, each labelled with its id;
  /// the grey band is |a| below the flagging threshold z/√statements.
  public static func loadings(_ result: AnalysisResult, x fx: Int, y fy: Int, labelLimit: Int = 120) -> SVGFigure {
    let id = "loadings-\(fx)-\(fy)"
    let size = 460.0
    let plot = (left: 56.0, right: size - 20, top: 30.0, bottom: size - 46)
    let x = LinearScale(domain: (-1, 1), range: (plot.left, plot.right))
    let y = LinearScale(domain: (-1, 1), range: (plot.bottom, plot.top))
    let (lx, ly) = ("F\(result.factorLabels[fx - 1])", "F\(result.factorLabels[fy - 1])")
    let threshold = result.options.flagZ / Double(result.statements.count).squareRoot()
    var canvas = SVGCanvas(id: id, width: size, height: size)
    // Significance band: loadings that could not be flagged on that axis.
    canvas.rect(x(-threshold), plot.top, x(threshold) - x(-threshold), plot.bottom - plot.top, "fill=\"#e6e6e6\"")
    canvas.rect(plot.left, y(threshold), plot.right - plot.left, y(-threshold) - y(threshold), "fill=\"#e6e6e6\"")
    let ticks = [-1.0, -0.5, 0, 0.5, 1]
    axes(
      &canvas, plot: plot, x: x, y: y, xTicks: ticks, yTicks: ticks, xLabel: "Loading on \(lx)",
      yLabel: "Loading on \(ly)")
    canvas.line(x(0), plot.top, x(0), plot.bottom, "stroke=\"#888\"")
    canvas.line(plot.left, y(0), plot.right, y(0), "stroke=\"#888\"")
    var rows: [[ReportCell]] = []
    for (row, sort) in result.sorts.enumerated() {
      let (a, b) = (result.loadings[row][fx - 1], result.loadings[row][fy - 1])
      let (px, py) = (x(a), y(b))
      let flags = result.flags[row]
      let marked: String
      if flags[fx - 1] {
        canvas.circle(px, py, 4, "fill=\"#000\"")
        marked = lx
      } else if flags[fy - 1] {
        canvas.rect(px - 3.5, py - 3.5, 7, 7, "fill=\"#000\"")
        marked = ly
      } else {
        canvas.circle(px, py, 3.5, "fill=\"#fff\" stroke=\"#000\"")
        marked = ""
      }
      if result.sorts.count <= labelLimit { canvas.text(px + 5, py - 4, sort, size: 8, extra: "fill=\"#333\"") }
      rows.append([.text(sort), .number(a, places: 3), .number(b, places: 3), .text(marked)])
    }
    let title = "Loadings on \(lx) and \(ly)"
    let description =
      "\(result.sorts.count) sorts; filled circles define \(lx), filled squares define \(ly); the grey bands are loadings below the flagging threshold \(ReportFormat.fixed(threshold, 2))."
    return SVGFigure(
      id: id, title: title, svg: canvas.svg(title: title, description: description),
      table: ReportTable(name: id, title: title, columns: ["Sort", lx, ly, "Defines"], rows: rows))
  }

  /// Axes with ticks, grid lines and labels in a plot rectangle.
  static func axes(
    _ canvas: inout SVGCanvas, plot: (left: Double, right: Double, top: Double, bottom: Double), x: LinearScale,
    y: LinearScale, xTicks: [Double], yTicks: [Double]? = nil, xLabel: String, yLabel: String
  ) {
    for tick in yTicks ?? y.ticks(5) {
      canvas.line(plot.left, y(tick), plot.right, y(tick), "stroke=\"#ddd\"")
      canvas.text(plot.left - 6, y(tick) + 4, label(tick), anchor: "end", size: 10)
    }
    for tick in xTicks {
      canvas.line(x(tick), plot.bottom, x(tick), plot.bottom + 4, "stroke=\"#000\"")
      canvas.text(x(tick), plot.bottom + 16, label(tick), anchor: "middle", size: 10)
    }
    canvas.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top, "fill=\"none\" stroke=\"#000\"")
    canvas.text((plot.left + plot.right) / 2, plot.bottom + 34, xLabel, anchor: "middle", size: 12)
    let middle = (plot.top + plot.bottom) / 2
    canvas.text(
      16, middle, yLabel, anchor: "middle", size: 12, extra: "transform=\"rotate(-90 16 \(SVGCanvas.n(middle)))\"")
  }

  static func label(_ value: Double) -> String {
    value == value.rounded()
      ? String(Int(value)) : ReportFormat.fixed(value, abs(value * 10 - (value * 10).rounded()) < 1e-9 ? 1 : 2)
  }
}
