import Fluent
import Foundation
import QMethod

/// The queue of analyses is the `analyses` table, shared by every instance without a broker: an
/// instance claims a queued row with a compare-and-swap update (`status` from `queued` to `running`,
/// guarded by the old status, then read back to see whose claim won); a claimed run beats a heartbeat
/// into its row; a run whose heartbeat stopped lost its instance (killed or restarted) and is queued
/// again. Every write of a run goes through its ``Claim``, so a run that lost its claim changes nothing.
struct AnalysisQueue: Sendable {
  /// How often a claimed run writes its heartbeat.
  static let heartbeatInterval: Duration = .seconds(10)
  /// A run without a heartbeat for this long lost its runner (six missed heartbeats).
  static let staleAfter: TimeInterval = 60

  /// This instance's name in its claims.
  let instance: String
  let database: @Sendable () -> any Database
  let logger: Logger

  /// The oldest queued analysis, claimed for this instance; `nil` when none is queued.
  func claimNext() async throws -> Analysis? {
    let db = database()
    for _ in 0..<10 {
      guard let candidate = try await Analysis.query(on: db).filter(\.$status == .queued).sort(\.$createdAt).first(),
        let id = candidate.id
      else { return nil }
      let token = "\(instance) \(UUID().uuidString)"
      try await Analysis.query(on: db).filter(\.$id == id).filter(\.$status == .queued)
        .set(\.$status, to: .running).set(\.$claimedBy, to: token).set(\.$startedAt, to: Date())
        .set(\.$heartbeatAt, to: Date()).update()
      if let claimed = try await Analysis.find(id, on: db), claimed.claimedBy == token { return claimed }
      // Another instance won this one: look again.
    }
    return nil
  }

  /// Queues again the runs whose runner stopped beating (its instance was killed or restarted), each
  /// guarded by its claim, so a run claimed again in the meantime is left alone.
  /// - Returns: how many runs were queued again.
  @discardableResult
  func requeueStale(now: Date = Date()) async throws -> Int {
    let db = database()
    let limit = now.addingTimeInterval(-Self.staleAfter)
    let running = try await Analysis.query(on: db).filter(\.$status == .running).all()
    var requeued = 0
    for run in running {
      guard let id = run.id, (run.heartbeatAt ?? run.startedAt ?? .distantPast) < limit else { continue }
      var update = Analysis.query(on: db).filter(\.$id == id).filter(\.$status == .running)
      update = run.claimedBy.map { update.filter(\.$claimedBy == $0) } ?? update.filter(\.$claimedBy == nil)
      try await update.set(\.$status, to: .queued).set(\.$claimedBy, to: nil).set(\.$stage, to: nil)
        .set(\.$heartbeatAt, to: nil).update()
      logger.warning(
        "analysis \(id) lost its runner (no heartbeat since \(run.heartbeatAt ?? run.startedAt ?? now)); queued again")
      requeued += 1
    }
    return requeued
  }

  /// The claim on `job` (a row ``claimNext()`` returned); `nil` for a row no one claimed.
  func claim(of job: Analysis) -> Claim? {
    guard let id = job.id, let token = job.claimedBy else { return nil }
    return Claim(id: id, token: token, db: database())
  }

  /// One run's hold on its row: every write is guarded by the claim's token.
  struct Claim: Sendable {
    let id: UUID
    let token: String
    let db: any Database

    /// The row, while this run still holds it.
    private func row() -> QueryBuilder<Analysis> {
      Analysis.query(on: db).filter(\.$id == id).filter(\.$claimedBy == token)
    }

    /// Shows the engine's stage in the row (the analysis page and the API read it while it runs).
    func show(stage: String) async { try? await row().set(\.$stage, to: stage).update() }

    /// Writes the heartbeat every ``AnalysisQueue/heartbeatInterval`` until cancelled.
    func beat() -> Task<Void, Never> {
      Task {
        while !Task.isCancelled {
          try? await Task.sleep(for: AnalysisQueue.heartbeatInterval)
          try? await row().set(\.$heartbeatAt, to: Date()).update()
        }
      }
    }

    /// Marks the run done (one small write, after its result is stored).
    /// - Returns: whether this run still held its row (else another runner claimed it meanwhile).
    func done(_ result: AnalysisResult) async throws -> Bool {
      try await row().set(\.$status, to: .done).set(\.$stage, to: nil)
        .set(\.$dataHash, to: result.dataFingerprint).set(\.$engineVersion, to: result.engineVersion)
        .set(\.$finishedAt, to: Date()).update()
      return try await row().filter(\.$status == .done).count() == 1
    }

    /// Marks the run failed, with the reason the analysis page shows.
    func failed(_ reason: String) async {
      try? await row().set(\.$status, to: .failed).set(\.$stage, to: nil).set(\.$failure, to: reason)
        .set(\.$finishedAt, to: Date()).update()
    }
  }
}
