import Foundation
import QMethod

/// The figures of the "Sites compared" page as SVG, in the house style of ``ReportFigures``:
/// greyscale, labelled in the drawing, each with the table of its numbers as the text alternative.
public enum SiteFigures {
  /// Grey fills for up to six sites, then repeated; each segment also carries the site's short name.
  static let fills = ["#222", "#666", "#999", "#c4c4c4", "#e6e6e6", "#fff"]

  /// A short label for a site in a drawing: "A" for "Site A", else the first three characters.
  public static func short(_ site: String) -> String {
    if site.lowercased().hasPrefix("site "), site.count <= 8 { return String(site.dropFirst(5)) }
    return String(site.prefix(3))
  }

  /// One horizontal bar per aggregate viewpoint, split by site: how many of each site's sorts
  /// define it (the rows of Table 11 turned into each viewpoint's make-up).
  /// - Parameters:
  ///   - sites: the sites in table order, with their prevalence rows.
  ///   - names: a label per aggregate factor ("F1 Ideal world").
  public static func makeup(sites: [(site: String, prevalence: SitePrevalence)], names: [String]) -> SVGFigure {
    let width = 640.0
    let rowHeight = 30.0
    let left = 150.0
    let right = width - 50
    let top = 40.0
    let height = top + Double(names.count) * rowHeight + 24
    let totals = names.indices.map { factor in
      sites.reduce(0) { $0 + (factor < $1.prevalence.defining.count ? $1.prevalence.defining[factor] : 0) }
    }
    let most = max(totals.max() ?? 1, 1)
    let x = LinearScale(domain: (0, Double(most)), range: (left, right))
    var canvas = SVGCanvas(id: "site-makeup", width: width, height: height)
    // Legend: one swatch per site.
    var legendX = left
    for (index, entry) in sites.enumerated() {
      canvas.rect(legendX, 12, 12, 12, "fill=\"\(fills[index % fills.count])\" stroke=\"#000\"")
      canvas.text(legendX + 16, 22, entry.site, size: 11)
      legendX += 24 + Double(entry.site.count) * 6.5
    }
    var rows: [[ReportCell]] = []
    for (factor, name) in names.enumerated() {
      let y = top + Double(factor) * rowHeight
      canvas.text(left - 8, y + 17, name.count > 24 ? String(name.prefix(23)) + "…" : name, anchor: "end", size: 11)
      var start = 0
      var cells: [ReportCell] = [.text(name)]
      for (index, entry) in sites.enumerated() {
        let count = factor < entry.prevalence.defining.count ? entry.prevalence.defining[factor] : 0
        cells.append(.integer(count))
        guard count > 0 else { continue }
        let (x0, x1) = (x(Double(start)), x(Double(start + count)))
        let fill = fills[index % fills.count]
        canvas.rect(x0, y + 4, x1 - x0, rowHeight - 10, "fill=\"\(fill)\" stroke=\"#000\"")
        if x1 - x0 >= 16 {
          let ink = index % fills.count < 2 ? "#fff" : "#000"
          canvas.text((x0 + x1) / 2, y + 19, short(entry.site), anchor: "middle", size: 10, extra: "fill=\"\(ink)\"")
        }
        start += count
      }
      canvas.text(x(Double(start)) + 6, y + 19, String(start), size: 11)
      cells.append(.integer(start))
      rows.append(cells)
    }
    let title = "Who holds each shared viewpoint, by site"
    let description =
      "For each aggregate viewpoint, its defining sorts split by site (\(sites.map(\.site).joined(separator: ", ")))."
    return SVGFigure(
      id: "site-makeup", title: title, svg: canvas.svg(title: title, description: description),
      table: ReportTable(
        name: "site-makeup", title: title, columns: ["Viewpoint"] + sites.map(\.site) + ["Total"], rows: rows))
  }

  /// The partnership ratings compared: one row per item, the scale from 1 to k across; a grey bar
  /// to the mean of all sites and each site's mean as a circle labelled with its short name. Sites
  /// whose means lie closer than a circle's width go on lanes below one another, so no label hides
  /// another.
  public static func ratings(_ ratings: PartnershipRatings) -> SVGFigure {
    let width = 640.0
    let left = 230.0
    let right = width - 20
    let top = 30.0
    let radius = 7.0
    let lane = 2 * radius + 2
    let points = max(ratings.questions.map(\.options.count).max() ?? 2, 2)
    let x = LinearScale(domain: (1, Double(points)), range: (left, right))
    let lanes = ratings.comparison.map { item in
      Self.lanes(zip(ratings.sites, item.means).compactMap { site, mean in mean.map { (site, x($0)) } }, gap: lane)
    }
    let rowHeights = lanes.map { Double(max($0.map(\.lane).max() ?? 0, 0)) * lane + 32 }
    let bottom = top + rowHeights.reduce(0, +)
    var canvas = SVGCanvas(id: "ratings", width: width, height: bottom + 40)
    for point in 1...points {
      canvas.line(x(Double(point)), top - 6, x(Double(point)), bottom, "stroke=\"#ddd\"")
      canvas.text(x(Double(point)), bottom + 16, String(point), anchor: "middle", size: 10)
    }
    canvas.text(
      (left + right) / 2, bottom + 34, "Mean rating (1 = lowest point of the scale)", anchor: "middle", size: 11)
    var rows: [[ReportCell]] = []
    var y = top
    for (index, item) in ratings.comparison.enumerated() {
      let prompt = ratings.questions[index].prompt
      // Two lines: items often share their opening words ("How well do the partners share …").
      for (line, text) in Self.wrapped(prompt, width: 36, lines: 2).enumerated() {
        canvas.text(left - 8, y + 14 + Double(line) * 13, text, anchor: "end", size: 11)
      }
      if let overall = item.overall {
        canvas.rect(x(1), y + 10, x(overall) - x(1), 12, "fill=\"#d9d9d9\"")
        canvas.line(x(overall), y + 6, x(overall), y + rowHeights[index] - 6, "stroke=\"#000\" stroke-width=\"2\"")
      }
      for placed in lanes[index] {
        let cy = y + 16 + Double(placed.lane) * lane
        canvas.circle(placed.x, cy, radius, "fill=\"#fff\" stroke=\"#000\"")
        canvas.text(placed.x, cy + 3.5, short(placed.site), anchor: "middle", size: 9)
      }
      rows.append(
        [ReportCell.text(prompt)] + item.means.map { ReportCell.number($0, 2) }
          + [ReportCell.number(item.overall, 2), ReportCell.number(item.spread, 2)])
      y += rowHeights[index]
    }
    let title = "Partnership ratings by site"
    let description =
      "Mean rating of each partnership item at each site (circles, labelled by site) and over all sites (grey bar)."
    return SVGFigure(
      id: "ratings", title: title, svg: canvas.svg(title: title, description: description),
      table: ReportTable(
        name: "ratings", title: title, columns: ["Item"] + ratings.sites + ["All sites", "Spread"], rows: rows))
  }

  /// `text` in at most `lines` lines of about `width` characters, broken between words; the last
  /// line ends with "…" when the text does not fit.
  static func wrapped(_ text: String, width: Int, lines: Int) -> [String] {
    var result: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty, current.count + 1 + word.count > width {
        result.append(current)
        current = ""
      }
      current += (current.isEmpty ? "" : " ") + word
    }
    if !current.isEmpty { result.append(current) }
    guard result.count > lines else { return result }
    let last = result[lines - 1]
    return Array(result.prefix(lines - 1)) + [String(last.prefix(width - 1)) + "…"]
  }

  /// Lanes for circles at `x` positions: from left to right, each circle takes the first lane whose
  /// last circle is at least `gap` to its left (lane 0 is the row's own line).
  static func lanes(_ circles: [(site: String, x: Double)], gap: Double) -> [(site: String, x: Double, lane: Int)] {
    var ends: [Double] = []
    return circles.sorted { $0.x < $1.x }.map { circle in
      let lane = ends.firstIndex { circle.x - $0 >= gap } ?? ends.count
      if lane == ends.count { ends.append(circle.x) } else { ends[lane] = circle.x }
      return (circle.site, circle.x, lane)
    }
  }
}
