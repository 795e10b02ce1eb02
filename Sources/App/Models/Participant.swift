import Fluent
import Vapor

/// An invitation: one unguessable code, bound to a study and a site. Preview participants never
/// count as responses.
final class Participant: Model, @unchecked Sendable {
  static let schema = "participants"

  enum Status: String, Codable, CaseIterable, Sendable {
    case invited, opened, consented
    case inProgress = "in_progress"
    case completed, declined, withdrawn
  }

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Parent(key: "site_id") var site: Site
  @Field(key: "code") var code: String
  @OptionalField(key: "email") var email: String?
  @OptionalField(key: "name") var name: String?
  /// The researcher's own label, for telling anonymous codes apart (never shown to the participant).
  @OptionalField(key: "label") var label: String?
  @Field(key: "status") var status: Status
  @Field(key: "is_preview") var isPreview: Bool
  @OptionalField(key: "invited_at") var invitedAt: Date?
  @OptionalField(key: "reminded_at") var remindedAt: Date?
  /// The id the sort carries in exports, given when it is first exported or imported (``SortIDs``).
  @OptionalField(key: "sort_id") var sortID: String?
  /// The running number behind ``sortID`` within the study; never reused.
  @OptionalField(key: "sort_number") var sortNumber: Int?
  /// The language the participant takes part in (a ``StudyLanguage`` tag): chosen on the welcome
  /// page or set when invited; kept so a resume, a reminder and the exports use the same one.
  @OptionalField(key: "language") var language: String?
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  @OptionalChild(for: \.$participant) var response: SortResponse?

  init() {}

  init(studyID: UUID, siteID: UUID, code: String, isPreview: Bool = false) {
    self.$study.id = studyID
    self.$site.id = siteID
    self.code = code
    self.status = .invited
    self.isPreview = isPreview
  }
}
