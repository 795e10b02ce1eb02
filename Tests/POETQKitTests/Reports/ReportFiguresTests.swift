import Foundation
import POETQKit
import QMethod
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Every figure is well-formed SVG with a title and description, draws one mark per value it
/// shows, and carries the table of those values.
@Suite("Report figures")
struct ReportFiguresTests {
  static let input = ReportFixture.input
  static let result = input.result
  static let aids = FactorAids.all(input)

  /// An attribute's value (FoundationXML's `attribute(forName:)` misses attributes of elements in
  /// SVG's default namespace on Linux, so look through the list).
  func attribute(_ element: XMLElement, _ name: String) -> String? {
    element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
  }

  /// Parses the SVG and returns its root element, checking the accessible name.
  func parse(_ figure: SVGFigure) throws -> XMLElement {
    let document = try XMLDocument(xmlString: figure.svg, options: [])
    let root = try #require(document.rootElement())
    #expect(root.name == "svg")
    #expect(attribute(root, "role") == "img")
    #expect(attribute(root, "aria-labelledby") == "\(figure.id)-title \(figure.id)-desc")
    let title = try #require(root.elements(forName: "title").first)
    #expect(title.stringValue == figure.title)
    #expect(root.elements(forName: "desc").first?.stringValue?.isEmpty == false)
    #expect(!figure.svg.contains("<script"))
    return root
  }

  func count(_ root: XMLElement, _ name: String, where predicate: (XMLElement) -> Bool = { _ in true }) -> Int {
    root.elements(forName: name).filter(predicate).count
  }

  func fill(_ element: XMLElement) -> String { attribute(element, "fill") ?? "" }

  @Test("scree plot: one point per eigenvalue, the parallel-analysis line as squares, numbers in its table")
  func scree() throws {
    let eigenvalues = [5.2, 2.1, 1.4, 0.9, 0.6, 0.3]
    let plain = try parse(ReportFigures.scree(eigenvalues: eigenvalues))
    #expect(count(plain, "circle") == 6 + 1, "a point per eigenvalue and the legend's")
    let figure = ReportFigures.scree(eigenvalues: eigenvalues, thresholds: [1.8, 1.5, 1.3, 1.1, 1.0, 0.9])
    let root = try parse(figure)
    #expect(count(root, "circle") == 6 + 1)
    #expect(count(root, "rect") { fill($0) == "#fff" && attribute($0, "width") == "6" } == 6)
    #expect(figure.title == "Scree plot with parallel analysis")
    #expect(figure.table.rows.map { $0[1] } == eigenvalues.map { .number($0, places: 3) })
    #expect(root.elements(forName: "desc").first?.stringValue?.contains("3 above the parallel-analysis line") == true)
  }

  @Test("loadings plot: one mark per sort, flagged sorts filled, the significance band at z/√statements")
  func loadings() throws {
    let figure = ReportFigures.loadings(Self.result, x: 1, y: 2)
    let root = try parse(figure)
    let sorts = Self.result.sorts.count
    let definesX = Self.result.flags.filter { $0[0] }.count
    let definesY = Self.result.flags.filter { !$0[0] && $0[1] }.count
    #expect(count(root, "circle") { fill($0) == "#000" } == definesX)
    #expect(count(root, "rect") { fill($0) == "#000" } == definesY)
    #expect(count(root, "circle") == sorts - definesY)
    #expect(count(root, "text") { Self.result.sorts.contains($0.stringValue ?? "") } == sorts)
    #expect(figure.table.rowCount == sorts)
    #expect(figure.table.row(0)[1] == .number(Self.result.loadings[0][0], places: 3))
    let threshold = 1.96 / (40.0).squareRoot()
    #expect(root.elements(forName: "desc").first?.stringValue?.contains(ReportFormat.fixed(threshold, 2)) == true)
  }

  @Test("factor array grid: a numbered box per statement under its column's score")
  func factorArray() throws {
    let figure = ReportFigures.factorArray(Self.aids[0])
    let root = try parse(figure)
    // Statement numbers are the plain texts; the column scores are bold, on black.
    let numbers = root.elements(forName: "text").filter { attribute($0, "font-weight") == nil }
      .compactMap { Int($0.stringValue ?? "") }
    #expect(numbers.sorted() == Self.result.statements)
    let headings = root.elements(forName: "text").compactMap(\.stringValue).filter {
      $0.hasPrefix("+") || $0.hasPrefix("−")
    }
    #expect(headings == ["−4", "−3", "−2", "−1", "+1", "+2", "+3", "+4"])
    #expect(figure.table.rowCount == 40)
  }

  @Test("correlation heatmap: sorts × sorts cells ordered by factor; none above the limit or without correlations")
  func heatmap() throws {
    var small = Self.result
    let keep = 30
    small.sorts = Array(small.sorts.prefix(keep))
    small.flags = Array(small.flags.prefix(keep))
    small.loadings = Array(small.loadings.prefix(keep))
    small.correlations = (0..<keep).map { i in (0..<keep).map { j in i == j ? 1 : 0.3 } }
    let figure = try #require(ReportFigures.correlationHeatmap(small))
    let root = try parse(figure)
    #expect(count(root, "rect") { fill($0).hasPrefix("rgb(") && attribute($0, "stroke") == nil } == keep * keep)
    #expect(figure.table.rowCount == keep)
    // The first rows are the sorts defining factor 1, highest loading first.
    let firstFactor = (0..<keep).filter { small.flags[$0][0] }.sorted {
      abs(small.loadings[$0][0]) > abs(small.loadings[$1][0])
    }
    #expect(figure.table.rows.prefix(firstFactor.count).map { $0[0] } == firstFactor.map { .text(small.sorts[$0]) })
    #expect(ReportFigures.correlationHeatmap(small, maxSorts: 20) == nil)
    #expect(ReportFigures.correlationHeatmap(Self.result) == nil, "93 sorts > 40 statements: the engine kept no matrix")
  }

  @Test("factor correlations and the code profile show every value as text")
  func matrices() throws {
    let correlations = ReportFigures.factorCorrelations(Self.result)
    let root = try parse(correlations)
    let k = Self.result.factorLabels.count
    let values = root.elements(forName: "text").compactMap(\.stringValue).filter { $0.contains(".") }
    #expect(values.count == k * k)
    #expect(values.first == ReportFormat.fixed(Self.result.factorCorrelations[0][0]!, 2))
    let profile = ReportFigures.codeProfile(Self.input, aids: Self.aids)
    let profileRoot = try parse(profile)
    let labels = profileRoot.elements(forName: "text").compactMap(\.stringValue).filter { $0.hasPrefix("F") }
    #expect(labels.count == Self.input.profileCodes.count * k)
    #expect(labels.first == "F1 \(ReportFormat.fixed(Self.aids[0].codeProfile[0].meanZ!, 2))")
  }
}
