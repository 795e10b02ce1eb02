import Fluent
import Vapor

/// A participant's response: every stage of the sort, autosaved with a revision number. JSON-encoded
/// columns keep the schema the same on SQLite and PostgreSQL.
final class SortResponse: Model, @unchecked Sendable {
  static let schema = "responses"

  @ID(key: .id) var id: UUID?
  @Parent(key: "participant_id") var participant: Participant
  @Field(key: "stage") var stage: String
  /// Increases with every accepted save, so a replayed or late request cannot overwrite newer state.
  @Field(key: "revision") var revision: Int
  @OptionalField(key: "consent_version") var consentVersion: Int?
  @OptionalField(key: "consented_at") var consentedAt: Date?
  @Field(key: "presort_order") var presortOrder: String
  @Field(key: "presort") var presort: String
  @Field(key: "placements") var placements: String
  @Field(key: "comments") var comments: String
  @Field(key: "answers") var answers: String
  @Field(key: "stage_timestamps") var stageTimestamps: String
  /// The stepwise ranking's choices, `[[Int]]` as JSON.
  @Field(key: "ranking_choices") var rankingChoices: String
  /// The last accepted actions with the revision they produced (``LastAction`` as JSON).
  @OptionalField(key: "last_action") var lastAction: String?
  @OptionalField(key: "submitted_at") var submittedAt: Date?
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  init() {}

  init(participantID: UUID, stage: String) {
    self.$participant.id = participantID
    self.stage = stage
    self.revision = 0
    self.presortOrder = "[]"
    self.presort = "{}"
    self.placements = "{}"
    self.comments = "{}"
    self.answers = "{}"
    self.stageTimestamps = "{}"
    self.rankingChoices = "[]"
  }
}
