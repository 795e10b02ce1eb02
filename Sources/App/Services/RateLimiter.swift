import Fluent
import SQLKit
import Vapor

/// Limits stored in the database, so several instances behind a load balancer share them: one row
/// per bucket and key (`rate_limit_counters`) holds how many attempts its current window has
/// counted. Checking and counting are one statement (an upsert that returns the new count), so
/// requests arriving together cannot all be let through on the same old count.
struct RateLimiter {
  /// What is limited, how many times, within which window.
  struct Rule: Sendable {
    var bucket: String
    var limit: Int
    var window: TimeInterval
  }

  /// Sign-ins per client address and e-mail (a successful one clears them).
  static func login(attempts: Int, window: TimeInterval) -> Rule {
    Rule(bucket: "login", limit: attempts, window: window)
  }
  /// Failed sign-ins per client address, whatever the e-mail (a varied e-mail is no way round).
  static func loginAddress(attempts: Int, window: TimeInterval) -> Rule {
    Rule(bucket: "login-address", limit: attempts * 4, window: window)
  }
  /// Participants created through a study's open-access link, per client address and study: few
  /// enough that a handful of addresses cannot use up the study's budget.
  static let openAccessPerAddress = Rule(bucket: "open-access-address", limit: 10, window: 60 * 60)
  /// The same per network (IPv4 /24, IPv6 /48) and study: a flood from one provider's range.
  static let openAccessPerNetwork = Rule(bucket: "open-access-network", limit: 40, window: 60 * 60)
  /// Participants created through a study's open-access link, per study (a spray of addresses).
  static let openAccessPerStudy = Rule(bucket: "open-access-study", limit: 1_000, window: 60 * 60)
  /// Unknown participant codes tried per client address (guessing codes).
  static let unknownCodes = Rule(bucket: "unknown-code", limit: 30, window: 15 * 60)

  let db: any Database

  private var sql: any SQLDatabase {
    get throws {
      guard let sql = db as? any SQLDatabase else {
        throw ServerFault("rate limits need an SQL database")
      }
      return sql
    }
  }

  /// Counts one attempt for `key` and says whether it is within `rule`'s limit, in one statement.
  /// A window that has passed starts again at 1. An attempt refused still counts (a flood keeps
  /// its key shut), and the count past the limit tells how many were refused (``state(_:_:now:)``).
  func take(_ rule: Rule, _ key: String, now: Date = Date()) async throws -> Bool {
    let time = now.timeIntervalSince1970
    let expired = time - rule.window
    let row = try await sql.raw(
      """
      INSERT INTO rate_limit_counters (bucket, "key", count, window_start) VALUES (\(bind: rule.bucket), \(bind: key), 1, \(bind: time))
      ON CONFLICT (bucket, "key") DO UPDATE SET
      count = CASE WHEN rate_limit_counters.window_start <= \(bind: expired) THEN 1 ELSE rate_limit_counters.count + 1 END,
      window_start = CASE WHEN rate_limit_counters.window_start <= \(bind: expired) THEN \(bind: time) ELSE rate_limit_counters.window_start END
      RETURNING count
      """
    ).first()
    let count = try row?.decode(column: "count", as: Int.self) ?? Int.max
    if Int.random(in: 0..<200) == 0 {
      try await sql.raw("DELETE FROM rate_limit_counters WHERE window_start < \(bind: time - 86_400)").run()
    }
    return count <= rule.limit
  }

  /// Gives back an attempt `take` counted that turned out not to count (a code that exists, a
  /// participant that was not created).
  func giveBack(_ rule: Rule, _ key: String) async throws {
    try await sql.raw(
      """
      UPDATE rate_limit_counters SET count = count - 1 WHERE bucket = \(bind: rule.bucket) AND "key" = \(bind: key) AND count > 0
      """
    ).run()
  }

  /// Forgets `key`'s attempts (a successful sign-in clears its failures).
  func reset(_ rule: Rule, _ key: String) async throws {
    try await sql.raw(
      "DELETE FROM rate_limit_counters WHERE bucket = \(bind: rule.bucket) AND \"key\" = \(bind: key)"
    ).run()
  }

  /// `key`'s count in its current window and when that window opened; nil when it has none.
  func state(_ rule: Rule, _ key: String, now: Date = Date()) async throws -> (count: Int, since: Date)? {
    let row = try await sql.raw(
      """
      SELECT count, window_start FROM rate_limit_counters
      WHERE bucket = \(bind: rule.bucket) AND "key" = \(bind: key) AND window_start > \(bind: now.timeIntervalSince1970 - rule.window)
      """
    ).first()
    guard let row else { return nil }
    return (
      try row.decode(column: "count", as: Int.self),
      Date(timeIntervalSince1970: try row.decode(column: "window_start", as: Double.self))
    )
  }
}

extension Request {
  var rateLimiter: RateLimiter { RateLimiter(db: db) }

  /// The client's address as the limits count it: the socket's peer, or, when that peer is one of
  /// `POETQ_TRUSTED_PROXIES`, the address it forwarded for (``TrustedProxies/clientAddress(peer:forwardedFor:)``).
  var clientAddress: String {
    application.poetqConfig.trustedProxies.clientAddress(
      peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor])
  }
}
