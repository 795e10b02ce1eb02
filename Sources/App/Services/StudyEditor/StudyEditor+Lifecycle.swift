import Fluent
import Foundation
import POETQKit

extension StudyEditor {
  /// Opens a study for participants (only when its design is complete), closes it, or reopens it.
  static func setStatus(_ status: Study.Status, of study: Study, by userID: UUID, on db: any Database) async throws {
    guard status != study.status else { return }
    switch (study.status, status) {
    case (_, .open):
      let problems = StudyDesign.problemsBeforeOpening(study, design: try await StudyDesign.load(study, on: db))
      guard problems.isEmpty else {
        throw Refusal.invalid("The study cannot open yet. " + problems.joined(separator: " "))
      }
    case (.open, .closed): break
    case (_, .draft):
      try await StudyLock.ensureNoResponses(studyID: study.requireID(), on: db)
    default:
      throw Refusal.invalid("Status: a \(study.status.rawValue) study cannot become \(status.rawValue).")
    }
    try await db.transaction { db in
      let old = study.status
      study.status = status
      try await study.save(on: db)
      try await auditDesignChange(study, by: userID, "study.status", "\(old.rawValue) → \(status.rawValue)", on: db)
    }
  }

  /// A new draft with the same design, texts and settings, owned by `user`; no participants.
  static func copy(_ study: Study, title: String, by user: User, on db: any Database) async throws -> Study {
    let design = try await StudyDesign.load(study, on: db)
    let copy = try await StudyFactory.create(title: title, template: design, owner: user, settingsFrom: study, on: db)
    try await auditDesignChange(copy, by: user.requireID(), "study.copy", "from \(study.slug)", on: db)
    return copy
  }
}
