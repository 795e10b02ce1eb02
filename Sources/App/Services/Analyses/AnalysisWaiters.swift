import Foundation
import NIOConcurrencyHelpers

/// Who waits for which run: a form that queued a small run waits for it (the demo's 93 sorts take
/// some 50 ms) to land on the results, while a long run shows its progress page when the wait is up.
/// Waiting never blocks a thread, and every waiter is resumed exactly once: by the run's end or by its
/// own time limit, whichever comes first.
final class AnalysisWaiters: Sendable {
  /// The waiting requests by analysis id, each under a ticket of its own.
  private let waiting = NIOLockedValueBox([UUID: [UUID: CheckedContinuation<Void, Never>]]())

  /// Waits until ``release(_:)`` of `analysis` or until `limit` passes. `registered` is called once
  /// the wait is recorded (so a run it starts cannot finish unseen).
  func wait(for analysis: UUID, upTo limit: Duration, registered: @Sendable () -> Void) async {
    let ticket = UUID()
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      waiting.withLockedValue { $0[analysis, default: [:]][ticket] = continuation }
      registered()
      Task {
        try? await Task.sleep(for: limit)
        self.release(analysis, ticket: ticket)
      }
    }
  }

  /// Resumes everyone waiting for `analysis` (its run is over).
  func release(_ analysis: UUID) { release(analysis, ticket: nil) }

  /// Resumes the waiters of `analysis` (one of them when `ticket` is given), each exactly once.
  private func release(_ analysis: UUID, ticket: UUID?) {
    let resumed = waiting.withLockedValue { waiting -> [CheckedContinuation<Void, Never>] in
      guard let ticket else { return Array((waiting.removeValue(forKey: analysis) ?? [:]).values) }
      let one = waiting[analysis]?.removeValue(forKey: ticket)
      if waiting[analysis]?.isEmpty == true { waiting[analysis] = nil }
      return one.map { [$0] } ?? []
    }
    for continuation in resumed { continuation.resume() }
  }
}
