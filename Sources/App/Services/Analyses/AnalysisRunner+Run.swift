import Fluent
import Foundation
import QMethod
import Vapor

extension AnalysisRunner {
  /// Runs a claimed analysis to `done` or `failed`: reads its sorts (or takes those its request
  /// read), computes on the runner's threads while its claim beats a heartbeat and shows the stage,
  /// stores the result, carries interpretations to a re-run, marks it done, then releases whoever
  /// waits for it.
  func run(_ job: Analysis) async {
    guard let claim = queue.claim(of: job) else { return }
    let id = claim.id
    let db = database()
    defer { waiters.release(id) }
    do {
      let clock = ContinuousClock()
      let started = clock.now
      let parameters = try AnalysisParameters.decode(job.parameters)
      // The sorts its request read moments ago, unless one of them has been withdrawn since (the
      // withdrawal marked this row): then read again, and the run fails naming the withdrawn sort.
      let kept = QueuedSorts.take(id).flatMap { job.needsRerun ? nil : $0 }
      let data: QSortData
      if let kept { data = kept } else { data = try await AnalysisRuns.data(for: job, on: db) }
      let read = clock.now
      let (stages, continuation) = AsyncStream<String>.makeStream()
      let writer = Task {
        for await stage in stages { await claim.show(stage: stage) }
      }
      let heartbeat = claim.beat()
      defer { heartbeat.cancel() }
      // The result's JSON (megabytes for 10,000 sorts) is written on the runner's thread too, not
      // on the threads that serve requests.
      let outcome: Result<(AnalysisResult, Data), any Error>
      do {
        outcome = .success(
          try await compute {
            let result = try Self.analyse(data, options: parameters.options) { continuation.yield($0) }
            return (result, try result.jsonData())
          })
      } catch {
        outcome = .failure(error)
      }
      continuation.finish()
      await writer.value
      let (result, json) = try outcome.get()
      let computed = clock.now
      // The result first, in parts under this run's claim (``StoredResults``), then "done" in one
      // small write, so a reader never sees a done run without its result. A run that lost its
      // claim meanwhile takes its parts back; the winner clears what any other run left.
      try await StoredResults.write(json, analysisID: id, run: claim.token, on: db)
      // A re-run (or hand adjustment saved as new) takes over the interpretations of the factors it
      // matches before it is marked done, so whoever sees it done sees them too.
      if job.derivedFrom != nil {
        do { try await InterpretationCarrying.carryAll(into: job, result: result, on: db) } catch {
          logger.report(error: error)
        }
      }
      guard try await claim.done(result) else {
        try await StoredResults.discard(analysisID: id, run: claim.token, on: db)
        logger.warning("analysis \(id): another runner claimed it while this one ran; its result is discarded")
        return
      }
      try await StoredResults.discard(analysisID: id, allBut: claim.token, on: db)
      logger.info(
        "analysis \(id) done: \(data.sortCount) sorts \(kept == nil ? "read" : "handed over") in \(Self.ms(read - started)), computed and written as JSON in \(Self.ms(computed - read)), stored in \(Self.ms(clock.now - computed))"
      )
      // The scree plot's parallel-analysis line, computed once the result is stored and beside the
      // next run (it must delay neither "done" nor the runs queued after this one). Not for large
      // analyses: 1,000 simulations of 10,000 sorts keep a core busy for a minute, and even at the
      // lowest priority that tripled participants' save times on two cores (p99 0.14 → 0.45 s). A
      // report asked for before it is stored computes it itself.
      if result.sorts.count <= Self.cachedSortsLimit { cacheParallelAnalysis(of: result, on: db) }
    } catch {
      let reason = (error as? QMethodError).map(\.webMessage) ?? "the run stopped: \(error)"
      if !(error is QMethodError) { logger.report(error: error) }
      await claim.failed(reason)
    }
  }
}
