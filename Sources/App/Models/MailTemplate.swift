import Fluent
import Vapor

/// A study's invitation or reminder e-mail: subject and body with the placeholders of
/// ``MailTemplateText``.
final class MailTemplate: Model, @unchecked Sendable {
  static let schema = "mail_templates"

  enum Kind: String, Codable, CaseIterable, Sendable {
    case invitation, reminder
  }

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Field(key: "kind") var kind: Kind
  @Field(key: "subject") var subject: String
  @Field(key: "body") var body: String
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  init() {}

  init(studyID: UUID, kind: Kind, subject: String, body: String) {
    self.$study.id = studyID
    self.kind = kind
    self.subject = subject
    self.body = body
  }
}
