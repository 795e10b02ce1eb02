import Fluent
import NIOConcurrencyHelpers
import NIOPosix
import QMethod
import Vapor

/// Runs queued analyses in the background, on a thread pool of its own: never on NIO's event loops
/// (requests keep being served) and never on the blocking pool SQLite works on (participants' saves
/// keep their thread), so a 10,000-sort PCA slows nobody's autosave. Its threads also run at a lower
/// OS priority than the server's (Linux: a nice value per thread), so on a busy machine a save is
/// served before the analysis takes its next slice.
///
/// Caches a finished run leaves behind (the scree's parallel analysis, up to a minute on 10,000
/// sorts) are computed on a second, lowest-priority thread, so the next queued run starts at once.
///
/// The queue is the `analyses` table: any instance may claim a queued row with a compare-and-swap
/// update (`status` from `queued` to `running`, guarded by the old status, then read back to see
/// whose claim won), so several instances share the work without a broker. An instance looks for
/// work when an analysis is queued through it and every `pollInterval` (for rows queued elsewhere
/// or left queued by a restart). The engine's stage is written to the row as the run goes.
final class AnalysisRunner: Sendable {
  /// Computing threads. One: the machine's other cores serve requests and the database.
  static let threads = 1
  /// Nice values of the computing and cache threads (0 is the server's own; 19 the lowest).
  static let computeNice: Int32 = 15
  static let cacheNice: Int32 = 19
  /// The largest analysis whose parallel analysis is computed ahead of any report (about 6 s of a core).
  static let cachedSortsLimit = 1_000
  static let pollInterval: Duration = .seconds(5)
  static let heartbeatInterval: Duration = .seconds(10)
  /// A run without a heartbeat for this long lost its runner (six missed heartbeats).
  static let staleAfter: TimeInterval = 60

  let instance = UUID().uuidString
  private let pool: NIOThreadPool
  private let cachePool: NIOThreadPool
  private let database: @Sendable () -> any Database
  private let logger: Logger
  private let state = NIOLockedValueBox(State())

  private struct State {
    var draining = false
    var pending = false
    var stopped = false
    var poller: Task<Void, Never>?
    var drains: [UUID: Task<Void, Never>] = [:]
    var caches: [UUID: Task<Void, Never>] = [:]
    /// Requests waiting for a run to finish, by analysis id (see ``wakeAndWait(for:upTo:)``).
    var waiters: [UUID: [UUID: CheckedContinuation<Void, Never>]] = [:]
  }

  /// Simulations of the parallel analysis drawn on the reports' scree (``ParallelAnalysisCache``).
  let parallelSimulations: Int

  init(
    database: @escaping @Sendable () -> any Database, logger: Logger,
    parallelSimulations: Int = ParallelAnalysis.defaultSimulations
  ) {
    self.parallelSimulations = parallelSimulations
    pool = NIOThreadPool(numberOfThreads: Self.threads)
    pool.start()
    cachePool = NIOThreadPool(numberOfThreads: 1)
    cachePool.start()
    self.database = database
    self.logger = logger
  }

  /// Runs `body` on the runner's threads (for computations a request waits for, such as the
  /// "How many factors?" figures).
  func compute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await pool.runIfActive {
      Self.lowerPriority(to: Self.computeNice)
      return try body()
    }
  }

  static func ms(_ duration: Duration) -> String {
    "\(Int((Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) * 1000)) ms"
  }

  /// Lowers the calling thread's OS priority (on Linux a nice value belongs to the thread; elsewhere
  /// it would be the whole process's, so it is left alone there).
  static func lowerPriority(to nice: Int32) {
    #if os(Linux)
      _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
    #endif
  }

  /// Starts looking for queued work every `pollInterval`.
  func startPolling() {
    state.withLockedValue { state in
      guard state.poller == nil, !state.stopped else { return }
      state.poller = Task { [weak self] in
        while !Task.isCancelled {
          self?.wake()
          try? await Task.sleep(for: Self.pollInterval)
        }
      }
    }
  }

  /// Looks for queued analyses now (a drain already under way looks once more when it finishes).
  func wake() {
    let id = UUID()
    state.withLockedValue { state in
      guard !state.stopped else { return }
      guard !state.draining else {
        state.pending = true
        return
      }
      state.draining = true
      state.drains[id] = Task { [self] in
        await drain()
        _ = self.state.withLockedValue { $0.drains.removeValue(forKey: id) }
      }
    }
  }

  /// Stops polling, lets the run under way finish, abandons the caches being computed, and stops
  /// the threads.
  func stop() async {
    let (poller, drains, caches) = state.withLockedValue { state in
      state.stopped = true
      return (state.poller, Array(state.drains.values), Array(state.caches.values))
    }
    poller?.cancel()
    for drain in drains { await drain.value }
    for cache in caches { await cache.value }
    try? await pool.shutdownGracefully()
    try? await cachePool.shutdownGracefully()
  }

  /// Looks for queued work now, then waits until this instance finishes the run of `analysis` (done
  /// or failed) or `limit` passes, whichever comes first; never blocks a thread. A form that queued a
  /// small run uses it to land on the results (the demo's 93 sorts take some 50 ms), while a long
  /// run shows its progress page after `limit`.
  func wakeAndWait(for analysis: UUID, upTo limit: Duration = .seconds(1)) async {
    let ticket = UUID()
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      state.withLockedValue { $0.waiters[analysis, default: [:]][ticket] = continuation }
      wake()
      Task {
        try? await Task.sleep(for: limit)
        self.release(analysis, ticket: ticket)
      }
    }
  }

  /// Resumes the waiters of `analysis` (one of them when `ticket` is given), each exactly once.
  private func release(_ analysis: UUID, ticket: UUID? = nil) {
    let resumed = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
      guard let ticket else { return Array((state.waiters.removeValue(forKey: analysis) ?? [:]).values) }
      let one = state.waiters[analysis]?.removeValue(forKey: ticket)
      if state.waiters[analysis]?.isEmpty == true { state.waiters[analysis] = nil }
      return one.map { [$0] } ?? []
    }
    for continuation in resumed { continuation.resume() }
  }

  /// Computes and stores the scree's parallel analysis of a finished run on the cache thread (the
  /// reports only read it). A failure costs the line, never the result; a shutdown abandons it.
  /// `finished` is called once the work is over (stored, failed or abandoned), or at once when the
  /// runner has stopped.
  func cacheParallelAnalysis(
    of result: AnalysisResult, on db: any Database, finished: @escaping @Sendable () -> Void = {}
  ) {
    cacheWork(finished: finished) { runner in
      _ = try await ParallelAnalysisCache.ensure(
        for: result, simulations: runner.parallelSimulations, on: db, stop: { [weak runner] in runner?.stopped ?? true }
      ) { body in try await runner.onCacheThread(body) }
    }
  }

  /// Runs `work` in the background as cache work (a shutdown waits for it; its computations go to
  /// ``onCacheThread(_:)``). A failure is logged. `finished` is called once it is over, or at once
  /// when the runner has stopped.
  func cacheWork(
    finished: @escaping @Sendable () -> Void = {}, _ work: @escaping @Sendable (AnalysisRunner) async throws -> Void
  ) {
    let id = UUID()
    state.withLockedValue { state in
      guard !state.stopped else { return finished() }
      state.caches[id] = Task { [self] in
        do {
          try await work(self)
        } catch {
          logger.report(error: error)
        }
        finished()
        _ = self.state.withLockedValue { $0.caches.removeValue(forKey: id) }
      }
    }
  }

  /// Runs `body` on the lowest-priority cache thread.
  func onCacheThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await cachePool.runIfActive {
      Self.lowerPriority(to: Self.cacheNice)
      return try body()
    }
  }

  /// Whether the runner has stopped (cache work in progress abandons its simulations).
  var stopped: Bool { state.withLockedValue(\.stopped) }

  private func drain() async {
    while true {
      do {
        try await requeueStale()
      } catch {
        logger.report(error: error)
      }
      while !state.withLockedValue({ $0.stopped }) {
        do {
          guard let job = try await claimNext() else { break }
          await run(job)
        } catch {
          logger.report(error: error)
          break
        }
      }
      let again = state.withLockedValue { state -> Bool in
        if state.pending && !state.stopped {
          state.pending = false
          return true
        }
        state.draining = false
        return false
      }
      if !again { return }
    }
  }

  /// The oldest queued analysis, claimed for this instance; `nil` when none is queued.
  func claimNext() async throws -> Analysis? {
    let db = database()
    for _ in 0..<10 {
      guard let candidate = try await Analysis.query(on: db).filter(\.$status == .queued).sort(\.$createdAt).first(),
        let id = candidate.id
      else { return nil }
      let token = "\(instance) \(UUID().uuidString)"
      try await Analysis.query(on: db).filter(\.$id == id).filter(\.$status == .queued)
        .set(\.$status, to: .running).set(\.$claimedBy, to: token).set(\.$startedAt, to: Date())
        .set(\.$heartbeatAt, to: Date()).update()
      if let claimed = try await Analysis.find(id, on: db), claimed.claimedBy == token { return claimed }
      // Another instance won this one: look again.
    }
    return nil
  }

  /// Queues again the runs whose runner stopped beating (its instance was killed or restarted), each
  /// guarded by its claim, so a run claimed again in the meantime is left alone.
  /// - Returns: how many runs were queued again.
  @discardableResult
  func requeueStale(now: Date = Date()) async throws -> Int {
    let db = database()
    let limit = now.addingTimeInterval(-Self.staleAfter)
    let running = try await Analysis.query(on: db).filter(\.$status == .running).all()
    var requeued = 0
    for run in running {
      guard let id = run.id, (run.heartbeatAt ?? run.startedAt ?? .distantPast) < limit else { continue }
      var update = Analysis.query(on: db).filter(\.$id == id).filter(\.$status == .running)
      update = run.claimedBy.map { update.filter(\.$claimedBy == $0) } ?? update.filter(\.$claimedBy == nil)
      try await update.set(\.$status, to: .queued).set(\.$claimedBy, to: nil).set(\.$stage, to: nil)
        .set(\.$heartbeatAt, to: nil).update()
      logger.warning(
        "analysis \(id) lost its runner (no heartbeat since \(run.heartbeatAt ?? run.startedAt ?? now)); queued again")
      requeued += 1
    }
    return requeued
  }

  /// Runs a claimed analysis to `done` or `failed`.
  func run(_ job: Analysis) async {
    let db = database()
    guard let id = job.id, let token = job.claimedBy else { return }
    defer { release(id) }
    let mine: @Sendable () -> QueryBuilder<Analysis> = {
      Analysis.query(on: db).filter(\.$id == id).filter(\.$claimedBy == token)
    }
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
        for await stage in stages { try? await mine().set(\.$stage, to: stage).update() }
      }
      let heartbeat = Task {
        while !Task.isCancelled {
          try? await Task.sleep(for: Self.heartbeatInterval)
          try? await mine().set(\.$heartbeatAt, to: Date()).update()
        }
      }
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
      try await StoredResults.write(json, analysisID: id, run: token, on: db)
      // A re-run (or hand adjustment saved as new) takes over the interpretations of the factors it
      // matches before it is marked done, so whoever sees it done sees them too.
      if job.derivedFrom != nil {
        do { try await InterpretationCarrying.carryAll(into: job, result: result, on: db) } catch {
          logger.report(error: error)
        }
      }
      try await mine().set(\.$status, to: .done).set(\.$stage, to: nil)
        .set(\.$dataHash, to: result.dataFingerprint).set(\.$engineVersion, to: result.engineVersion)
        .set(\.$finishedAt, to: Date()).update()
      guard try await mine().filter(\.$status == .done).count() == 1 else {
        try await StoredResults.discard(analysisID: id, run: token, on: db)
        logger.warning("analysis \(id): another runner claimed it while this one ran; its result is discarded")
        return
      }
      try await StoredResults.discard(analysisID: id, allBut: token, on: db)
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
      try? await mine().set(\.$status, to: .failed).set(\.$stage, to: nil).set(\.$failure, to: reason)
        .set(\.$finishedAt, to: Date()).update()
    }
  }

  /// Starts the runner's polling when the application boots and stops it on shutdown.
  struct Lifecycle: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
      application.analysisRunner.startPolling()
    }

    /// Before the databases close, so a run under way can store its result.
    func shutdownAsync(_ application: Application) async {
      await application.existingAnalysisRunner?.stop()
    }
  }
}

extension Application {
  private struct RunnerKey: StorageKey, LockKey { typealias Value = AnalysisRunner }

  /// This instance's analysis runner, made on first use; ``AnalysisRunner/Lifecycle`` (registered in
  /// `configure`) stops it when the application shuts down, before the databases close.
  var analysisRunner: AnalysisRunner {
    locks.lock(for: RunnerKey.self).withLock {
      if let runner = storage[RunnerKey.self] { return runner }
      // Tests run debug builds, some 20 times slower: 50 random sets keep a run of the demo quick.
      let runner = AnalysisRunner(
        database: { [unowned self] in self.db }, logger: logger,
        parallelSimulations: environment == .testing ? 50 : ParallelAnalysis.defaultSimulations)
      storage[RunnerKey.self] = runner
      return runner
    }
  }

  /// The runner if one was made.
  var existingAnalysisRunner: AnalysisRunner? {
    locks.lock(for: RunnerKey.self).withLock { storage[RunnerKey.self] }
  }
}
