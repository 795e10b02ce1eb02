import Foundation
import NIOConcurrencyHelpers
import QMethod

/// The sorts a request has just read to queue an analysis, kept for this process's runner so the
/// run does not read them again: for 10,000 sorts that second read held a database connection and
/// an event loop for a third of a second, beside participants' saves. Kept briefly, for a run
/// claimed here soon after; a run another instance claims, or one claimed later, reads its own.
enum QueuedSorts {
  static let keptFor: TimeInterval = 60
  private static let kept = NIOLockedValueBox<[UUID: (data: QSortData, at: Date)]>([:])

  /// Keeps `data` for the analysis queued as `analysis`, dropping what has waited too long.
  static func keep(_ data: QSortData, for analysis: UUID, now: Date = Date()) {
    kept.withLockedValue { kept in
      kept = kept.filter { fresh($0.value.at, now) }
      kept[analysis] = (data, now)
    }
  }

  /// The sorts kept for `analysis`, once (nil when none were, or they waited too long).
  static func take(_ analysis: UUID, now: Date = Date()) -> QSortData? {
    kept.withLockedValue { kept in
      kept.removeValue(forKey: analysis).flatMap { fresh($0.at, now) ? $0.data : nil }
    }
  }

  private static func fresh(_ keptAt: Date, _ now: Date) -> Bool { now.timeIntervalSince(keptAt) < keptFor }
}
