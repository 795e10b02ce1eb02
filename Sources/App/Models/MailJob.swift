import Fluent
import Vapor

/// One invitation or reminder to send (``MailWorker``): queued, being sent under a claim, sent,
/// failed after its last try, or skipped (the participant was no longer due it when its turn came).
final class MailJob: Model, @unchecked Sendable {
  static let schema = "mail_jobs"

  enum State: String, Codable, CaseIterable, Sendable {
    case queued, sending, sent, failed, skipped
  }

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Parent(key: "participant_id") var participant: Participant
  @Field(key: "kind") var kind: MailTemplate.Kind
  @Field(key: "state") var state: State
  @Field(key: "attempts") var attempts: Int
  /// Seconds since 1970.
  @Field(key: "next_attempt_at") var nextAttemptAt: Double
  /// Seconds since 1970: a `sending` claim older than this is taken again (its instance died).
  @OptionalField(key: "lease_until") var leaseUntil: Double?
  @OptionalField(key: "claimed_by") var claimedBy: String?
  /// The last try's error as the server gave it (shown on the page, never written to the log).
  @OptionalField(key: "last_error") var lastError: String?
  @Field(key: "batch_id") var batchID: UUID
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  init() {}
}
