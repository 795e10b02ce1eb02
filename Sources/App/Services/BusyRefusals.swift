import Foundation
import Logging
import NIOConcurrencyHelpers

/// Requests refused because the server is busy (503: the sign-in pool is full, too many imports at
/// once, the server is stopping), logged once per burst rather than a line per request: a flood of
/// 3,000 refused sign-ins is one warning when it starts and one count when the next burst begins.
final class BusyRefusals: Sendable {
  /// Quiet for this long, a burst is over.
  static let burstGap: Duration = .seconds(10)

  private struct State {
    var lastRefusal: ContinuousClock.Instant?
    var inBurst = 0
  }

  private let what: String
  private let state = NIOLockedValueBox(State())

  init(_ what: String) { self.what = what }

  /// Counts a refusal and logs it when it starts a burst (with the previous burst's count).
  func note(_ logger: Logger, now: ContinuousClock.Instant = .now) {
    let previous: Int? = state.withLockedValue { state in
      defer { state.lastRefusal = now }
      if let last = state.lastRefusal, now - last < Self.burstGap {
        state.inBurst += 1
        return nil
      }
      let previous = state.inBurst
      state.inBurst = 1
      return previous
    }
    guard let previous else { return }
    let before = previous > 1 ? " (the previous burst refused \(previous))" : ""
    logger.warning("Busy: \(what); refused with 503 — further refusals in this burst are counted, not logged\(before)")
  }

  /// The refusal a busy server answers (503 with Retry-After: the page in the product's layout, or
  /// JSON), asking to retry.
  static func error(_ reason: String, retryAfter seconds: Int = 5) -> Refusal {
    .busy(reason, retryAfter: seconds)
  }
}
