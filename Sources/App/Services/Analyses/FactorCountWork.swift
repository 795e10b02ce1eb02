import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import QMethod

/// Where "How many factors?" is computed for someone waiting (the page, the API): a thread of its
/// own at a low priority, never the analysis runner's, so a viewer asking again and again cannot
/// delay anyone's analyses; at most ``perStudy`` computations of one study at a time (more are
/// refused with 503); and simulations from a short list (``allowedSimulations``), so each shape of
/// data has its parallel analysis computed a few times at most and read from the cache after.
enum FactorCountWork {
  /// The numbers of random sets the API accepts (the page always uses the default, 1,000).
  static let allowedSimulations = [10, 100, 500, ParallelAnalysis.defaultSimulations]
  static let perStudy = 2

  private static let pool: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: 1)
    pool.start()
    return pool
  }()
  private static let running = NIOLockedValueBox([UUID: Int]())
  private static let refusals = BusyRefusals("too many \"How many factors?\" computations for one study")

  /// The `simulations` a request asked for, or 422 naming the field.
  static func simulations(_ asked: Int) throws -> Int {
    guard allowedSimulations.contains(asked) else {
      throw AnalysisSelection.invalid(
        "simulations",
        "use one of \(allowedSimulations.map(String.init).joined(separator: ", ")), not \(asked)")
    }
    return asked
  }

  /// Runs `body` for `study` on the factor-count thread, or refuses (503) when the study already has
  /// ``perStudy`` computations under way.
  static func run<T: Sendable>(study: UUID, logger: Logger, _ body: @escaping @Sendable () throws -> T) async throws
    -> T
  {
    let admitted = running.withLockedValue { running in
      guard running[study, default: 0] < perStudy else { return false }
      running[study, default: 0] += 1
      return true
    }
    guard admitted else {
      refusals.note(logger)
      throw BusyRefusals.error(
        "“How many factors?” is already being computed for this study. Try again in a moment.", retryAfter: 10)
    }
    defer {
      running.withLockedValue { running in
        running[study, default: 1] -= 1
        if running[study] == 0 { running[study] = nil }
      }
    }
    return try await pool.runIfActive {
      AnalysisThreads.lowerPriority(to: AnalysisThreads.computeNice)
      return try body()
    }
  }

  /// How many computations of `study` are under way (for tests).
  static func underWay(_ study: UUID) -> Int { running.withLockedValue { $0[study, default: 0] } }
}
