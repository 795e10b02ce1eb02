import NIOConcurrencyHelpers
import Vapor

/// One structured log line per request, and its count in ``ServiceMetrics``: a request id (also
/// sent back as `X-Request-Id`), the method, the route pattern (`/p/:code`, never the path, which
/// would carry a participant's code), the status and the duration. Nothing from the query, the
/// headers or the body is logged, so no code, e-mail address or answer reaches the log.
/// Outermost in the chain, so it sees the status the error pages chose.
struct RequestLogMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    let started = ContinuousClock.now
    let id = request.id
    do {
      let response = try await next.respond(to: request)
      response.headers.replaceOrAdd(name: "X-Request-Id", value: id)
      finish(request, status: response.status.code, since: started)
      return response
    } catch {
      finish(request, status: (error as? any AbortError)?.status.code ?? 500, since: started)
      throw error
    }
  }

  private func finish(_ request: Request, status: UInt, since started: ContinuousClock.Instant) {
    let duration = ContinuousClock.now - started
    let line = RequestLogLine(
      id: request.id, method: request.method.rawValue, route: request.routePattern, status: status,
      milliseconds: Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
    request.application.serviceMetrics.record(
      route: line.route, method: line.method, status: status, duration: duration)
    request.application.requestLog.write(line, to: request.logger)
  }
}

/// What the request log says about one request.
struct RequestLogLine: Sendable, Equatable {
  var id: String
  var method: String
  var route: String
  var status: UInt
  var milliseconds: Double

  var metadata: Logger.Metadata {
    [
      "request-id": .string(id), "method": .string(method), "route": .string(route),
      "status": .stringConvertible(status), "duration_ms": .string(String(format: "%.1f", milliseconds)),
    ]
  }
}

/// Where request log lines go: the request's logger (level info), unless a test listens instead.
final class RequestLog: Sendable {
  private let listener = NIOLockedValueBox<(@Sendable (RequestLogLine) -> Void)?>(nil)

  func write(_ line: RequestLogLine, to logger: Logger) {
    if let listen = listener.withLockedValue({ $0 }) {
      listen(line)
    } else {
      // The message is fixed; everything else is metadata, so log tools can filter by field.
      logger.info("request", metadata: line.metadata)
    }
  }

  /// Hands every line to `listen` instead of the log (tests).
  func listen(_ listen: @escaping @Sendable (RequestLogLine) -> Void) { listener.withLockedValue { $0 = listen } }
}

extension Request {
  /// The matched route's pattern (`/p/:code`), or `unmatched` (static files, unknown addresses):
  /// what the log and the metrics name a request by, never its path.
  var routePattern: String {
    guard let route else { return "unmatched" }
    return "/" + route.path.map(\.description).joined(separator: "/")
  }
}

extension Application {
  private struct MetricsKey: StorageKey { typealias Value = ServiceMetrics }
  private struct RequestLogKey: StorageKey { typealias Value = RequestLog }

  /// This application's metrics; made by `configure`.
  var serviceMetrics: ServiceMetrics {
    get { storage[MetricsKey.self] ?? ServiceMetrics() }
    set { storage[MetricsKey.self] = newValue }
  }

  var requestLog: RequestLog {
    get { storage[RequestLogKey.self] ?? RequestLog() }
    set { storage[RequestLogKey.self] = newValue }
  }
}
