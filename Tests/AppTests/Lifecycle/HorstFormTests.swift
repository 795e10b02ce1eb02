import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// Horst from the run form is PQMethod 5.5's Horst: without a number of factors it stops by itself,
/// exactly as `poetq analyze --extraction horst` without `--factors` (which equals LIPSET's
/// `horst55_autostop`, PQMethodProfileTests).
@Suite("The run form: Horst stops by itself")
struct HorstFormTests {
  @Test("Horst with “Factors kept” empty runs the engine's self-stopping Horst; other methods still need a number")
  func horstStopsByItself() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let sites = ["Site A", "Site B", "Site C", "Site D", "Site E"].map { ("site", $0) }
      let base = AnalysisPagesTests.base
      let centroid = try await owner.post(base, pairs: [("extraction", "centroid"), ("factors", "")] + sites)
      #expect(centroid.status == .unprocessableEntity)
      #expect(centroid.body.string.contains("Factors kept: say how many factors to keep"), "the form's label")
      #expect(!centroid.body.string.contains("--factors"), "the form's words, not the command line's")

      let posted = try await owner.post(base, pairs: [("extraction", "horst"), ("factors", "")] + sites)
      #expect(posted.status == .seeOther, "\(posted.body.string)")
      let queued = try await AnalysisPagesTests.newest(app.db)
      let parameters = try AnalysisParameters.decode(queued.parameters)
      #expect(parameters.options.extraction == .horst && parameters.options.factors == nil)
      let done = try await RerunCarryTests.waitUntilDone(try queued.requireID(), on: app)
      #expect(done.status == .done, "\(done.failure ?? "")")
      let stored = try #require(try await StoredResults.result(of: done, on: app.db))
      // The CLI's run: the same data and options, no factor count.
      let data = try await StudySorts.export(study, on: app.db).qSortData()
      let expected = try QAnalysis.run(data, options: parameters.options)
      #expect(stored.unrotatedLoadings == expected.unrotatedLoadings)
      #expect(stored.factorLabels.count == expected.factorLabels.count)
      #expect(done.name.contains("stopping rule"))
    }
  }
}
