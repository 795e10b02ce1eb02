import Fluent
import Foundation
import POETQKit

/// Finds participants whose stored sort is submitted but whose status never became `completed`
/// and completes them. Analyses and exports read completed participants only, so such a sort
/// would be silently left out. Before the flow and the status were saved in one transaction a
/// failure between the two writes (or a process killed there) left exactly this behind; the
/// check runs after every migration, at start-up and in `poetq migrate`.
enum SubmittedStatusRepair {
  /// Statuses a submitted sort can lag behind. A participant's own decision (declined, withdrawn)
  /// is never overwritten.
  static let lagging: [Participant.Status] = [.invited, .opened, .consented, .inProgress]

  /// Completes every participant whose response is submitted and whose status lags it.
  ///
  /// - Returns: How many participants were completed.
  @discardableResult
  static func run(on db: any Database, logger: Logger) async throws -> Int {
    let submitted = try await SortResponse.query(on: db)
      .filter(\.$stage == FlowStage.submitted.rawValue)
      .field(\.$participant.$id)
      .all()
      .map(\.$participant.id)
    guard !submitted.isEmpty else { return 0 }
    var repaired = 0
    // In slices, so no statement carries more parameters than a database accepts.
    for start in stride(from: 0, to: submitted.count, by: 500) {
      let slice = Array(submitted[start..<min(start + 500, submitted.count)])
      let lagging = try await Participant.query(on: db)
        .filter(\.$id ~~ slice)
        .filter(\.$status ~~ Self.lagging)
        .all()
      for participant in lagging {
        participant.status = .completed
        try await participant.save(on: db)
      }
      repaired += lagging.count
    }
    if repaired > 0 {
      logger.warning("Completed \(repaired) participant(s) whose submitted sort had not been counted as completed.")
    }
    return repaired
  }
}
