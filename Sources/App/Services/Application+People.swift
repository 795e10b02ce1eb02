import Fluent
import Vapor

/// The People page's changes from the shell (`poetq user share`, `unshare`, `members`), made as the
/// study's first owner so the audit log names someone who could have made them in the browser.
extension Application {
  /// One line of `poetq user members`.
  public struct MemberLine: Sendable {
    public var name: String
    public var email: String
    public var role: String
    public var sites: [String]
  }

  /// Shares the study with the account of `email` as `role` (owner, researcher, viewer), limited to
  /// the sites named (by name, any case), or makes a join link when there is no such account.
  /// - Returns: a sentence saying what was done (with the join link when one was made).
  public func shareStudy(slug: String, email: String, role: String, sites: [String]) async throws -> String {
    let (study, ownerID) = try await studyAndOwner(slug)
    let grant = try await Self.grant(role: role, sites: sites, study: study, on: db)
    let change: String
    if let user = try await User.query(on: db).filter(\.$email == User.normalise(email: email)).first(),
      let membership = try await StudyMembership.query(on: db).filter(\.$study.$id == study.requireID())
        .filter(\.$user.$id == user.requireID()).first()
    {
      try await StudyMembers.change(
        membershipID: membership.requireID(), to: grant, in: study, by: ownerID, on: db)
      change = "\(user.email) is now \(role) on \(slug)"
    } else {
      switch try await StudyMembers.add(
        email: email, grant, to: study, by: ownerID, baseURL: poetqConfig.baseURL, on: db)
      {
      case .member(let name): change = "\(name) now works on \(slug) as \(role)"
      case .invited(let link): change = "\(email) has no account: send them \(link) (valid 14 days)"
      }
    }
    return change
  }

  /// Removes `email` from the study (never its last owner).
  public func unshareStudy(slug: String, email: String) async throws {
    let (study, ownerID) = try await studyAndOwner(slug)
    guard let user = try await User.query(on: db).filter(\.$email == User.normalise(email: email)).first(),
      let membership = try await StudyMembership.query(on: db).filter(\.$study.$id == study.requireID())
        .filter(\.$user.$id == user.requireID()).first()
    else { throw Refusal.notFound("\(email) does not work on \(slug).") }
    try await StudyMembers.remove(membershipID: membership.requireID(), from: study, by: ownerID, on: db)
  }

  /// The study's members, owners first.
  public func studyMembers(slug: String) async throws -> [MemberLine] {
    let (study, _) = try await studyAndOwner(slug)
    let sites = try await Site.query(on: db).filter(\.$study.$id == study.requireID()).sort(\.$position).all()
    return try await StudyMembers.members(of: study.requireID(), on: db).map { member in
      MemberLine(
        name: member.name, email: member.email, role: member.role.rawValue,
        sites: sites.filter { $0.id.map(member.siteIDs.contains) ?? false }.map(\.name))
    }
  }

  private func studyAndOwner(_ slug: String) async throws -> (Study, UUID) {
    guard let study = try await Study.query(on: db).filter(\.$slug == slug).first() else {
      throw Refusal.notFound("There is no study with the slug \(slug) (see its address: /studies/<slug>).")
    }
    guard
      let owner = try await StudyMembership.query(on: db).filter(\.$study.$id == study.requireID())
        .filter(\.$role == .owner).first()
    else { throw Refusal.conflict("The study \(slug) has no owner.") }
    return (study, owner.$user.id)
  }

  private static func grant(role: String, sites: [String], study: Study, on db: any Database) async throws
    -> StudyMembers.Grant
  {
    guard let role = StudyMembership.Role(rawValue: role.lowercased()) else {
      throw Refusal.invalid("--role: choose owner, researcher or viewer.")
    }
    let known = try await Site.query(on: db).filter(\.$study.$id == study.requireID()).all()
    let ids = try sites.map { name in
      guard let site = known.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }), let id = site.id
      else {
        throw Refusal.invalid(
          "--sites: no site called \"\(name)\" (sites: \(known.map(\.name).joined(separator: ", "))).")
      }
      return id
    }
    return StudyMembers.Grant(role: role, siteIDs: ids)
  }
}
