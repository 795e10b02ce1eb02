import Fluent
import Foundation
import POETQKit

/// Who may see or change a study. Every study route goes through here, and every route gets the
/// member's whole grant (their sites included): the site-limit rule is in `StudyAccess+Sites.swift`.
enum StudyAccess {
  /// What a member may see of a study: the study, their role, and the sites they are limited to.
  struct Grant: Sendable {
    let study: Study
    let role: StudyMembership.Role
    /// The sites this member sees, or `nil` for every site (a site lead sees only theirs).
    let siteIDs: Set<UUID>?

    /// Whether this member may see what belongs to `siteID` (a participant, a monitor row, a sort).
    func sees(site siteID: UUID?) -> Bool {
      guard let siteIDs else { return true }
      guard let siteID else { return false }
      return siteIDs.contains(siteID)
    }
  }

  /// The study with this slug and the user's grant on it, provided the role is at least `minimum`.
  /// - Throws: 404 when the study does not exist or the user is not a member (so outsiders cannot
  ///   probe for studies), 403 when the user's role is too low.
  static func grant(slug: String, user: User, atLeast minimum: StudyMembership.Role, on db: any Database)
    async throws -> Grant
  {
    guard let study = try await Study.query(on: db).filter(\.$slug == slug).first(),
      let membership = try await StudyMembership.query(on: db)
        .filter(\.$study.$id == study.requireID())
        .filter(\.$user.$id == user.requireID())
        .first()
    else { throw Refusal.notFound("There is no study at this address, or it is not shared with you.") }
    guard membership.role >= minimum else {
      throw Refusal.forbidden("Your role on this study (\(membership.role.rawValue)) does not allow this.")
    }
    let limits = try await MembershipSite.query(on: db).filter(\.$membership.$id == membership.requireID()).all()
    return Grant(
      study: study, role: membership.role, siteIDs: limits.isEmpty ? nil : Set(limits.map { $0.$site.id }))
  }

  /// Slugs that are pages of their own under /studies ("New study from data").
  static let reservedSlugs: Set<String> = ["from-data"]

  /// A URL-safe slug from a title, made unique by a numeric suffix.
  static func uniqueSlug(for title: String, on db: any Database) async throws -> String {
    let stem = Slug.make(title, fallback: "study")
    var candidate = stem
    var suffix = 2
    func taken(_ slug: String) async throws -> Bool {
      if reservedSlugs.contains(slug) { return true }
      return try await Study.query(on: db).filter(\.$slug == slug).count() > 0
    }
    while try await taken(candidate) {
      candidate = "\(stem)-\(suffix)"
      suffix += 1
    }
    return candidate
  }
}
