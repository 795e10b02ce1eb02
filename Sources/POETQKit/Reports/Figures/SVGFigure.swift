import Foundation

/// A figure drawn as SVG (no script, greyscale-safe, printable), with a title and its text
/// alternative: the table of the numbers it shows.
public struct SVGFigure: Sendable {
  /// An id unique within a page ("scree", "loadings-1-2"); prefixes the SVG's own ids.
  public var id: String
  public var title: String
  /// The `<svg>` element, with `<title>` and `<desc>` first, `role="img"` and `aria-labelledby`.
  public var svg: String
  /// What the figure shows, as a table (the text alternative).
  public var table: ReportTable

  public init(id: String, title: String, svg: String, table: ReportTable) {
    self.id = id
    self.title = title
    self.svg = svg
    self.table = table
  }
}

/// Builds an SVG document piece by piece; every text is escaped.
struct SVGCanvas {
  let id: String
  let width: Double
  let height: Double
  private(set) var body = ""

  init(id: String, width: Double, height: Double) {
    self.id = id
    self.width = width
    self.height = height
  }

  /// XML-escaped text for element content and attribute values.
  static func escape(_ text: String) -> String {
    // Most texts need nothing: return them as they are without walking their characters.
    guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return text }
    var out = ""
    out.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  /// A coordinate with at most two decimals.
  static func n(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }

  mutating func raw(_ element: String) { body += element + "\n" }

  mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ style: String = "stroke=\"#000\"") {
    raw("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" \(style)/>")
  }

  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ style: String) {
    raw("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(w))\" height=\"\(Self.n(h))\" \(style)/>")
  }

  mutating func circle(_ x: Double, _ y: Double, _ r: Double, _ style: String) {
    raw("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\" \(style)/>")
  }

  /// Text at (x, y); `anchor` is start, middle or end.
  mutating func text(
    _ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Double = 11, extra: String = ""
  ) {
    raw(
      "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(Self.n(size))\"\(extra.isEmpty ? "" : " " + extra)>\(Self.escape(content))</text>"
    )
  }

  mutating func polyline(_ points: [(Double, Double)], _ style: String) {
    let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
    raw("<polyline points=\"\(list)\" fill=\"none\" \(style)/>")
  }

  /// The finished `<svg>` with its title and description.
  func svg(title: String, description: String) -> String {
    let titleID = "\(id)-title"
    let descID = "\(id)-desc"
    return """
      <svg xmlns="http://www.w3.org/2000/svg" class="figure" viewBox="0 0 \(Self.n(width)) \(Self.n(height))" \
      width="\(Self.n(width))" height="\(Self.n(height))" role="img" aria-labelledby="\(titleID) \(descID)" \
      font-family="Helvetica, Arial, sans-serif">
      <title id="\(titleID)">\(Self.escape(title))</title>
      <desc id="\(descID)">\(Self.escape(description))</desc>
      <rect width="100%" height="100%" fill="#fff"/>
      \(body)</svg>
      """
  }
}

/// A linear scale from a data interval to a pixel interval.
struct LinearScale {
  var domain: (Double, Double)
  var range: (Double, Double)

  func callAsFunction(_ value: Double) -> Double {
    let span = domain.1 - domain.0
    guard span != 0 else { return range.0 }
    return range.0 + (value - domain.0) / span * (range.1 - range.0)
  }

  /// About `count` round tick values across the domain.
  func ticks(_ count: Int = 5) -> [Double] {
    let span = abs(domain.1 - domain.0)
    guard span > 0 else { return [domain.0] }
    let raw = span / Double(max(count, 1))
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    let low = min(domain.0, domain.1)
    let high = max(domain.0, domain.1)
    var ticks: [Double] = []
    var value = (low / step).rounded(.up) * step
    while value <= high + step * 1e-9 {
      ticks.append(abs(value) < step * 1e-9 ? 0 : value)
      value += step
    }
    return ticks
  }
}
