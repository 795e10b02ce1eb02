import Fluent
import Vapor

/// An invitation to work on a study sent to an e-mail address that has no account yet: following
/// its link (`/join/<token>`) creates the account and the membership. Only the token's hash is
/// stored, so a leaked database cannot be used to join.
final class AccountInvitation: Model, @unchecked Sendable {
  static let schema = "account_invitations"

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Field(key: "email") var email: String
  @Field(key: "role") var role: StudyMembership.Role
  /// The sites the new member will be limited to, as UUIDs separated by commas (empty: every site).
  @Field(key: "site_ids") var siteIDs: String
  @Field(key: "token_hash") var tokenHash: String
  @OptionalParent(key: "invited_by") var invitedBy: User?
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  @Field(key: "expires_at") var expiresAt: Date
  @OptionalField(key: "accepted_at") var acceptedAt: Date?

  init() {}

  init(
    studyID: UUID, email: String, role: StudyMembership.Role, siteIDs: [UUID], tokenHash: String, invitedBy: UUID,
    expiresAt: Date
  ) {
    self.$study.id = studyID
    self.email = email
    self.role = role
    self.siteIDs = siteIDs.map(\.uuidString).joined(separator: ",")
    self.tokenHash = tokenHash
    self.$invitedBy.id = invitedBy
    self.expiresAt = expiresAt
  }

  var sites: [UUID] { siteIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
}
