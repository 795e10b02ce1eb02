import Fluent
import Foundation
import POETQKit
import SQLKit

/// Creating participants (from a list, or anonymous codes for a site) and listing their links.
enum ParticipantRoster {
  static let maxGenerated = 1000

  /// A participant's personal link.
  static func link(code: String, baseURL: String) -> String {
    SiteRoute.participant(code).url(base: baseURL)
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
      let entries = try ParticipantList.parse(
        text, fileName: fileName, sites: try sites.map { .init(id: try $0.requireID(), name: $0.name) },
        existingEmails: try await emails(of: studyID, on: db))
      try await insert(
        entries.map { (siteID: $0.siteID, email: $0.email, name: $0.name, language: $0.language) }, studyID: studyID,
        on: db)
      try await StudyEditor.audit(
        study, by: userID, "participants.import", "\(entries.count) participant(s) from a list", on: db)
      return entries.count
    }
  }

  /// Adds `count` anonymous participants (a code each, no name or e-mail) at a site, taking part in
  /// `language` (a tag; `nil` or empty: each chooses, as their browser asks).
  /// - Throws: 422 for a count outside 1…1000 or a language POETQ does not offer, 404 for a site not
  ///   in the study.
  static func generateCodes(
    _ count: Int, siteID: UUID, language tag: String? = nil, in study: Study, by userID: UUID, on db: any Database
  ) async throws {
    guard (1...maxGenerated).contains(count) else {
      throw Refusal.invalid("Number of codes: give a whole number from 1 to \(maxGenerated).")
    }
    let trimmed = tag?.trimmingCharacters(in: .whitespaces) ?? ""
    let language = trimmed.isEmpty ? nil : StudyLanguage(tag: trimmed)
    if !trimmed.isEmpty && language == nil {
      let tags = StudyLanguage.allCases.map(\.tag).joined(separator: ", ")
      throw Refusal.invalid("Language: “\(trimmed)” is not a language POETQ offers (\(tags)).")
    }
    let studyID = try study.requireID()
    try await db.transaction { db in
      guard let site = try await Site.query(on: db).filter(\.$study.$id == studyID).filter(\.$id == siteID).first()
      else { throw Refusal.notFound("Site: that site is not in this study.") }
      try await insert(
        Array(repeating: (siteID: siteID, email: nil, name: nil, language: language?.tag), count: count),
        studyID: studyID,
        on: db)
      try await StudyEditor.audit(
        study, by: userID, "participants.generate", "\(count) code(s) at \(site.name)", on: db)
    }
  }

  /// The study's participants' addresses, lower-cased. Read as plain rows: Fluent builds a model per
  /// row by reflection, which took 3 s for a study's 20,000 participants (release build).
  static func emails(of studyID: UUID, on db: any Database) async throws -> Set<String> {
    guard let sql = db as? any SQLDatabase else {
      throw ServerFault("An SQL database is needed.")
    }
    let rows = try await sql.select().column("email").from(Participant.schema).where("study_id", .equal, studyID)
      .where("is_preview", .equal, false).where("email", .isNot, SQLLiteral.null).all()
    return Set(try rows.map { try $0.decode(column: "email", as: String.self).lowercased() })
  }

  /// Adds invited participants, a new code each, `batchSize` rows per statement: one insert per
  /// row made a 5,000-line list take 5–6 s (release build), all of it holding SQLite's only write
  /// lock, so every participant's save in every study waited (0.7 s now, with the addresses read
  /// as plain rows). Each row's `created_at` comes 10 µs after the one before, so the Participants
  /// page (by `created_at`) keeps the list's order.
  static func insert(
    _ people: [(siteID: UUID, email: String?, name: String?, language: String?)], studyID: UUID,
    on db: any Database
  ) async throws {
    let start = Date()
    let rows = people.enumerated().map { index, person -> [FieldKey: DatabaseQuery.Value] in
      let added = start.addingTimeInterval(Double(index) * 1e-5)
      return [
        "id": .bind(UUID()), "study_id": .bind(studyID), "site_id": .bind(person.siteID),
        "code": .bind(ParticipantCode.make()), "email": person.email.map { .bind($0) } ?? .null,
        "name": person.name.map { .bind($0) } ?? .null, "language": person.language.map { .bind($0) } ?? .null,
        "status": .bind(Participant.Status.invited.rawValue),
        "is_preview": .bind(false), "created_at": .bind(added), "updated_at": .bind(added),
      ]
    }
    for first in stride(from: 0, to: rows.count, by: batchSize) {
      try await Participant.query(on: db).set(Array(rows[first..<min(first + batchSize, rows.count)])).create()
    }
  }

  /// Rows per insert statement: 200 × 11 values stay well under SQLite's and PostgreSQL's limits on
  /// bound values.
  static let batchSize = 200

  /// One line of the list and the links CSV.
  struct Row: Sendable {
    var id: UUID
    var site: String
    var siteID: UUID
    var name: String?
    var email: String?
    /// The researcher's own label, which tells anonymous codes apart.
    var label: String?
    /// The participant's language tag; `nil` until they choose one (they take part in the study's own).
    var language: String?
    var code: String
    var link: String
    var status: Participant.Status
    var invitedAt: Date?
    var remindedAt: Date?

    /// Whether `kind` of e-mail is due to this participant.
    func isDue(_ kind: MailTemplate.Kind) -> Bool {
      InvitationSender.isDue(kind, email: email, status: status, invitedAt: invitedAt)
    }
  }

  /// The study's real participants (previews left out), by site, then as they were added. Read as
  /// plain rows: Fluent builds each model by reflection, seconds for a study of 20,000.
  static func rows(
    of study: Study, siteID: UUID? = nil, sites scope: Set<UUID>? = nil, baseURL: String, on db: any Database
  ) async throws -> [Row] {
    let studyID = try study.requireID()
    guard let sql = db as? any SQLDatabase else {
      throw ServerFault("An SQL database is needed.")
    }
    let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    let order = Dictionary(
      sites.enumerated().compactMap { index, site in site.id.map { ($0, index) } },
      uniquingKeysWith: { first, _ in first })
    let names = Dictionary(
      sites.compactMap { site in site.id.map { ($0, site.name) } }, uniquingKeysWith: { first, _ in first })
    var query = sql.select()
      .columns("id", "site_id", "name", "email", "label", "language", "code", "status", "invited_at", "reminded_at")
      .from(Participant.schema).where("study_id", .equal, studyID).where("is_preview", .equal, false)
    if let siteID { query = query.where("site_id", .equal, siteID) }
    if let scope { query = query.where("site_id", .in, Array(scope)) }
    let rows = try await query.orderBy("created_at").orderBy("code").all().map { row in
      let siteID = try row.decode(column: "site_id", as: UUID.self)
      let code = try row.decode(column: "code", as: String.self)
      let status = try row.decode(column: "status", as: String.self)
      return Row(
        id: try row.decode(column: "id", as: UUID.self), site: names[siteID] ?? "", siteID: siteID,
        name: try row.decode(column: "name", as: String?.self),
        email: try row.decode(column: "email", as: String?.self),
        label: try row.decode(column: "label", as: String?.self),
        language: try row.decode(column: "language", as: String?.self), code: code,
        link: link(code: code, baseURL: baseURL),
        status: Participant.Status(rawValue: status) ?? .invited,
        invitedAt: try row.decode(column: "invited_at", as: Date?.self),
        remindedAt: try row.decode(column: "reminded_at", as: Date?.self))
    }
    return rows.enumerated()
      .sorted { (order[$0.element.siteID] ?? 0, $0.offset) < (order[$1.element.siteID] ?? 0, $1.offset) }
      .map(\.element)
  }

  /// `site,name,email,code,link,status,language`, one line per participant, safe to open in a
  /// spreadsheet; `language` is the participant's tag, empty until they choose (the study's own).
  static func linksCSV(_ rows: [Row]) -> String {
    var csv = SpreadsheetCSV.line(["site", "name", "email", "code", "link", "status", "language"])
    for row in rows {
      csv += SpreadsheetCSV.line(
        [row.site, row.name ?? "", row.email ?? "", row.code, row.link, row.status.rawValue, row.language ?? ""]
          .map(SpreadsheetCSV.text))
    }
    return csv
  }
}
