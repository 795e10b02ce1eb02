import Fluent
import Foundation

/// When the Q-set and grid may change. Scores collected on one Q-set cannot be analysed with
/// another, so they change only while the study is a draft; and once a real participant has started
/// a response, never (a copy is the way to change them). Keeping an open study's design fixed also
/// means it can never drift into a grid that no longer fits its statements.
enum StudyLock {
  /// How many real (non-preview) participants have a response in the study.
  static func realResponseCount(studyID: UUID, on db: any Database) async throws -> Int {
    try await SortResponse.query(on: db)
      .join(Participant.self, on: \SortResponse.$participant.$id == \Participant.$id)
      .filter(Participant.self, \.$study.$id == studyID)
      .filter(Participant.self, \.$isPreview == false)
      .count()
  }

  /// How many of the study's real responses are sorts imported from a file (a study made from data,
  /// the Data tab's import): nobody "started sorting" those here.
  static func importedResponseCount(studyID: UUID, on db: any Database) async throws -> Int {
    try await SortResponse.query(on: db)
      .join(Participant.self, on: \SortResponse.$participant.$id == \Participant.$id)
      .filter(Participant.self, \.$study.$id == studyID)
      .filter(Participant.self, \.$isPreview == false)
      .filter(Participant.self, \.$sortID != nil)
      .count()
  }

  /// What holds the design: "9 sorts are imported", "2 participants have started sorting", or both.
  private static func holders(studyID: UUID, count: Int, on db: any Database) async throws -> String {
    let imported = try await importedResponseCount(studyID: studyID, on: db)
    let started = count - imported
    var parts: [String] = []
    if imported > 0 { parts.append("\(imported) sort\(imported == 1 ? " is" : "s are") imported") }
    if started > 0 { parts.append("\(started) participant\(started == 1 ? " has" : "s have") started sorting") }
    return parts.joined(separator: " and ")
  }

  /// Why the Q-set and grid cannot change, or `nil` when they can.
  static func reason(studyID: UUID, on db: any Database) async throws -> String? {
    let count = try await realResponseCount(studyID: studyID, on: db)
    if count > 0 {
      let holders = try await holders(studyID: studyID, count: count, on: db)
      return
        "The Q-set and grid are locked because \(holders); "
        + "changing them would make the sorts incomparable. Copy the study to change its design."
    }
    guard let status = try await Study.find(studyID, on: db)?.status, status != .draft else { return nil }
    return
      "The study is \(status.rawValue), so its Q-set and grid are fixed. Nobody has started sorting yet: "
      + "return it to draft on the overview to change them."
  }

  /// Throws 409 with the reason when the study's Q-set and grid are locked.
  static func ensureUnlocked(studyID: UUID, on db: any Database) async throws {
    if let reason = try await reason(studyID: studyID, on: db) { throw Refusal.conflict(reason) }
  }

  /// Throws 409 when real participants have started: the study cannot go back to draft.
  static func ensureNoResponses(studyID: UUID, on db: any Database) async throws {
    let count = try await realResponseCount(studyID: studyID, on: db)
    guard count == 0 else {
      let holders = try await holders(studyID: studyID, count: count, on: db)
      throw Refusal.conflict(
        "\(holders), so the study cannot return to draft. "
          + "Copy it to change its design.")
    }
  }
}
