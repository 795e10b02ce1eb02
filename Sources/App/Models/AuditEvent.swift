import Fluent
import Vapor

/// One line of the audit log: who did what to which study. Never holds participant content.
final class AuditEvent: Model, @unchecked Sendable {
  static let schema = "audit_events"

  @ID(key: .id) var id: UUID?
  @OptionalParent(key: "study_id") var study: Study?
  @OptionalParent(key: "user_id") var user: User?
  @Field(key: "action") var action: String
  @Field(key: "detail") var detail: String
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?

  init() {}

  init(studyID: UUID?, userID: UUID?, action: String, detail: String) {
    self.$study.id = studyID
    self.$user.id = userID
    self.action = action
    self.detail = detail
  }
}
