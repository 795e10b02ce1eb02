import Fluent
import Vapor

/// Once a real participant has started a response, the Q-set and grid of a study are frozen: scores
/// collected on one Q-set cannot be analysed with another. A copy is the way to change them.
enum StudyLock {
  /// How many real (non-preview) participants have a response in the study.
  static func realResponseCount(studyID: UUID, on db: any Database) async throws -> Int {
    try await SortResponse.query(on: db)
      .join(Participant.self, on: \SortResponse.$participant.$id == \Participant.$id)
      .filter(Participant.self, \.$study.$id == studyID)
      .filter(Participant.self, \.$isPreview == false)
      .count()
  }

  /// Why the Q-set and grid cannot change, or `nil` when they can.
  static func reason(studyID: UUID, on db: any Database) async throws -> String? {
    let count = try await realResponseCount(studyID: studyID, on: db)
    guard count > 0 else { return nil }
    return
      "The Q-set and grid are locked because \(count) participant\(count == 1 ? " has" : "s have") started sorting; "
      + "changing them would make the sorts incomparable. Copy the study to change its design."
  }

  /// Throws 409 with the reason when the study's Q-set and grid are locked.
  static func ensureUnlocked(studyID: UUID, on db: any Database) async throws {
    if let reason = try await reason(studyID: studyID, on: db) { throw Abort(.conflict, reason: reason) }
  }
}
