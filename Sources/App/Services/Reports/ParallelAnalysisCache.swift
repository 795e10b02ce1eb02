import Fluent
import Foundation
import NIOConcurrencyHelpers
import POETQKit
import QMethod

/// Horn's parallel analysis for the scree plot of the reports, computed once per shape of data and
/// kept in `parallel_analyses`.
///
/// The thresholds depend on the random data's shape (sorts, statements, grid), the correlation, the
/// number of simulations, the percentile and the seed, never on the sorts themselves
/// (``ReportInput/parallelAnalysisKey(of:simulations:percentile:seed:)``): every analysis of the
/// same shape shares one row. ``AnalysisRunner`` computes it just after it marks a run done, so a report
/// (which must render in well under a second) only reads it. A report of an analysis without one
/// computes it on the runner's threads once when the analysis is small (about half a second for 93
/// sorts); for one above ``AnalysisRunner/cachedSortsLimit`` sorts (a minute at 10,000) it is queued
/// as cache work and the report says "computing…" until it lands.
enum ParallelAnalysisCache {
  /// The stored parallel analysis for `result`'s shape, with `suggested` counted against its
  /// eigenvalues; `nil` when none is stored.
  static func cached(
    for result: AnalysisResult, simulations: Int = ParallelAnalysis.defaultSimulations, on db: any Database
  ) async throws -> ParallelAnalysis.Result? {
    let key = ReportInput.parallelAnalysisKey(of: result, simulations: simulations)
    return try await stored(key: key, on: db).map { counted($0, against: result.screeEigenvalues) }
  }

  /// The parallel analysis stored under `key` (its suggestion is the one of the data it was computed for).
  static func stored(key: String, on db: any Database) async throws -> ParallelAnalysis.Result? {
    guard let record = try await ParallelAnalysisRecord.query(on: db).filter(\.$key == key).first() else { return nil }
    return try? JSONDecoder().decode(ParallelAnalysis.Result.self, from: Data(record.result.utf8))
  }

  /// Stores `result` under `key`; one stored first by another run of the same shape is kept (the same
  /// numbers: same seed).
  static func store(_ result: ParallelAnalysis.Result, key: String, on db: any Database) async throws {
    let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
    do {
      try await ParallelAnalysisRecord(key: key, result: json).create(on: db)
    } catch let error as any DatabaseError where error.isConstraintFailure {}
  }

  /// The stored parallel analysis, or one computed with `compute` (the runner's threads) and stored.
  /// `nil` when the data cannot have one (a grid that does not hold the statements, fewer than 2 sorts)
  /// or `stop` abandoned it.
  static func ensure(
    for result: AnalysisResult, simulations: Int = ParallelAnalysis.defaultSimulations, on db: any Database,
    stop: @escaping @Sendable () -> Bool = { false },
    compute:
      @Sendable (@escaping @Sendable () throws -> ParallelAnalysis.Result) async throws ->
      ParallelAnalysis.Result
  ) async throws -> ParallelAnalysis.Result? {
    if let stored = try await cached(for: result, simulations: simulations, on: db) { return stored }
    let made: ParallelAnalysis.Result
    do {
      made = try await compute { try ReportInput.parallelAnalysis(of: result, simulations: simulations, stop: stop) }
    } catch is QMethodError {
      return nil
    }
    try await store(made, key: ReportInput.parallelAnalysisKey(of: result, simulations: simulations), on: db)
    return made
  }

  /// `stored` with its suggestion counted for `observed`: leading eigenvalues above their threshold.
  static func counted(_ stored: ParallelAnalysis.Result, against observed: [Double]) -> ParallelAnalysis.Result {
    var result = stored
    result.suggested = zip(observed, stored.thresholds).prefix { $0 > $1 }.count
    return result
  }
}

extension AnalysisRunner {
  /// "How many factors?" for `data` of `study`, on the factor-count thread (``FactorCountWork``,
  /// not the runner's, whose queued analyses must not wait behind it), with the parallel analysis
  /// read from the cache when data of this shape had one (the page then answers in a few
  /// milliseconds instead of a second), else computed and stored for the next reader.
  func factorCount(_ data: QSortData, options: FactorCount.Options, study: UUID, on db: any Database) async throws
    -> FactorCount.Result
  {
    let key = ReportInput.parallelAnalysisKey(
      sorts: data.sortCount, statements: data.statementCount, distribution: data.distribution,
      correlation: options.analysis.correlation, simulations: options.simulations, percentile: options.percentile,
      seed: options.seed)
    let known = try await ParallelAnalysisCache.stored(key: key, on: db)
    let counted = try await FactorCountWork.run(study: study, logger: db.logger) {
      try FactorCount.compute(data, options: options, parallel: known)
    }
    if known == nil { try await ParallelAnalysisCache.store(counted.parallel, key: key, on: db) }
    return counted
  }

  /// "How many factors?" for the page: as ``factorCount(_:options:study:on:)`` when the parallel
  /// analysis of data of this shape is stored or the data has at most ``cachedSortsLimit`` sorts.
  /// Above that, without a stored one, the other figures are computed now and the parallel
  /// analysis (a minute of simulations at 10,000 sorts) is queued as cache work: `pending` is set and
  /// the result's `parallel` holds no line (thresholds that nothing exceeds), which the page must
  /// not show; it says "computing…" instead.
  func factorCountForPage(_ data: QSortData, options: FactorCount.Options, study: UUID, on db: any Database)
    async throws -> (result: FactorCount.Result, pending: Bool)
  {
    let key = ReportInput.parallelAnalysisKey(
      sorts: data.sortCount, statements: data.statementCount, distribution: data.distribution,
      correlation: options.analysis.correlation, simulations: options.simulations, percentile: options.percentile,
      seed: options.seed)
    guard data.sortCount > Self.cachedSortsLimit, try await ParallelAnalysisCache.stored(key: key, on: db) == nil
    else {
      return (try await factorCount(data, options: options, study: study, on: db), false)
    }
    let none = try Self.noLine(count: min(data.sortCount, data.statementCount), options: options)
    let counted = try await FactorCountWork.run(study: study, logger: db.logger) {
      try FactorCount.compute(data, options: options, parallel: none)
    }
    if ParallelAnalysisQueue.claim(key) {
      let eigenvalues = counted.eigenvalues
      let work: @Sendable (AnalysisRunner) async throws -> Void = { runner in
        // A test may hold this work to show the page does not wait for it.
        if let latch = ParallelAnalysisQueue.holding(key) { await latch.wait() }
        let made = try await runner.onCacheThread {
          try ParallelAnalysis.run(
            observed: eigenvalues, sorts: data.sortCount, statements: data.statementCount,
            distribution: data.distribution, correlation: options.analysis.correlation,
            simulations: options.simulations, percentile: options.percentile, seed: options.seed,
            stop: { [weak runner] in runner?.stopped ?? true })
        }
        try await ParallelAnalysisCache.store(made, key: key, on: db)
      }
      cacheWork(finished: { ParallelAnalysisQueue.release(key) }, work)
    }
    return (counted, true)
  }

  /// A parallel analysis with no line (every threshold out of reach), standing in for one being
  /// computed so the other "How many factors?" figures need not wait for it. Never shown.
  static func noLine(count: Int, options: FactorCount.Options) throws -> ParallelAnalysis.Result {
    let json = """
      {"simulations":\(options.simulations),"percentile":\(options.percentile),"seed":\(options.seed),\
      "thresholds":[\(Array(repeating: "1e300", count: count).joined(separator: ","))],\
      "means":[\(Array(repeating: "0", count: count).joined(separator: ","))],"suggested":0}
      """
    return try JSONDecoder().decode(ParallelAnalysis.Result.self, from: Data(json.utf8))
  }

  /// The parallel analysis of `result` (``parallelSimulations`` sets) for a report being written:
  /// the stored one; else, for an analysis of up to `inlineUpTo` sorts (half a second's work), one
  /// computed on the runner's threads and stored; else none, with `pending` set: the computation is
  /// queued as cache work on the lowest-priority thread (once per shape, however many readers ask)
  /// and the report says it is computing. A large analysis's minute of simulations never runs inside
  /// a request, nor on the thread queued runs wait for.
  func parallelAnalysis(
    for result: AnalysisResult, on db: any Database, inlineUpTo: Int = AnalysisRunner.cachedSortsLimit
  ) async throws -> (result: ParallelAnalysis.Result?, pending: Bool) {
    if let stored = try await ParallelAnalysisCache.cached(for: result, simulations: parallelSimulations, on: db) {
      return (stored, false)
    }
    guard result.sorts.count > inlineUpTo else {
      let made = try await ParallelAnalysisCache.ensure(for: result, simulations: parallelSimulations, on: db) {
        body in try await self.compute(body)
      }
      return (made, false)
    }
    let key = ReportInput.parallelAnalysisKey(of: result, simulations: parallelSimulations)
    if ParallelAnalysisQueue.claim(key) {
      if let latch = ParallelAnalysisQueue.holding(key) {
        // A test holds this work to show the request does not wait for it.
        Task {
          await latch.wait()
          self.cacheParallelAnalysis(of: result, on: db) { ParallelAnalysisQueue.release(key) }
        }
      } else {
        cacheParallelAnalysis(of: result, on: db) { ParallelAnalysisQueue.release(key) }
      }
    }
    return (nil, true)
  }
}

/// The parallel analyses queued as cache work in this process, by key, so that a report downloaded
/// ten times while one computes queues it once.
enum ParallelAnalysisQueue {
  private static let keys = NIOLockedValueBox<Set<String>>([])

  /// Whether `key` was not queued yet (and now is).
  static func claim(_ key: String) -> Bool { keys.withLockedValue { $0.insert(key).inserted } }
  static func release(_ key: String) { _ = keys.withLockedValue { $0.remove(key) } }
  static func isQueued(_ key: String) -> Bool { keys.withLockedValue { $0.contains(key) } }

  private static let held = NIOLockedValueBox<[String: Latch]>([:])

  /// Test hook: work queued for `key` from now on waits until the returned latch is opened (which
  /// also ends the hold), so a test can show a request answered while its cache work has not run.
  static func hold(_ key: String) -> Latch {
    let latch = Latch { held.withLockedValue { _ = $0.removeValue(forKey: key) } }
    held.withLockedValue { $0[key] = latch }
    return latch
  }

  static func holding(_ key: String) -> Latch? { held.withLockedValue { $0[key] } }

  /// A one-way gate: ``wait()`` returns once ``open()`` has been called.
  final class Latch: Sendable {
    private let state = NIOLockedValueBox<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))
    private let opened: @Sendable () -> Void

    init(opened: @escaping @Sendable () -> Void = {}) { self.opened = opened }

    func open() {
      opened()
      let waiting = state.withLockedValue { state in
        state.open = true
        defer { state.waiting = [] }
        return state.waiting
      }
      for continuation in waiting { continuation.resume() }
    }

    func wait() async {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumeNow = state.withLockedValue { state in
          if state.open { return true }
          state.waiting.append(continuation)
          return false
        }
        if resumeNow { continuation.resume() }
      }
    }
  }
}
