import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// The background runner's recovery: a run whose instance died (its heartbeat stopped) is queued
/// again and finished by a live runner; a run with a fresh heartbeat is left to its runner.
@Suite("Analysis runner")
struct AnalysisRunnerTests {
  @Test("a run that lost its runner is queued again and finished; a live one is not touched")
  func staleClaims() async throws {
    try await withPOETQ { app in
      let (study, _) = try await AnalysisAPITests.demo(app)
      let data = try await StudySorts.export(study, on: app.db).qSortData()
      var options = AnalysisOptions()
      options.factors = 3
      let parameters = AnalysisParameters(options: options, selection: AnalysisSelection())
      func running(heartbeat: Date) async throws -> Analysis {
        let analysis = try await AnalysisRuns.queued(
          name: "Claimed", parameters: parameters, data: data, study: study, by: nil, on: app.db)
        analysis.status = .running
        analysis.claimedBy = "an instance that is gone"
        analysis.startedAt = heartbeat
        analysis.heartbeatAt = heartbeat
        try await analysis.save(on: app.db)
        return analysis
      }
      let dead = try await running(heartbeat: Date().addingTimeInterval(-300))
      let alive = try await running(heartbeat: Date())

      let runner = app.analysisRunner
      #expect(try await runner.requeueStale() == 1)
      #expect(try await Analysis.find(dead.id, on: app.db)?.status == .queued)
      #expect(try await Analysis.find(alive.id, on: app.db)?.status == .running, "a fresh heartbeat keeps its run")

      let claimed = try #require(try await runner.claimNext())
      #expect(claimed.id == dead.id)
      await runner.run(claimed)
      let finished = try #require(try await Analysis.find(dead.id, on: app.db))
      #expect(finished.status == .done)
      let result = try JSONDecoder().decode(AnalysisResult.self, from: Data(finished.result.utf8))
      #expect(result == (try QAnalysis.run(data, options: options)), "the recovered run stored the engine's result")
    }
  }
}
