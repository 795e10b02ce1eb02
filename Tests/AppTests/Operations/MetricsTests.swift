import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// `GET /metrics` and the request log (issue 26): counters that move, a token off the loopback
/// interface, and log lines that name routes, never participants' codes.
@Suite("Metrics and request log")
struct MetricsTests {
  @Test("GET /metrics over the loopback interface: requests by route and status and the save latency move")
  func scrape() async throws {
    try await withRunningPOETQ { app, baseURL in
      let port = SocketSession(baseURL: baseURL).port
      let (study, _) = try await AnalysisAPITests.demo(app)
      let participants = try await SavingParticipants.atPresort(app, study: study, count: 2)

      let first = try await SocketHTTP.send(port: port, method: "GET", path: "/metrics")
      #expect(first.status == 200, "\(first.body.prefix(300))")
      #expect(first.header("Content-Type")?.hasPrefix("text/plain") == true)
      let healthBefore = Self.value(first.body, "poetq_http_requests_total", ["route=\"/healthz\"", "status=\"200\""])
      let savesBefore = Self.value(first.body, "poetq_participant_save_duration_seconds_count", ["route=\"/p/:code\""])
      #expect(Self.value(first.body, "poetq_participants", ["status=\"in_progress\""]) ?? 0 >= 2)
      #expect(Self.value(first.body, "poetq_analyses", ["status=\"queued\""]) == 0)

      for _ in 0..<3 { _ = try await SocketHTTP.send(port: port, method: "GET", path: "/healthz") }
      _ = try await SocketHTTP.send(port: port, method: "GET", path: "/no-such-page")
      let saving = SavingParticipants()
      for client in participants { try await saving.save(port: port, client, limit: 2) }
      #expect(saving.failures.isEmpty, "\(saving.failures)")

      let second = try await SocketHTTP.send(port: port, method: "GET", path: "/metrics")
      #expect(second.status == 200)
      let healthAfter = Self.value(second.body, "poetq_http_requests_total", ["route=\"/healthz\"", "status=\"200\""])
      #expect(healthAfter == (healthBefore ?? 0) + 3, "three /healthz counted")
      #expect(
        Self.value(second.body, "poetq_participant_save_duration_seconds_count", ["route=\"/p/:code\""])
          == (savesBefore ?? 0) + 4, "four saves in the latency histogram")
      #expect(
        Self.value(
          second.body, "poetq_http_requests_total", ["route=\"/p/:code\"", "method=\"POST\"", "status=\"200\""])
          ?? 0 >= 4)
      #expect(
        Self.value(second.body, "poetq_http_requests_total", ["route=\"unmatched\"", "status=\"404\""]) ?? 0 >= 1)
      for client in participants { #expect(!second.body.contains(client.code), "no code in a label") }
    }
  }

  @Test("off the loopback interface, or through a proxy, GET /metrics needs POETQ_METRICS_TOKEN's bearer token")
  func token() async throws {
    try await withRunningPOETQ { app, baseURL in
      let port = SocketSession(baseURL: baseURL).port
      // In process there is no peer address: not local. Without a token configured: refused.
      try await app.testing().test(.GET, "/metrics") { response in
        #expect(response.status == .forbidden)
        #expect(!response.body.string.contains("poetq_http_requests_total"))
      }
      // On loopback, but forwarded by a proxy on the same host: refused too.
      let proxied = try await SocketHTTP.send(
        port: port, method: "GET", path: "/metrics", headers: [("X-Forwarded-For", "203.0.113.9")])
      #expect(proxied.status == 403)

      app.poetqConfig.metricsToken = "scrape-token-123"
      try await app.testing().test(.GET, "/metrics") { response in
        #expect(response.status == .unauthorized)
      }
      try await app.testing().test(.GET, "/metrics", headers: ["Authorization": "Bearer wrong-token-123"]) {
        #expect($0.status == .unauthorized)
      }
      try await app.testing().test(.GET, "/metrics", headers: ["Authorization": "Bearer scrape-token-123"]) {
        #expect($0.status == .ok)
        #expect($0.body.string.contains("poetq_http_requests_total"))
      }
      let proxiedWithToken = try await SocketHTTP.send(
        port: port, method: "GET", path: "/metrics",
        headers: [("X-Forwarded-For", "203.0.113.9"), ("Authorization", "Bearer scrape-token-123")])
      #expect(proxiedWithToken.status == 200)
    }
  }

  @Test("one log line per request: id, route pattern, status, duration; never a participant's code")
  func logLines() async throws {
    try await withPOETQ { app in
      let lines = NIOLockedValueBox<[RequestLogLine]>([])
      app.requestLog.listen { line in lines.withLockedValue { $0.append(line) } }
      var (_, client) = try await ParticipantSavingTests.atPresort(app)
      let statement = try #require(client.presortStatement)
      try await client.post([("action", "presort"), ("statement", String(statement)), ("pile", "agree")])
      try await client.get("?step=nowhere&email=someone@example.org")
      var requestID: String?
      try await app.testing().test(.GET, "/healthz") { requestID = $0.headers.first(name: "X-Request-Id") }

      let logged = lines.withLockedValue { $0 }
      #expect(logged.count >= 8)
      let participantLines = logged.filter { $0.route.hasPrefix("/p/") }
      #expect(!participantLines.isEmpty)
      #expect(participantLines.contains { $0.route == "/p/:code" && $0.method == "POST" && $0.status == 303 })
      for line in logged {
        let text = line.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        #expect(!text.contains(client.code), "no code: \(text)")
        #expect(!text.contains("example.org"), "no e-mail address: \(text)")
        #expect(!line.id.isEmpty && line.milliseconds >= 0)
      }
      let health = try #require(logged.last { $0.route == "/healthz" })
      #expect(health.id == requestID, "the id the response carried")
      #expect(health.status == 200)
    }
  }

  /// The value of the sample of `metric` whose labels include all of `labels`.
  static func value(_ text: String, _ metric: String, _ labels: [String]) -> Int? {
    for line in text.split(separator: "\n") where line.hasPrefix(metric + "{") || line.hasPrefix(metric + " ") {
      guard labels.allSatisfy({ line.contains($0) }), let number = line.split(separator: " ").last else { continue }
      return Double(number).map { Int($0) }
    }
    return nil
  }
}
