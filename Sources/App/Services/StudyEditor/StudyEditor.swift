import Fluent
import Foundation
import POETQKit

/// Changes to a study's design. Every change is checked first (by the rules in POETQKit), made in
/// one transaction so nothing is half-saved, refused with 409 when the Q-set or grid is locked, and
/// recorded in the audit log. Controllers for the pages and the JSON API both come through here.
enum StudyEditor {
  /// Records who changed what, inside the change's transaction.
  static func audit(_ study: Study, by userID: UUID, _ action: String, _ detail: String, on db: any Database)
    async throws
  {
    try await AuditEvent(studyID: study.requireID(), userID: userID, action: action, detail: detail).save(on: db)
  }

  /// Records a change to the design participants see (statements, grid, questions, sites, texts,
  /// settings, status) and raises the study's design version in the same transaction, so the
  /// participants' cached design (``StudyDesignCache``) is replaced on every instance.
  static func auditDesignChange(
    _ study: Study, by userID: UUID, _ action: String, _ detail: String, on db: any Database
  ) async throws {
    try await audit(study, by: userID, action, detail, on: db)
    try await StudyDesignVersion.bump(studyID: study.requireID(), on: db)
  }
}

/// A refused design change is invalid input whose reason names the field (and line).
extension DesignError: Refusing {
  var refusal: Refusal { .invalid(description) }
}
