import Foundation

/// Who works on a study (`/studies/<slug>/people`): members with their role and sites, invitations
/// not yet accepted, and (for owners) the forms to add, change and remove. Its model is built by
/// ``PeoplePage/query(studyID:slug:userID:draftEmail:on:)``.
enum PeoplePage {
  static let template = "builder/people"

  struct Model: Encodable, Sendable {
    var members: [MemberRow]
    var invitations: [InvitationRow]
    /// The sites a new member may be limited to (none ticked).
    var sites: [Choice]
    var roles: [Choice]
    var draftEmail: String
    /// Where a new member is posted.
    var add: String
  }

  struct MemberRow: Encodable, Sendable {
    var id: String
    var name: String
    var email: String
    var role: String
    var sites: String
    var isSelf: Bool
    var roles: [Choice]
    var siteChoices: [Choice]
    /// The row's forms: save the role and sites, remove.
    var update: String
    var remove: String
  }

  struct InvitationRow: Encodable, Sendable {
    var id: String
    var email: String
    var role: String
    var sites: String
    var expires: String
    var cancel: String
  }

  static let roleNames: [StudyMembership.Role: String] = [
    .owner: "Owner (everything, including sharing)", .researcher: "Researcher (edit, invite, analyse)",
    .viewer: "Viewer (read only, never sees participants' links)",
  ]

  /// The roles to choose from, `selected` chosen.
  static func roles(_ selected: StudyMembership.Role) -> [Choice] {
    StudyMembership.Role.allCases.map {
      Choice(value: $0.rawValue, label: roleNames[$0] ?? $0.rawValue, selected: $0 == selected)
    }
  }
}

extension PeoplePage.Model {
  /// An owner, a researcher limited to one site, and an invitation.
  static let mock: Self = {
    let slug = "mock-study"
    let id = { (n: UInt8) in UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, n)) }
    let sites = [("North", id(10)), ("South", id(11))]
    func choices(_ ticked: [UUID]) -> [Choice] {
      sites.map { Choice(value: $0.1.uuidString, label: $0.0, selected: ticked.contains($0.1)) }
    }
    func member(_ n: UInt8, _ name: String, _ role: StudyMembership.Role, _ limited: [UUID], isSelf: Bool)
      -> PeoplePage.MemberRow
    {
      PeoplePage.MemberRow(
        id: id(n).uuidString, name: name, email: "\(name.lowercased())@example.org", role: role.rawValue,
        sites: limited.isEmpty ? "All sites" : sites.filter { limited.contains($0.1) }.map(\.0).joined(separator: ", "),
        isSelf: isSelf, roles: PeoplePage.roles(role), siteChoices: choices(limited),
        update: StudyRoute.people(.update(membership: .value(id(n)))).href(slug: slug),
        remove: StudyRoute.people(.remove(membership: .value(id(n)))).href(slug: slug))
    }
    return Self(
      members: [member(1, "Ada", .owner, [], isSelf: true), member(2, "Cy", .researcher, [id(11)], isSelf: false)],
      invitations: [
        PeoplePage.InvitationRow(
          id: id(3).uuidString, email: "dee@example.org", role: "viewer", sites: "All sites",
          expires: "20 Dec 2026, 10:00", cancel: StudyRoute.people(.cancelInvitation(.value(id(3)))).href(slug: slug))
      ], sites: choices([]), roles: PeoplePage.roles(.researcher), draftEmail: "",
      add: StudyRoute.people().href(slug: slug))
  }()
}
