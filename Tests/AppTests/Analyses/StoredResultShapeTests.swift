import QMethod
import Testing

@testable import App

/// A stored analysis is checked as well as decoded (``StoredResults/result(of:on:)``), so the pages
/// and reports that read it by row and factor never meet a repeated key or an index past the end.
@Suite("Stored result shape")
struct StoredResultShapeTests {
  @Test("a stored result whose rows do not fit is refused as unreadable, not met as a trap")
  func storedResultShape() throws {
    let data = try SyntheticSorts.make(sorts: 8, statements: 20, seed: 3)
    var options = AnalysisOptions()
    options.factors = 2
    let result = try QAnalysis.run(data, options: options)
    try result.checkShape()
    var repeated = result
    repeated.statements[1] = repeated.statements[0]
    #expect(throws: QMethodError.self) { try repeated.checkShape() }
    var short = result
    short.factorArrays.removeLast()
    #expect(throws: QMethodError.self) { try short.checkShape() }
    var narrow = result
    narrow.loadings[0].removeLast()
    #expect(throws: QMethodError.self) { try narrow.checkShape() }
  }

}
