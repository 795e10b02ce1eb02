import Fluent
import Vapor

/// One site a member of a study is limited to. A membership with none sees every site; with some,
/// it sees only those sites' participants, monitor rows, data and reports (a site lead).
final class MembershipSite: Model, @unchecked Sendable {
  static let schema = "membership_sites"

  @ID(key: .id) var id: UUID?
  @Parent(key: "membership_id") var membership: StudyMembership
  @Parent(key: "site_id") var site: Site

  init() {}

  init(membershipID: UUID, siteID: UUID) {
    self.$membership.id = membershipID
    self.$site.id = siteID
  }
}
