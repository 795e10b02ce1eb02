import Foundation
import Prometheus

/// What `GET /metrics` reports, in Prometheus's text format: requests by route pattern, method and
/// status, the participants' save latency, and (read from the database when scraped) participants
/// by status, responses by stage and analyses by status. One registry per application, so tests
/// that run several applications in one process do not add up each other's counts.
final class ServiceMetrics: Sendable {
  let registry = PrometheusCollectorRegistry()

  /// Save latencies from 1 ms to 10 s: the participant targets are single milliseconds, the
  /// overloaded figures of issue 26 seconds.
  static let saveBuckets: [Duration] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000].map {
    .milliseconds($0)
  }

  /// The pattern of a participant's page (`/p/:code`) as the request log names routes.
  static let participantPattern = SiteRoute.participant(code: .key, .flow).href

  /// Counts a finished request; a participant's save (a POST under `/p/`) also feeds the latency
  /// histogram. `route` is the pattern (`/p/:code`), never the path, so no code reaches a label.
  func record(route: String, method: String, status: UInt, duration: Duration) {
    registry.makeCounter(
      descriptor: .init(
        namespace: "poetq", metricName: "http_requests", unitName: "total",
        helpText: "HTTP requests answered, by route pattern, method and status."),
      labels: [("route", route), ("method", method), ("status", String(status))]
    ).increment()
    if method == "POST", route == Self.participantPattern || route.hasPrefix(Self.participantPattern + "/") {
      registry.makeDurationHistogram(
        descriptor: .init(
          namespace: "poetq", metricName: "participant_save_duration", unitName: "seconds",
          helpText: "Time to answer a participant's save (a POST under /p/), by route pattern."),
        labels: [("route", route)], buckets: Self.saveBuckets
      ).record(duration)
    }
  }

  /// Sets a gauge of `name` for each value of `label`: `counts` where present, 0 for the `known`
  /// values not counted (so a stage that empties shows 0, not its last count).
  func set(_ name: String, help: String, label: String, counts: [String: Int], known: [String]) {
    let descriptor = MetricNameDescriptor(namespace: "poetq", metricName: name, helpText: help)
    for value in Set(known).union(counts.keys).sorted() {
      registry.makeGauge(descriptor: descriptor, labels: [(label, value)]).set(to: Double(counts[value] ?? 0))
    }
  }

  func text() -> String { registry.emitToString() }
}
