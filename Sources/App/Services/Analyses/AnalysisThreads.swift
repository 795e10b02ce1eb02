import Foundation
import NIOPosix

#if os(Linux)
  import Glibc
#endif

/// The threads analyses are computed on: a pool of their own, never NIO's event loops (requests keep
/// being served) nor the blocking pool SQLite works on (participants' saves keep their thread), so a
/// 10,000-sort PCA slows nobody's autosave. They run at a lower OS priority than the server's (Linux:
/// a nice value per thread), so on a busy machine a save is served before an analysis takes its next
/// slice. Caches a finished run leaves behind go to a second thread at the lowest priority, so the
/// next queued run starts at once.
final class AnalysisThreads: Sendable {
  /// Computing threads. One: the machine's other cores serve requests and the database.
  static let computeThreads = 1
  /// Nice values of the computing and cache threads (0 is the server's own; 19 the lowest).
  static let computeNice: Int32 = 15
  static let cacheNice: Int32 = 19

  private let computePool: NIOThreadPool
  private let cachePool: NIOThreadPool

  init() {
    computePool = NIOThreadPool(numberOfThreads: Self.computeThreads)
    computePool.start()
    cachePool = NIOThreadPool(numberOfThreads: 1)
    cachePool.start()
  }

  /// Runs `body` on a computing thread.
  func compute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await computePool.runIfActive {
      Self.lowerPriority(to: Self.computeNice)
      return try body()
    }
  }

  /// Runs `body` on the lowest-priority cache thread.
  func onCacheThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await cachePool.runIfActive {
      Self.lowerPriority(to: Self.cacheNice)
      return try body()
    }
  }

  /// Stops both pools once their work is done.
  func shutdown() async {
    try? await computePool.shutdownGracefully()
    try? await cachePool.shutdownGracefully()
  }

  /// Lowers the calling thread's OS priority (on Linux a nice value belongs to the thread; elsewhere
  /// it would be the whole process's, so it is left alone there).
  static func lowerPriority(to nice: Int32) {
    #if os(Linux)
      _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
    #endif
  }
}
