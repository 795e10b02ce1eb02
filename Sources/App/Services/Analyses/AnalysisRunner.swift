import Fluent
import Foundation
import NIOConcurrencyHelpers
import QMethod
import Vapor

/// Runs queued analyses in the background: it looks for work when an analysis is queued through
/// this instance (``wake()``) and every ``pollInterval`` (for rows queued elsewhere or left queued by
/// a restart), takes the queued runs one after the other from the ``AnalysisQueue`` (claims,
/// heartbeat, requeue of lost runs), computes them on its ``AnalysisThreads`` (own threads, low
/// priority), tells the ``AnalysisWaiters`` when a run is over, and leaves the caches a finished run
/// needs to cache work beside the next run (`AnalysisRunner+Caches.swift`). One run's steps, from
/// claim to done: `AnalysisRunner+Run.swift`. (Vapor for `Logger.report(error:)`.)
final class AnalysisRunner: Sendable {
  /// The largest analysis whose parallel analysis is computed ahead of any report (about 6 s of a core).
  static let cachedSortsLimit = 1_000
  static let pollInterval: Duration = .seconds(5)

  let queue: AnalysisQueue
  let threads = AnalysisThreads()
  let waiters = AnalysisWaiters()
  let database: @Sendable () -> any Database
  let logger: Logger
  let state = NIOLockedValueBox(State())

  struct State {
    var draining = false
    var pending = false
    var stopped = false
    var poller: Task<Void, Never>?
    var drains: [UUID: Task<Void, Never>] = [:]
    var caches: [UUID: Task<Void, Never>] = [:]
  }

  /// Simulations of the parallel analysis drawn on the reports' scree (``ParallelAnalysisCache``).
  let parallelSimulations: Int

  init(
    database: @escaping @Sendable () -> any Database, logger: Logger,
    parallelSimulations: Int = ParallelAnalysis.defaultSimulations
  ) {
    self.parallelSimulations = parallelSimulations
    self.database = database
    self.logger = logger
    queue = AnalysisQueue(instance: UUID().uuidString, database: database, logger: logger)
  }

  /// Runs `body` on the runner's threads (for computations a request waits for, such as the
  /// "How many factors?" figures).
  func compute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await threads.compute(body)
  }

  /// Runs `body` on the lowest-priority cache thread.
  func onCacheThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await threads.onCacheThread(body)
  }

  static func ms(_ duration: Duration) -> String {
    "\(Int((Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) * 1000)) ms"
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

  /// Looks for queued work now, then waits until this instance finishes the run of `analysis` (done
  /// or failed) or `limit` passes, whichever comes first; never blocks a thread. A form that queued a
  /// small run uses it to land on the results, while a long run shows its progress page after `limit`.
  func wakeAndWait(for analysis: UUID, upTo limit: Duration = .seconds(1)) async {
    await waiters.wait(for: analysis, upTo: limit) { wake() }
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
    await threads.shutdown()
  }

  /// Whether the runner has stopped (cache work in progress abandons its simulations).
  var stopped: Bool { state.withLockedValue(\.stopped) }

  /// Requeues lost runs, then runs queued ones until none is left; once more if woken meanwhile.
  private func drain() async {
    while true {
      do {
        try await queue.requeueStale()
      } catch {
        logger.report(error: error)
      }
      while !state.withLockedValue({ $0.stopped }) {
        do {
          guard let job = try await queue.claimNext() else { break }
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
}
