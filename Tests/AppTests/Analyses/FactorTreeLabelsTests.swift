import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The factor tree's r labels (the walkthrough found them written over each other): every label of
/// the figure stands clear of every other.
@Suite("Factor tree labels")
struct FactorTreeLabelsTests {
  /// A label's box as drawn: 10 px digits about 6 px wide, from 8 px above the baseline to 2 below.
  struct Box: CustomStringConvertible {
    var text: String
    var x0, y0, x1, y1: Double

    func overlaps(_ other: Box) -> Bool { x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1 }
    var description: String { "\(text)@(\(Int(x0)),\(Int(y0)))" }
  }

  /// The r labels of a factor tree's SVG with their boxes.
  static func rLabels(_ svg: String) throws -> [Box] {
    let pattern = try NSRegularExpression(
      pattern:
        ##"<text x="(-?[\d.]+)" y="(-?[\d.]+)" text-anchor="(\w+)" font-size="10" fill="#333"[^>]*>([−-]?\d\.\d\d)</text>"##
    )
    let range = NSRange(svg.startIndex..., in: svg)
    return pattern.matches(in: svg, range: range).compactMap { match in
      func group(_ i: Int) -> String { Range(match.range(at: i), in: svg).map { String(svg[$0]) } ?? "" }
      guard let x = Double(group(1)), let y = Double(group(2)) else { return nil }
      let text = group(4)
      let width = 6.0 * Double(text.count)
      let start = group(3) == "middle" ? x - width / 2 : group(3) == "end" ? x - width : x
      return Box(text: text, x0: start, y0: y - 8, x1: start + width, y1: y + 2)
    }
  }

  /// Records every pair of r labels of the tree of `data` (1 to 7 factors) that overlap.
  static func expectClear(_ data: QSortData, _ name: String) throws {
    for extraction in [ExtractionMethod.centroid, .pca] {
      var options = AnalysisOptions()
      options.extraction = extraction
      let tree = try FactorTree.compute(data, options: options, factors: 1...7)
      let labels = try Self.rLabels(ReportFigures.factorTree(tree).svg)
      let links = tree.levels.dropFirst().flatMap(\.nodes).filter { $0.correlation != nil }.count
      #expect(labels.count == links, "one r label per link (\(name), \(extraction))")
      for (i, a) in labels.enumerated() {
        for b in labels[(i + 1)...] where a.overlaps(b) {
          Issue.record("\(name), \(extraction): \(a) overlaps \(b)")
        }
      }
    }
  }

  @Test("r labels never overlap: sorts that split, by each extraction")
  func splitting() throws {
    try Self.expectClear(try FactorTreePageTests.splittingData().0, "splitting")
  }

  @Test("r labels never overlap: the demo study's 93 sorts, by each extraction")
  func demo() async throws {
    try await withPOETQ { app in
      let (_, study) = try await AnalysisPagesTests.demo(app)
      try Self.expectClear(try await StudySorts.export(study, on: app.db).qSortData(), "demo")
    }
  }
}
