import Fluent
import Vapor

/// One message tried: when, to which address, invitation or reminder, sent or failed and why.
final class MailLogEntry: Model, @unchecked Sendable {
  static let schema = "mail_log"

  enum Result: String, Codable, CaseIterable, Sendable {
    case sent, failed
  }

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @OptionalParent(key: "participant_id") var participant: Participant?
  @Field(key: "address") var address: String
  @Field(key: "kind") var kind: MailTemplate.Kind
  @Field(key: "result") var result: Result
  @OptionalField(key: "error") var error: String?
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?

  init() {}

  init(studyID: UUID, participantID: UUID?, address: String, kind: MailTemplate.Kind, result: Result, error: String?) {
    self.$study.id = studyID
    self.$participant.id = participantID
    self.address = address
    self.kind = kind
    self.result = result
    self.error = error
  }
}
