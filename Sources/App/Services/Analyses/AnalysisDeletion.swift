import Fluent
import Foundation

/// Deleting a stored analysis: the row, its result's parts and its interpretations go in one
/// transaction, and the audit log keeps that it happened (its name and who did it, never content).
/// A study whose participant withdrew can so be rid of every analysis that still holds their sort.
/// The parallel-analysis figures are cached by the data's shape, not per analysis, and hold no sort.
enum AnalysisDeletion {
  /// Deletes `analysis` of `study`.
  /// - Throws: 409 while it is running (its runner is writing the result; delete it when done).
  static func delete(_ analysis: Analysis, study: Study, by userID: UUID, on db: any Database) async throws {
    let id = try analysis.requireID()
    try await db.transaction { db in
      guard let current = try await Analysis.query(on: db).filter(\.$id == id).first() else { return }
      guard current.status != .running else {
        throw Refusal.conflict("This analysis is running; delete it when it has finished.")
      }
      try await InterpretationRecord.query(on: db).filter(\.$analysis.$id == id).delete()
      try await AnalysisResultPart.query(on: db).filter(\.$analysis.$id == id).delete()
      // Analyses made from this one keep their own work; only the link back goes.
      try await Analysis.query(on: db).filter(\.$derivedFrom == id).set(\.$derivedFrom, to: nil).update()
      try await current.delete(on: db)
      try await StudyEditor.audit(
        study, by: userID, "analysis.deleted",
        "\(current.name) (\(current.usedSortIDs.map { "\($0.count) sorts" } ?? "sorts not recorded"))", on: db)
    }
    _ = QueuedSorts.take(id)
  }
}
