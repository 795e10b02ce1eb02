import Fluent
import Foundation

extension StudyEditor {
  static let maxSiteNameLength = 80

  private static func checkedSiteName(_ name: String, others: [Site]) throws -> String {
    let clean = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !clean.isEmpty else { throw Refusal.invalid("Site name: a site needs a name.") }
    guard clean.count <= maxSiteNameLength else {
      throw Refusal.invalid("Site name: keep it under \(maxSiteNameLength) characters.")
    }
    guard !others.contains(where: { $0.name.caseInsensitiveCompare(clean) == .orderedSame }) else {
      throw Refusal.invalid("Site name: the study already has a site called \"\(clean)\".")
    }
    return clean
  }

  @discardableResult
  static func addSite(name: String, to study: Study, by userID: UUID, on db: any Database) async throws -> Site {
    let studyID = try study.requireID()
    return try await db.transaction { db in
      let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).all()
      let clean = try checkedSiteName(name, others: sites)
      let site = Site(studyID: studyID, name: clean, position: (sites.map(\.position).max() ?? -1) + 1)
      try await site.save(on: db)
      try await auditDesignChange(study, by: userID, "site.add", clean, on: db)
      return site
    }
  }

  static func renameSite(id: UUID, to name: String, in study: Study, by userID: UUID, on db: any Database) async throws
  {
    let studyID = try study.requireID()
    try await db.transaction { db in
      let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).all()
      guard let site = sites.first(where: { $0.id == id }) else {
        throw Refusal.notFound("Site: that site is not in this study.")
      }
      let clean = try checkedSiteName(name, others: sites.filter { $0.id != id })
      let old = site.name
      site.name = clean
      try await site.save(on: db)
      try await auditDesignChange(study, by: userID, "site.rename", "\(old) → \(clean)", on: db)
    }
  }

  /// Removes a site that has no real participants (they are never moved or deleted silently).
  static func deleteSite(id: UUID, in study: Study, by userID: UUID, on db: any Database) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      guard let site = try await Site.query(on: db).filter(\.$study.$id == studyID).filter(\.$id == id).first() else {
        throw Refusal.notFound("Site: that site is not in this study.")
      }
      let participants = try await Participant.query(on: db).filter(\.$site.$id == id)
        .filter(\.$isPreview == false).count()
      guard participants == 0 else {
        throw Refusal.conflict(
          "Site: \(site.name) has \(participants) participant\(participants == 1 ? "" : "s"), so it cannot be removed. Rename it instead."
        )
      }
      // Preview runs leave nothing worth keeping; they must not pin the site.
      // A site lead limited to this site would otherwise silently see every site.
      guard try await MembershipSite.query(on: db).filter(\.$site.$id == id).count() == 0 else {
        throw Refusal.invalid(
          "Site: a member of the study is limited to \(site.name); change their sites on the People page first."
        )
      }
      try await Participant.query(on: db).filter(\.$site.$id == id).filter(\.$isPreview == true).delete()
      try await site.delete(on: db)
      try await auditDesignChange(study, by: userID, "site.delete", site.name, on: db)
    }
  }
}
