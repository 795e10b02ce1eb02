import Fluent
import Foundation

extension PeoplePage {
  /// The study's members and pending invitations, with the sites each is limited to; `userID` is
  /// the member looking (their row says "you").
  static func query(studyID: UUID, slug: String, userID: UUID, draftEmail: String = "", on db: any Database)
    async throws -> Model
  {
    let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    func siteNames(_ ids: [UUID]) -> String {
      ids.isEmpty ? "All sites" : sites.filter { $0.id.map(ids.contains) ?? false }.map(\.name).joined(separator: ", ")
    }
    func siteChoices(_ ticked: [UUID]) -> [Choice] {
      sites.map {
        Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id.map(ticked.contains) ?? false)
      }
    }
    let members = try await StudyMembers.members(of: studyID, on: db)
    let invitations = try await StudyMembers.pendingInvitations(of: studyID, on: db)
    return Model(
      members: members.map { member in
        MemberRow(
          id: member.membershipID.uuidString, name: member.name, email: member.email, role: member.role.rawValue,
          sites: siteNames(member.siteIDs), isSelf: member.userID == userID, roles: roles(member.role),
          siteChoices: siteChoices(member.siteIDs),
          update: StudyRoute.people(.update(membership: .value(member.membershipID))).href(slug: slug),
          remove: StudyRoute.people(.remove(membership: .value(member.membershipID))).href(slug: slug))
      },
      invitations: try invitations.map {
        let id = try $0.requireID()
        return InvitationRow(
          id: id.uuidString, email: $0.email, role: $0.role.rawValue, sites: siteNames($0.sites),
          expires: ParticipantsController.time($0.expiresAt),
          cancel: StudyRoute.people(.cancelInvitation(.value(id))).href(slug: slug))
      },
      sites: siteChoices([]), roles: roles(.researcher), draftEmail: draftEmail,
      add: StudyRoute.people().href(slug: slug))
  }
}
