import Foundation
import Testing

@testable import POETQKit

/// The ratings chart of the "Sites compared" page: every site's circle visible, none over another.
@Suite("Site figures")
struct SiteFiguresTests {
  /// The circles of an SVG: centre and radius.
  static func circles(_ svg: String) -> [(x: Double, y: Double, r: Double)] {
    let expression = try! NSRegularExpression(pattern: #"<circle cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)""#)
    return expression.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { match in
      let value = { (i: Int) in Double(svg[Range(match.range(at: i), in: svg)!])! }
      return (value(1), value(2), value(3))
    }
  }

  @Test("the demo's ratings chart: one circle per site and item with a mean, no two overlapping")
  func ratingsCirclesApart() throws {
    let ratings = SiteFeedbackTests.ratings
    let figure = SiteFigures.ratings(ratings)
    let circles = Self.circles(figure.svg)
    let expected = ratings.comparison.reduce(0) { $0 + $1.means.compactMap { $0 }.count }
    #expect(circles.count == expected && expected > 0)
    var close = 0
    for (i, a) in circles.enumerated() {
      for b in circles[(i + 1)...] {
        #expect(hypot(a.x - b.x, a.y - b.y) >= a.r + b.r, "circles at (\(a.x), \(a.y)) and (\(b.x), \(b.y)) overlap")
        if abs(a.x - b.x) < a.r + b.r { close += 1 }
      }
    }
    #expect(close > 0, "the demo has sites with close means (the case the lanes are for)")
  }

  @Test("lanes: a circle takes the first lane whose last circle is a gap to its left")
  func lanes() {
    let placed = SiteFigures.lanes([("A", 100), ("B", 105), ("C", 110), ("D", 130), ("E", 118)], gap: 16)
    #expect(placed.map(\.site) == ["A", "B", "C", "E", "D"])
    #expect(placed.map(\.lane) == [0, 1, 2, 0, 1])
  }

  @Test("item labels wrap between words onto two lines, the second cut with an ellipsis")
  func wrapped() {
    let item = "How well do the partners share an understanding of what joint commissioning is trying to achieve?"
    #expect(
      SiteFigures.wrapped(item, width: 36, lines: 2) == [
        "How well do the partners share an", "understanding of what joint…",
      ])
    #expect(SiteFigures.wrapped("Short item", width: 36, lines: 2) == ["Short item"])
  }
}
