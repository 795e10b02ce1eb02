import Fluent
import Foundation
import QMethod
import Vapor

extension AnalysisRunner {
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
}
