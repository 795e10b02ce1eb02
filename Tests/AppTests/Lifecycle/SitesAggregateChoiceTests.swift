import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// Sites compared takes any finished analysis of every site as the aggregate, a hand-rotated one too.
@Suite("Sites compared: the aggregate")
struct SitesAggregateChoiceTests {
  @Test("a hand-rotated analysis of every site (stored with its explicit sort list) can be the aggregate")
  func handRotatedAggregate() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      var options = AnalysisOptions()
      options.factors = 5
      options.judgmentalRotation = [RotationStep(first: 1, second: 2, degrees: 5)]
      let data = try await StudySorts.export(study, on: app.db).qSortData()
      let result = try QAnalysis.run(data, options: options)
      // As HandAdjustmentController stores it: the same sorts, listed.
      let analysis = Analysis(
        studyID: try study.requireID(), name: "Turned by hand",
        parameters: try AnalysisParameters(
          options: options, selection: AnalysisSelection(sites: nil, question: nil, sorts: result.sorts)
        ).json(), dataHash: result.dataFingerprint, engineVersion: result.engineVersion)
      analysis.sortIDs = try AnalysisRuns.encodeList(result.sorts)
      try await analysis.save(on: app.db)
      try await StoredResults.write(try result.jsonData(), analysisID: analysis.requireID(), run: "", on: app.db)

      let candidates = try await SitesComparison.candidates(studyID: study.requireID(), on: app.db)
      #expect(candidates.map(\.analysis.id) == [analysis.id])
      let page = try await owner.get("/studies/\(AnalysisPagesTests.slug)/compare").body.string
      #expect(page.contains("Turned by hand"))
      #expect(page.contains("id=\"table-11\""), "its prevalence by site is shown")
    }
  }
}
