import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Limits that hold under concurrency and behind a proxy (issue 24): a limit is checked and counted
/// in one statement, so simultaneous attempts meet it exactly; a full sign-in pool answers a 503
/// page, logged once per burst; `X-Forwarded-For` is believed only from `POETQ_TRUSTED_PROXIES`;
/// and a flood of open-access sign-ups from a few addresses cannot close the link for everyone else.
@Suite("Limits that hold")
struct LimitsTests {
  /// The sum of the counters of `bucket` (all keys) in the current windows.
  static func counted(_ bucket: String, on db: any Database) async throws -> Int {
    let sql = try #require(db as? any SQLDatabase)
    let rows = try await sql.raw("SELECT count FROM rate_limit_counters WHERE bucket = \(bind: bucket)").all()
    return try rows.reduce(0) { $0 + (try $1.decode(column: "count", as: Int.self)) }
  }

  /// `count` posts of `body` to `path` at once, each on its own connection; their statuses.
  static func postAtOnce(
    port: Int, path: String, count: Int, headers: @escaping @Sendable (Int) -> [(String, String)],
    body: @escaping @Sendable (Int) -> String
  ) async throws -> [SocketHTTP.Response] {
    try await withThrowingTaskGroup(of: SocketHTTP.Response.self) { group in
      for index in 0..<count {
        group.addTask {
          try await SocketHTTP.send(
            port: port, method: "POST", path: path,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", SocketSession.browserAccept)]
              + headers(index),
            body: Data(body(index).utf8))
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
  }

  @Test("16 simultaneous password guesses over a real port meet the limit of 5: five are checked, 11 refused")
  func simultaneousGuesses() async throws {
    try await withRunningPOETQ { app, baseURL in
      try await User(
        email: "ada@example.org", name: "Ada", passwordHash: Bcrypt.hash("correct horse battery", cost: 4),
        isAdmin: false
      ).save(on: app.db)
      var session = SocketSession(baseURL: baseURL)
      try await session.get("/login")
      let cookie = try #require(session.cookie)
      let csrf = try #require(session.csrf)
      let responses = try await Self.postAtOnce(
        port: session.port, path: "/login", count: 16, headers: { _ in [("Cookie", cookie)] },
        body: { index in "email=ada%40example.org&password=guess-\(index)&csrf=\(SocketSession.encode(csrf))" })
      let statuses = responses.map(\.status).sorted()
      #expect(statuses.filter { $0 == 401 }.count == 5, "exactly five guesses were checked: \(statuses)")
      #expect(statuses.filter { $0 == 429 }.count == 11, "the other eleven were refused unchecked: \(statuses)")
      // And the right password is refused too until the window passes.
      let right = try await session.postForm(
        "/login", [("email", "ada@example.org"), ("password", "correct horse battery")])
      #expect(right.status == 429)
    }
  }

  @Test("a full sign-in pool answers a 503 page (not 500) asking to retry, and logs once per burst")
  func signInPoolFull() async throws {
    try await withRunningPOETQ { app, baseURL in
      // A pool of one thread with no queue, and a slow hash: simultaneous sign-ins overflow it.
      app.passwordHasher = PasswordHasher(threads: 1, maxWaiting: 1)
      let hash = try Bcrypt.hash("correct horse battery", cost: 12)
      for index in 0..<8 {
        try await User(email: "u\(index)@example.org", name: "U", passwordHash: hash, isAdmin: false).save(on: app.db)
      }
      var session = SocketSession(baseURL: baseURL)
      try await session.get("/login")
      let cookie = try #require(session.cookie)
      let csrf = try #require(session.csrf)
      let responses = try await Self.postAtOnce(
        port: session.port, path: "/login", count: 8, headers: { _ in [("Cookie", cookie)] },
        body: { index in "email=u\(index)%40example.org&password=wrong&csrf=\(SocketSession.encode(csrf))" })
      let statuses = responses.map(\.status)
      #expect(!statuses.contains(500), "never a server error: \(statuses)")
      let busy = try #require(responses.first { $0.status == 503 }, "some were refused: \(statuses)")
      #expect(busy.body.contains("Too many sign-ins at once"), "\(busy.body.prefix(400))")
      #expect(busy.body.contains("<html"), "a page in the product's layout")
      #expect(busy.header("Retry-After") != nil)
    }
  }

  /// Records what is logged.
  final class CapturedLog: @unchecked Sendable {
    let lines = NIOLockedValueBox([String]())

    var logger: Logger {
      Logger(label: "test") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
      let log: CapturedLog
      var metadata: Logger.Metadata = [:]
      var logLevel: Logger.Level = .trace
      subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
      }
      func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
      ) {
        log.lines.withLockedValue { $0.append("\(level): \(message)") }
      }
    }
  }

  @Test("busy refusals: one log line when a burst starts, the count of the last burst with the next")
  func burstLogging() {
    let log = CapturedLog()
    let refusals = BusyRefusals("the pool is full")
    let start = ContinuousClock.now
    for step in 0..<3_000 { refusals.note(log.logger, now: start + .milliseconds(step)) }
    #expect(log.lines.withLockedValue { $0.count } == 1, "3,000 refusals in 3 s: one line")
    refusals.note(log.logger, now: start + .seconds(60))
    let lines = log.lines.withLockedValue { $0 }
    #expect(lines.count == 2)
    #expect(lines.last?.contains("the previous burst refused 3000") == true, "\(lines)")
    #expect(lines.allSatisfy { $0.hasPrefix("warning") })
  }

  @Test("POETQ_TRUSTED_PROXIES: addresses and CIDR ranges; X-Forwarded-For believed only from them")
  func trustedProxyParsing() throws {
    let proxies = try TrustedProxies(parsing: " 10.0.0.0/8, 192.168.1.7 ,fd00::/8")
    #expect(proxies.trusts("10.200.3.4") && proxies.trusts("192.168.1.7") && proxies.trusts("fd12::1"))
    #expect(!proxies.trusts("192.168.1.8") && !proxies.trusts("11.0.0.1") && !proxies.trusts("fe80::1"))
    #expect(proxies.trusts("::ffff:10.1.1.1"), "an IPv4-mapped peer is its IPv4 address")
    // From a trusted proxy: the nearest untrusted hop, read from the right.
    #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["1.2.3.4, 10.0.0.9"]) == "1.2.3.4")
    #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["6.6.6.6", "1.2.3.4"]) == "1.2.3.4")
    // A client's own forged entry left of the real one is not believed.
    #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["9.9.9.9, 1.2.3.4"]) == "1.2.3.4")
    #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: []) == "10.0.0.5")
    #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["not-an-address"]) == "10.0.0.5")
    // From anyone else the header is ignored.
    #expect(proxies.clientAddress(peer: "1.2.3.4", forwardedFor: ["5.6.7.8"]) == "1.2.3.4")
    #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", forwardedFor: ["5.6.7.8"]) == "127.0.0.1")
    #expect(TrustedProxies.network(of: "203.0.113.77") == "203.0.113.0/24")
    #expect(TrustedProxies.network(of: "2001:db8:1:2::5") == "2001:0db8:0001::/48")

    for bad in ["10.0.0.0/33", "proxy.example.org", "10.0.0.1/x", "::1/129"] {
      #expect(throws: TrustedProxies.InvalidEntry.self) { try TrustedProxies(parsing: bad) }
    }
    let config = try AppConfig.fromEnvironment(
      ["POETQ_TRUSTED_PROXIES": "127.0.0.1,::1"], dataDirectory: "/tmp/x", hostname: "127.0.0.1", port: 8080)
    #expect(config.trustedProxies.trusts("::1"))
    #expect(throws: (any Error).self) {
      try AppConfig.fromEnvironment(
        ["POETQ_TRUSTED_PROXIES": "everyone"], dataDirectory: "/tmp/x", hostname: "127.0.0.1", port: 8080)
    }
  }

  @Test("behind a trusted proxy, unknown-code limits count each client, not the proxy, over a real port")
  func limitsPerClientBehindProxy() async throws {
    try await withRunningPOETQ { app, baseURL in
      app.poetqConfig.trustedProxies = try TrustedProxies(parsing: "127.0.0.1")
      let port = SocketSession(baseURL: baseURL).port
      func guess(_ index: Int, from client: String) async throws -> Int {
        try await SocketHTTP.send(
          port: port, method: "GET", path: "/p/unknown-\(client)-\(index)", headers: [("X-Forwarded-For", client)]
        ).status
      }
      for index in 0..<30 { #expect(try await guess(index, from: "10.1.1.1") == 404) }
      #expect(try await guess(30, from: "10.1.1.1") == 429, "the guesser is stopped")
      #expect(try await guess(0, from: "10.2.2.2") == 404, "another client behind the same proxy is not")
      // Without the setting, the header is nobody's word: every guess counts against the socket's peer.
      app.poetqConfig.trustedProxies = .none
      for index in 0..<30 { #expect(try await guess(index, from: "10.3.3.\(index)") == 404) }
      #expect(try await guess(0, from: "10.4.4.4") == 429)
    }
  }

  @Test("open access: 50 addresses of one network flooding the link cannot close it for a real participant")
  func openAccessFlood() async throws {
    try await withRunningPOETQ { app, baseURL in
      app.poetqConfig.trustedProxies = try TrustedProxies(parsing: "127.0.0.1")
      _ = try await ParticipantClient.openedTemplate(app) { $0.openAccess = true }
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "poetq").first())
      let site = try #require(try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).first())
      let body = "site=\(try site.requireID().uuidString)"
      let port = SocketSession(baseURL: baseURL).port
      // 50 addresses × 20 sign-ups: the old limits (20 per address, 1,000 per study) let all 1,000
      // through and closed the link for an hour.
      var created = 0
      for round in 0..<20 {
        let responses = try await Self.postAtOnce(
          port: port, path: "/s/poetq", count: 50, headers: { [("X-Forwarded-For", "203.0.113.\($0 + 1)")] },
          body: { _ in body })
        created += responses.filter { $0.status == 303 }.count
        let others = responses.filter { $0.status != 303 }
        #expect(others.allSatisfy { $0.status == 429 }, "round \(round): \(others.map(\.status))")
      }
      #expect(created == RateLimiter.openAccessPerNetwork.limit, "one network's budget: \(created)")
      let participant = try await SocketHTTP.send(
        port: port, method: "POST", path: "/s/poetq",
        headers: [("Content-Type", "application/x-www-form-urlencoded"), ("X-Forwarded-For", "198.51.100.7")],
        body: Data(body.utf8))
      #expect(participant.status == 303, "a real participant elsewhere still gets in: \(participant.status)")
    }
  }

  @Test("the monitor tells the researcher when the open-access link's hourly budget was used up")
  func openAccessBudgetNotice() async throws {
    try await withPOETQ { app in
      var (browser, study, _) = try await ParticipantClient.openedTemplate(app) { $0.openAccess = true }
      let monitor = "/studies/\(study.slug)/monitor"
      #expect(!(try await browser.get(monitor).body.string.contains("open-access-budget")))
      let limiter = RateLimiter(db: app.db)
      for _ in 0..<(RateLimiter.openAccessPerStudy.limit + 3) {
        _ = try await limiter.take(RateLimiter.openAccessPerStudy, study.slug)
      }
      let page = try await browser.get(monitor).body.string
      #expect(page.contains("id=\"open-access-budget\""))
      #expect(page.contains("has refused 3 people since"), "\(page)")
    }
  }
}
