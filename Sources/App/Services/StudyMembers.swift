import Fluent
import Foundation

/// Who works on a study: owners share it with other accounts as researcher or viewer, optionally
/// limited to some sites, change roles, remove members, and invite people without an account.
/// Every change is checked first, made in one transaction and audit-logged; the last owner cannot
/// leave or be demoted.
enum StudyMembers {
  /// One member as the People page and the shell show them.
  struct Member: Sendable {
    var membershipID: UUID
    var userID: UUID
    var name: String
    var email: String
    var role: StudyMembership.Role
    var siteIDs: [UUID]
  }

  /// What an owner asks for: a role and, optionally, the sites to limit it to.
  struct Grant: Sendable {
    var role: StudyMembership.Role
    var siteIDs: [UUID]

    init(role: StudyMembership.Role, siteIDs: [UUID] = []) {
      self.role = role
      self.siteIDs = siteIDs
    }
  }

  /// How an invitation went: the account existed and is now a member, or a join link was made.
  enum Added: Sendable {
    case member(name: String)
    case invited(link: String)
  }

  static let invitationLifetime: TimeInterval = 14 * 24 * 60 * 60

  static func members(of studyID: UUID, on db: any Database) async throws -> [Member] {
    let memberships = try await StudyMembership.query(on: db).filter(\.$study.$id == studyID).with(\.$user).all()
    let limits = try await MembershipSite.query(on: db).filter(\.$membership.$id ~~ memberships.compactMap(\.id)).all()
    let rank: [StudyMembership.Role: Int] = [.owner: 0, .researcher: 1, .viewer: 2]
    return try memberships.map { membership in
      Member(
        membershipID: try membership.requireID(), userID: membership.$user.id, name: membership.user.name,
        email: membership.user.email, role: membership.role,
        siteIDs: limits.filter { $0.$membership.id == membership.id }.map { $0.$site.id })
    }
    .sorted { (rank[$0.role] ?? 3, $0.name.lowercased()) < (rank[$1.role] ?? 3, $1.name.lowercased()) }
  }

  /// The invitations not yet accepted and not expired.
  static func pendingInvitations(of studyID: UUID, on db: any Database) async throws -> [AccountInvitation] {
    try await AccountInvitation.query(on: db).filter(\.$study.$id == studyID).filter(\.$acceptedAt == nil)
      .filter(\.$expiresAt > Date()).sort(\.$createdAt).all()
  }

  /// Shares the study with the account of `email`, or makes an invitation to join when there is none.
  /// - Throws: 422 naming the field for a bad address, an existing member, a site not in the study,
  ///   or a site limit on an owner.
  static func add(
    email rawEmail: String, _ grant: Grant, to study: Study, by userID: UUID, baseURL: String, on db: any Database
  ) async throws -> Added {
    let email = User.normalise(email: rawEmail)
    guard email.contains("@"), !email.contains(" "), email.count <= 254 else {
      throw Refusal.invalid("E-mail: enter an address like name@example.org.")
    }
    let studyID = try study.requireID()
    try await check(grant, studyID: studyID, on: db)
    return try await db.transaction { db in
      if let user = try await User.query(on: db).filter(\.$email == email).first() {
        let userID2 = try user.requireID()
        guard
          try await StudyMembership.query(on: db).filter(\.$study.$id == studyID).filter(\.$user.$id == userID2)
            .count() == 0
        else { throw Refusal.invalid("E-mail: \(email) already works on this study.") }
        let membership = StudyMembership(studyID: studyID, userID: userID2, role: grant.role)
        try await membership.create(on: db)
        try await setSites(grant.siteIDs, of: membership.requireID(), on: db)
        try await StudyEditor.audit(study, by: userID, "people.add", "\(email) as \(describe(grant))", on: db)
        return .member(name: user.name)
      }
      let token = APITokens.generate()
      try await AccountInvitation(
        studyID: studyID, email: email, role: grant.role, siteIDs: grant.siteIDs, tokenHash: APITokens.hash(token),
        invitedBy: userID, expiresAt: Date().addingTimeInterval(invitationLifetime)
      ).create(on: db)
      try await StudyEditor.audit(study, by: userID, "people.invite", "\(email) as \(describe(grant))", on: db)
      return .invited(link: SiteRoute.join(token: .value(token)).url(base: baseURL))
    }
  }

  /// Changes a member's role and site limits. The last owner stays an owner.
  static func change(
    membershipID: UUID, to grant: Grant, in study: Study, by userID: UUID, on db: any Database
  ) async throws {
    let studyID = try study.requireID()
    try await check(grant, studyID: studyID, on: db)
    try await db.transaction { db in
      let membership = try await membership(membershipID, studyID: studyID, on: db)
      if membership.role == .owner && grant.role != .owner {
        try await requireAnotherOwner(studyID: studyID, besides: membershipID, on: db)
      }
      membership.role = grant.role
      try await membership.save(on: db)
      try await setSites(grant.siteIDs, of: membershipID, on: db)
      try await StudyEditor.audit(
        study, by: userID, "people.change", "\(membership.user.email) to \(describe(grant))", on: db)
    }
  }

  /// Removes a member. The last owner cannot be removed (nor leave).
  static func remove(membershipID: UUID, from study: Study, by userID: UUID, on db: any Database) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      let membership = try await membership(membershipID, studyID: studyID, on: db)
      if membership.role == .owner {
        try await requireAnotherOwner(studyID: studyID, besides: membershipID, on: db)
      }
      try await MembershipSite.query(on: db).filter(\.$membership.$id == membershipID).delete()
      try await membership.delete(on: db)
      try await StudyEditor.audit(study, by: userID, "people.remove", membership.user.email, on: db)
    }
  }

  /// Withdraws an invitation that has not been accepted.
  static func cancelInvitation(_ id: UUID, in study: Study, by userID: UUID, on db: any Database) async throws {
    guard
      let invitation = try await AccountInvitation.query(on: db).filter(\.$id == id)
        .filter(\.$study.$id == study.requireID()).filter(\.$acceptedAt == nil).first()
    else { throw Refusal.notFound("There is no such invitation to this study.") }
    try await invitation.delete(on: db)
    try await StudyEditor.audit(study, by: userID, "people.uninvite", invitation.email, on: db)
  }

  /// The open invitation behind a join link, or nil when the link is unknown, used or expired.
  static func invitation(token: String, on db: any Database) async throws -> AccountInvitation? {
    try await AccountInvitation.query(on: db).filter(\.$tokenHash == APITokens.hash(token))
      .filter(\.$acceptedAt == nil).filter(\.$expiresAt > Date()).with(\.$study).first()
  }

  /// Accepts an invitation for `user` (whose e-mail must be the invited one): the membership is made
  /// and the invitation marked used.
  static func accept(_ invitation: AccountInvitation, for user: User, on db: any Database) async throws {
    try await db.transaction { db in
      let userID = try user.requireID()
      let studyID = invitation.$study.id
      if try await StudyMembership.query(on: db).filter(\.$study.$id == studyID).filter(\.$user.$id == userID)
        .count() == 0
      {
        let membership = StudyMembership(studyID: studyID, userID: userID, role: invitation.role)
        try await membership.create(on: db)
        try await setSites(invitation.sites, of: membership.requireID(), on: db)
      }
      invitation.acceptedAt = Date()
      try await invitation.save(on: db)
      try await AuditEvent(
        studyID: studyID, userID: userID, action: "people.join", detail: "\(user.email) as \(invitation.role.rawValue)"
      ).save(on: db)
    }
  }

  // MARK: - Checks

  private static func check(_ grant: Grant, studyID: UUID, on db: any Database) async throws {
    if grant.role == .owner && !grant.siteIDs.isEmpty {
      throw Refusal.invalid("Sites: an owner sees every site; choose researcher or viewer.")
    }
    guard !grant.siteIDs.isEmpty else { return }
    let known = try await Site.query(on: db).filter(\.$study.$id == studyID).all().compactMap(\.id)
    guard Set(grant.siteIDs).isSubset(of: Set(known)) else {
      throw Refusal.invalid("Sites: choose sites of this study.")
    }
  }

  private static func membership(_ id: UUID, studyID: UUID, on db: any Database) async throws -> StudyMembership {
    guard
      let membership = try await StudyMembership.query(on: db).filter(\.$id == id).filter(\.$study.$id == studyID)
        .with(\.$user).first()
    else { throw Refusal.notFound("There is no such member of this study.") }
    return membership
  }

  private static func requireAnotherOwner(studyID: UUID, besides membershipID: UUID, on db: any Database) async throws {
    let owners = try await StudyMembership.query(on: db).filter(\.$study.$id == studyID).filter(\.$role == .owner)
      .filter(\.$id != membershipID).count()
    guard owners > 0 else {
      throw Refusal.invalid(
        "Role: the study needs an owner. Make someone else an owner first, then change or remove this one.")
    }
  }

  private static func setSites(_ siteIDs: [UUID], of membershipID: UUID, on db: any Database) async throws {
    try await MembershipSite.query(on: db).filter(\.$membership.$id == membershipID).delete()
    for siteID in Set(siteIDs) { try await MembershipSite(membershipID: membershipID, siteID: siteID).create(on: db) }
  }

  private static func describe(_ grant: Grant) -> String {
    grant.role.rawValue + (grant.siteIDs.isEmpty ? "" : " (\(grant.siteIDs.count) site(s))")
  }
}
