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
  /// The demo study, its sorts as the engine's data, and options keeping `factors` of every sort.
  static func demo(_ app: Application, factors: Int) async throws
    -> (Study, QSortData, AnalysisOptions, AnalysisParameters)
  {
    let (study, _) = try await AnalysisAPITests.demo(app)
    let data = try await StudySorts.export(study, on: app.db).qSortData()
    var options = AnalysisOptions()
    options.factors = factors
    return (study, data, options, AnalysisParameters(options: options, selection: AnalysisSelection()))
  }

  @Test("a run that lost its runner is queued again and finished; a live one is not touched")
  func staleClaims() async throws {
    try await withPOETQ { app in
      let (study, data, options, parameters) = try await Self.demo(app, factors: 3)
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
      #expect(try await runner.queue.requeueStale() == 1)
      #expect(try await Analysis.find(dead.id, on: app.db)?.status == .queued)
      #expect(try await Analysis.find(alive.id, on: app.db)?.status == .running, "a fresh heartbeat keeps its run")

      let claimed = try #require(try await runner.queue.claimNext())
      #expect(claimed.id == dead.id)
      await runner.run(claimed)
      let finished = try #require(try await Analysis.find(dead.id, on: app.db))
      #expect(finished.status == .done)
      let result = try #require(try await StoredResults.result(of: finished, on: app.db))
      #expect(result == (try QAnalysis.run(data, options: options)), "the recovered run stored the engine's result")
    }
  }

  @Test("the next queued run does not wait for the last run's parallel-analysis cache; a shutdown abandons it")
  func cacheBesideRuns() async throws {
    try await withPOETQ { app in
      let (study, data, _, parameters) = try await Self.demo(app, factors: 3)
      // A parallel analysis of a million random sets (hours in a debug build): the cache thread is
      // busy with it for the whole test.
      let runner = AnalysisRunner(database: { app.db }, logger: app.logger, parallelSimulations: 1_000_000)
      var finished: [Analysis] = []
      for name in ["First", "Second"] {
        let queued = try await AnalysisRuns.queued(
          name: name, parameters: parameters, data: data, study: study, by: nil, on: app.db)
        let claimed = try #require(try await runner.queue.claimNext())
        #expect(claimed.id == queued.id)
        await runner.run(claimed)
        finished.append(try #require(try await Analysis.find(queued.id, on: app.db)))
      }
      #expect(finished.map(\.status) == [.done, .done], "both runs finished while the first one's cache was computing")
      #expect(try await ParallelAnalysisRecord.query(on: app.db).count() == 0, "the cache is still being computed")
      await runner.stop()
      #expect(
        try await ParallelAnalysisRecord.query(on: app.db).count() == 0, "a shutdown abandons it, storing nothing")
    }
  }

  @Test("wakeAndWait: returns once the run is stored, or when its time is up for a run this instance does not run")
  func wakeAndWait() async throws {
    try await withPOETQ { app in
      let (study, data, _, parameters) = try await Self.demo(app, factors: 2)
      let queued = try await AnalysisRuns.queued(
        name: "Waited for", parameters: parameters, data: data, study: study, by: nil, on: app.db)
      let runner = AnalysisRunner(database: { app.db }, logger: app.logger, parallelSimulations: 10)
      await runner.wakeAndWait(for: try queued.requireID(), upTo: .seconds(120))
      #expect(try await Analysis.find(queued.id, on: app.db)?.status == .done, "back when the run was stored")

      let clock = ContinuousClock()
      let started = clock.now
      await runner.wakeAndWait(for: UUID(), upTo: .milliseconds(200))
      #expect(clock.now - started >= .milliseconds(200), "a run nobody finishes: back when the time is up")
      await runner.stop()
    }
  }

  @Test("a run takes the sorts its request read; a sort withdrawn since makes it read them and fail naming it")
  func handedOverSorts() async throws {
    try await withPOETQ { app in
      let (study, data, options, parameters) = try await Self.demo(app, factors: 2)
      let runner = AnalysisRunner(database: { app.db }, logger: app.logger, parallelSimulations: 10)
      func queueAndRun(_ name: String, between: () async throws -> Void) async throws -> Analysis {
        let queued = try await AnalysisRuns.queued(
          name: name, parameters: parameters, data: data, study: study, by: nil, on: app.db)
        try await between()
        let claimed = try #require(try await runner.queue.claimNext())
        #expect(claimed.id == queued.id)
        await runner.run(claimed)
        return try #require(try await Analysis.find(queued.id, on: app.db))
      }
      let participants = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
        .filter(\.$status == .completed).sort(\.$sortNumber).all()

      // A stored sort changed behind the queue's back (no participant can change a completed sort;
      // done here only to tell the two reads apart): the run used the sorts handed over.
      let changed = try #require(participants.first)
      let response = try #require(
        try await SortResponse.query(on: app.db).filter(\.$participant.$id == changed.requireID()).first())
      var placements = try JSONDecoder().decode([Int: Int].self, from: Data(response.placements.utf8))
      let other = try #require(placements.first { $0.value != placements[1] }?.key, "two different scores")
      (placements[1], placements[other]) = (placements[other], placements[1])
      let handedOver = try await queueAndRun("Handed over") {
        response.placements = try ResponseStore.json(placements)
        try await response.save(on: app.db)
      }
      #expect(handedOver.status == .done)
      let result = try #require(try await StoredResults.result(of: handedOver, on: app.db))
      #expect(result == (try QAnalysis.run(data, options: options)), "the sorts as its request read them")
      #expect(QueuedSorts.take(try handedOver.requireID()) == nil, "taken once")

      // A participant withdrawn between queueing and the run: their sort is not used.
      let leaving = participants[1]
      let withdrawn = try await queueAndRun("Withdrawn meanwhile") {
        try await ParticipantWithdrawal.withdraw(leaving, by: .participant, on: app.db)
      }
      #expect(withdrawn.status == .failed)
      #expect(withdrawn.failure?.contains(try #require(leaving.sortID)) == true, "\(withdrawn.failure ?? "")")

      // Sorts kept longer than a run would wait are dropped.
      let stale = UUID()
      QueuedSorts.keep(data, for: stale, now: Date().addingTimeInterval(-QueuedSorts.keptFor - 1))
      #expect(QueuedSorts.take(stale) == nil)
      await runner.stop()
    }
  }
}
