import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// A large analysis's parallel analysis is queued cache work, never computed inside the request
/// that asks for the report (issue 26: a minute at 10,000 sorts, inside the GET, on the runner's
/// only compute thread).
@Suite("Parallel analysis in the background")
struct BackgroundParallelAnalysisTests {
  @Test("a report of a large analysis is answered at once, saying the parallel analysis is computing; it lands later")
  func queuedNotInline() async throws {
    try await withPOETQ { app in
      let (study, data, _, parameters) = try await AnalysisRunnerTests.demo(app, factors: 3)
      let runner = AnalysisRunner(database: { app.db }, logger: app.logger, parallelSimulations: 10)
      let queued = try await AnalysisRuns.queued(
        name: "Large", parameters: parameters, data: data, study: study, by: nil, on: app.db)
      let claimed = try #require(try await runner.queue.claimNext())
      await runner.run(claimed)
      let analysis = try #require(try await Analysis.find(queued.id, on: app.db))
      let result = try #require(try await StoredResults.result(of: analysis, on: app.db))

      // A reader with other simulations (another cache key), treating anything above 10 sorts as large.
      let reader = AnalysisRunner(database: { app.db }, logger: app.logger, parallelSimulations: 20)
      let key = ReportInput.parallelAnalysisKey(of: result, simulations: 20)
      let first = try await reader.parallelAnalysis(for: result, on: app.db, inlineUpTo: 10)
      #expect(first.result == nil && first.pending, "answered without computing it")
      let again = try await reader.parallelAnalysis(for: result, on: app.db, inlineUpTo: 10)
      #expect(again.pending || again.result != nil)

      var input = ReportInput(result: result)
      input.parallelAnalysisPending = first.pending
      #expect(ReportTables.scree(input).note == ReportInput.parallelAnalysisComputing)
      #expect(ReportMethod.lines(input).contains { $0.label == "Parallel analysis" && $0.value.hasPrefix("computing") })
      #expect(HTMLReport.render(input).contains("computing…"))

      var landed: ParallelAnalysis.Result?
      for _ in 0..<600 where landed == nil {
        landed = try await ParallelAnalysisCache.cached(for: result, simulations: 20, on: app.db)
        if landed == nil { try await Task.sleep(for: .milliseconds(100)) }
      }
      #expect(landed != nil, "the queued cache work stored it")
      #expect(!ParallelAnalysisQueue.isQueued(key), "and let its key go")
      let later = try await reader.parallelAnalysis(for: result, on: app.db, inlineUpTo: 10)
      #expect(later.result == landed && !later.pending, "the next report draws it")
      await reader.stop()
      await runner.stop()
    }
  }
}
