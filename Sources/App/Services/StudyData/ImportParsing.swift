import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// Where uploaded data files are read (``SortImport/screen(_:study:on:)``): two threads of their own,
/// so at most two files are unpacked and parsed at once, never on NIO's event loops (requests keep
/// being served) nor on the blocking pool SQLite works on. A few more wait their turn; beyond that
/// an upload is refused at once (503) rather than queued, so a burst of large uploads cannot hold
/// a gigabyte of parsed workbooks in memory together.
enum ImportParsing {
  static let threads = 2
  /// Uploads that may wait for a thread (beyond those being read).
  static let maxWaiting = 4

  private static let pool: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: threads)
    pool.start()
    return pool
  }()
  private static let admitted = NIOLockedValueBox(0)
  private static let refusals = BusyRefusals("too many data files being read at once")

  /// How many uploads are being read or waiting.
  static var inProgress: Int { admitted.withLockedValue { $0 } }

  /// Runs `read` on the import threads, or refuses with 503 when too many are already reading or waiting.
  static func run<T: Sendable>(logger: Logger, _ read: @escaping @Sendable () throws -> T) async throws -> T {
    let entered = admitted.withLockedValue { count in
      guard count < threads + maxWaiting else { return false }
      count += 1
      return true
    }
    guard entered else {
      refusals.note(logger)
      throw BusyRefusals.error(
        "Several data files are being read right now. Nothing was imported: send the file again in a minute.",
        retryAfter: 30)
    }
    defer { admitted.withLockedValue { $0 -= 1 } }
    return try await pool.runIfActive(read)
  }
}
