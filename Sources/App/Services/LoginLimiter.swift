import Foundation
import NIOConcurrencyHelpers

/// Counts failed logins per client address and e-mail; after `attempts` failures within `window`,
/// further attempts are refused until the window has passed. Per server instance, in memory.
final class LoginLimiter: Sendable {
  private let attempts: Int
  private let window: TimeInterval
  private let failures = NIOLockedValueBox<[String: [Date]]>([:])

  init(attempts: Int, window: TimeInterval) {
    self.attempts = attempts
    self.window = window
  }

  /// Whether another attempt for `key` may be tried now.
  func allows(_ key: String, now: Date = Date()) -> Bool {
    failures.withLockedValue { table in
      let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
      table[key] = recent
      return recent.count < attempts
    }
  }

  func recordFailure(_ key: String, now: Date = Date()) {
    failures.withLockedValue { table in
      table[key, default: []].append(now)
      // Many distinct keys (a spray of addresses) must not grow the table for ever.
      if table.count > 10_000 {
        table = table.filter { _, times in times.contains { now.timeIntervalSince($0) < window } }
      }
    }
  }

  func reset(_ key: String) {
    failures.withLockedValue { _ = $0.removeValue(forKey: key) }
  }
}
