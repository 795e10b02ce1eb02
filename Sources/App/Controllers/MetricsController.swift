import Fluent
import SQLKit
import Vapor

/// `GET /metrics`: ``ServiceMetrics`` in Prometheus's text format. Answered to a client on the
/// loopback interface (a Prometheus on the same host) that came through no proxy, or to anyone
/// with `Authorization: Bearer <POETQ_METRICS_TOKEN>` when that is set. A request a proxy
/// forwarded (it carries `Forwarded`, `X-Forwarded-For` or `X-Real-IP`) is not taken for a local one,
/// since a proxy on the same host connects from 127.0.0.1 on behalf of anyone.
struct MetricsController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get("metrics", use: show)
  }

  func show(req: Request) async throws -> Response {
    try Self.authorize(req)
    let metrics = req.application.serviceMetrics
    try await Self.readCounts(into: metrics, on: req.db)
    var headers = HTTPHeaders()
    headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4"])
    headers.cacheControl = .init(noStore: true)
    return Response(status: .ok, headers: headers, body: .init(string: metrics.text()))
  }

  static func authorize(_ req: Request) throws {
    if let token = req.application.poetqConfig.metricsToken, !token.isEmpty {
      if let bearer = req.headers.bearerAuthorization?.token, constantTimeEqual(bearer, token) { return }
      if isLocal(req) { return }
      throw Abort(
        .unauthorized, headers: ["WWW-Authenticate": "Bearer"],
        reason: "Metrics: send Authorization: Bearer with the token POETQ_METRICS_TOKEN holds.")
    }
    guard isLocal(req) else {
      throw Abort(
        .forbidden,
        reason: "Metrics are answered on the loopback interface only; set POETQ_METRICS_TOKEN to scrape from elsewhere."
      )
    }
  }

  /// A client on this host that came through no proxy.
  static func isLocal(_ req: Request) -> Bool {
    let forwarded = ["Forwarded", "X-Forwarded-For", "X-Real-IP"].contains { req.headers.first(name: $0) != nil }
    guard !forwarded, let address = req.remoteAddress?.ipAddress else { return false }
    return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
  }

  static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
  }

  /// Participants by status, responses by stage, analyses by status and mail jobs by state, counted now (four
  /// grouped counts on indexed or small tables).
  static func readCounts(into metrics: ServiceMetrics, on db: any Database) async throws {
    guard let sql = db as? any SQLDatabase else { return }
    func counts(_ column: String, in table: String) async throws -> [String: Int] {
      let rows = try await sql.raw(
        "SELECT \(ident: column) AS value, COUNT(*) AS n FROM \(ident: table) GROUP BY \(ident: column)"
      ).all()
      var counts: [String: Int] = [:]
      for row in rows {
        counts[try row.decode(column: "value", as: String.self)] = try row.decode(column: "n", as: Int.self)
      }
      return counts
    }
    metrics.set(
      "participants", help: "Participants by status (invited, opened, in_progress, completed …).", label: "status",
      counts: try await counts("status", in: Participant.schema), known: Participant.Status.allCases.map(\.rawValue))
    metrics.set(
      "responses", help: "Participants' responses by the stage they are at.", label: "stage",
      counts: try await counts("stage", in: SortResponse.schema), known: [])
    metrics.set(
      "analyses", help: "Analysis jobs by status (queued, running, done, failed).", label: "status",
      counts: try await counts("status", in: Analysis.schema), known: Analysis.Status.allCases.map(\.rawValue))
    metrics.set(
      "mail_jobs", help: "Invitation and reminder jobs by state (queued, sending, sent, failed, skipped).",
      label: "state", counts: try await counts("state", in: MailJob.schema),
      known: MailJob.State.allCases.map(\.rawValue))
  }
}
