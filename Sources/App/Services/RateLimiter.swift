import Fluent
import Vapor

/// Limits stored in the database, so several instances behind a load balancer share them: each
/// counted event is a row (`rate_limit_hits`); a key is limited when `limit` rows fall within the
/// window. Old rows are purged as new ones come.
struct RateLimiter {
  /// What is limited, how many times, within which window.
  struct Rule: Sendable {
    var bucket: String
    var limit: Int
    var window: TimeInterval
  }

  /// Failed sign-ins per client address and e-mail.
  static func login(attempts: Int, window: TimeInterval) -> Rule {
    Rule(bucket: "login", limit: attempts, window: window)
  }
  /// Failed sign-ins per client address, whatever the e-mail (a varied e-mail is no way round).
  static func loginAddress(attempts: Int, window: TimeInterval) -> Rule {
    Rule(bucket: "login-address", limit: attempts * 4, window: window)
  }
  /// Participants created through a study's open-access link, per client address and study.
  static let openAccessPerAddress = Rule(bucket: "open-access-address", limit: 20, window: 60 * 60)
  /// Participants created through a study's open-access link, per study (a spray of addresses).
  static let openAccessPerStudy = Rule(bucket: "open-access-study", limit: 1_000, window: 60 * 60)
  /// Unknown participant codes tried per client address (guessing codes).
  static let unknownCodes = Rule(bucket: "unknown-code", limit: 30, window: 15 * 60)

  let db: any Database

  /// Whether `key` is still below `rule`'s limit now.
  func allows(_ rule: Rule, _ key: String, now: Date = Date()) async throws -> Bool {
    let count = try await RateLimitHit.query(on: db).filter(\.$bucket == rule.bucket).filter(\.$key == key)
      .filter(\.$createdAt > now.addingTimeInterval(-rule.window)).count()
    return count < rule.limit
  }

  /// Counts one event for `key`; now and then, drops events older than a day.
  func record(_ rule: Rule, _ key: String, now: Date = Date()) async throws {
    try await RateLimitHit(bucket: rule.bucket, key: key, createdAt: now).create(on: db)
    if Int.random(in: 0..<200) == 0 {
      try await RateLimitHit.query(on: db).filter(\.$createdAt < now.addingTimeInterval(-86_400)).delete()
    }
  }

  /// Forgets `key`'s events (a successful sign-in clears its failures).
  func reset(_ rule: Rule, _ key: String) async throws {
    try await RateLimitHit.query(on: db).filter(\.$bucket == rule.bucket).filter(\.$key == key).delete()
  }
}

extension Request {
  var rateLimiter: RateLimiter { RateLimiter(db: db) }

  /// The client's address as the limits count it.
  var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
