import Testing

@testable import QMethod

/// Sort ids can be changed after the data was checked (`sortIDs` is a `var`): a repeated one must be
/// an error naming it, not a dictionary built with unique keys stopping the process (issue 24).
@Suite("Repeated sort ids")
struct RepeatedSortIDTests {
  @Test("an analysis of data whose sort ids repeat throws invalidData naming the id")
  func repeatedSortID() throws {
    var data = try SyntheticSorts.make(sorts: 6, statements: 20, seed: 7)
    data.sortIDs[4] = data.sortIDs[1]
    var options = AnalysisOptions()
    options.factors = 2
    options.manualFlags = [data.sortIDs[0]: [1]]
    #expect(throws: QMethodError.invalidData("sort id \"\(data.sortIDs[1])\" appears twice")) {
      try QAnalysis.run(data, options: options)
    }
  }
}
