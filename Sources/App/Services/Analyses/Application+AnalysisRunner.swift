import QMethod
import Vapor

extension AnalysisRunner {
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
