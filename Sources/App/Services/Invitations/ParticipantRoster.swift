import Fluent
import POETQKit
import Vapor

/// Creating participants (from a list, or anonymous codes for a site) and listing their links.
enum ParticipantRoster {
  static let maxGenerated = 1000

  /// A participant's personal link.
  static func link(code: String, baseURL: String) -> String {
    var base = baseURL
    while base.hasSuffix("/") { base.removeLast() }
    return "\(base)/p/\(code)"
  }

  /// Imports a participant list (see ``ParticipantList``): all lines or none; each participant gets
  /// a code. Audited with the count only.
  /// - Returns: how many participants were added.
  /// - Throws: ``ParticipantListError`` naming every bad line.
  /// A member limited to some sites (`sites`) can import only to those: a line naming another site
  /// is refused like an unknown one.
  static func importList(
    _ text: String, fileName: String, into study: Study, sites scope: Set<UUID>? = nil, by userID: UUID,
    on db: any Database
  ) async throws -> Int {
    let studyID = try study.requireID()
    return try await db.transaction { db in
      let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
        .filter { site in scope.map { site.id.map($0.contains) ?? false } ?? true }
      let existing = try await Participant.query(on: db).filter(\.$study.$id == studyID)
        .filter(\.$isPreview == false).all()
      let entries = try ParticipantList.parse(
        text, fileName: fileName, sites: try sites.map { .init(id: try $0.requireID(), name: $0.name) },
        existingEmails: Set(existing.compactMap { $0.email?.lowercased() }))
      for entry in entries {
        let participant = Participant(studyID: studyID, siteID: entry.siteID, code: ParticipantCode.make())
        participant.email = entry.email
        participant.name = entry.name
        try await participant.save(on: db)
      }
      try await StudyEditor.audit(
        study, by: userID, "participants.import", "\(entries.count) participant(s) from a list", on: db)
      return entries.count
    }
  }

  /// Adds `count` anonymous participants (a code each, no name or e-mail) at a site.
  /// - Throws: 422 for a count outside 1…1000, 404 for a site not in the study.
  static func generateCodes(_ count: Int, siteID: UUID, in study: Study, by userID: UUID, on db: any Database)
    async throws
  {
    guard (1...maxGenerated).contains(count) else {
      throw Abort(.unprocessableEntity, reason: "Number of codes: give a whole number from 1 to \(maxGenerated).")
    }
    let studyID = try study.requireID()
    try await db.transaction { db in
      guard let site = try await Site.query(on: db).filter(\.$study.$id == studyID).filter(\.$id == siteID).first()
      else { throw Abort(.notFound, reason: "Site: that site is not in this study.") }
      for _ in 0..<count {
        try await Participant(studyID: studyID, siteID: siteID, code: ParticipantCode.make()).save(on: db)
      }
      try await StudyEditor.audit(
        study, by: userID, "participants.generate", "\(count) code(s) at \(site.name)", on: db)
    }
  }

  /// One line of the list and the links CSV.
  struct Row: Sendable {
    var id: UUID
    var site: String
    var siteID: UUID
    var name: String?
    var email: String?
    var code: String
    var link: String
    var status: Participant.Status
    var invitedAt: Date?
    var remindedAt: Date?
  }

  /// The study's real participants (previews left out), by site, then as they were added.
  static func rows(
    of study: Study, siteID: UUID? = nil, sites scope: Set<UUID>? = nil, baseURL: String, on db: any Database
  ) async throws -> [Row] {
    let studyID = try study.requireID()
    let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    var query = Participant.query(on: db).filter(\.$study.$id == studyID).filter(\.$isPreview == false)
    if let siteID { query = query.filter(\.$site.$id == siteID) }
    if let scope { query = query.filter(\.$site.$id ~~ Array(scope)) }
    let participants = try await query.sort(\.$createdAt).sort(\.$code).all()
    let order = Dictionary(
      uniqueKeysWithValues: sites.enumerated().compactMap { index, site in site.id.map { ($0, index) } })
    let names = Dictionary(uniqueKeysWithValues: sites.compactMap { site in site.id.map { ($0, site.name) } })
    return try participants.map { participant in
      Row(
        id: try participant.requireID(), site: names[participant.$site.id] ?? "", siteID: participant.$site.id,
        name: participant.name, email: participant.email, code: participant.code,
        link: link(code: participant.code, baseURL: baseURL), status: participant.status,
        invitedAt: participant.invitedAt, remindedAt: participant.remindedAt)
    }
    .enumerated().sorted { (order[$0.element.siteID] ?? 0, $0.offset) < (order[$1.element.siteID] ?? 0, $1.offset) }
    .map(\.element)
  }

  /// `site,name,email,code,link,status`, one line per participant, safe to open in a spreadsheet.
  static func linksCSV(_ rows: [Row]) -> String {
    var csv = SpreadsheetCSV.line(["site", "name", "email", "code", "link", "status"])
    for row in rows {
      csv += SpreadsheetCSV.line(
        [row.site, row.name ?? "", row.email ?? "", row.code, row.link, row.status.rawValue].map(SpreadsheetCSV.text))
    }
    return csv
  }
}
