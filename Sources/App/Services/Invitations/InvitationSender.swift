import Fluent
import Vapor

/// Sends invitations and reminders through a ``Mailer``, one message at a time, logging each
/// outcome in `mail_log` as it is known and stamping `invited_at` / `reminded_at` on success. Each
/// batch is audited with its counts only.
enum InvitationSender {
  /// What a batch did.
  struct Summary: Equatable, Sendable {
    var sent = 0
    var failed = 0
  }

  /// Statuses that take no reminder: done, or said no.
  static let finished: Set<Participant.Status> = [.completed, .declined, .withdrawn]

  /// Whether `participant` should get a message of `kind` now: invitations go to those with an
  /// address not yet invited; reminders to those invited who have not completed, declined or
  /// withdrawn.
  static func isDue(_ participant: Participant, _ kind: MailTemplate.Kind) -> Bool {
    !participant.isPreview
      && isDue(kind, email: participant.email, status: participant.status, invitedAt: participant.invitedAt)
  }

  /// The same rule for a participant read as a plain row (``ParticipantRoster/Row``).
  static func isDue(_ kind: MailTemplate.Kind, email: String?, status: Participant.Status, invitedAt: Date?) -> Bool {
    guard let email, !email.isEmpty, !finished.contains(status) else { return false }
    return kind == .invitation ? invitedAt == nil : invitedAt != nil
  }

  /// Sends `kind` to everyone it is due to.
  /// A member limited to some sites (`sites`) sends only to those sites' participants.
  static func send(
    _ kind: MailTemplate.Kind, for study: Study, sites scope: Set<UUID>? = nil, mailer: (any Mailer)?,
    baseURL: String, by userID: UUID, on db: any Database
  ) async throws -> Summary {
    let mailer = try ready(study, mailer)
    let participants = try await Participant.query(on: db).filter(\.$study.$id == study.requireID())
      .filter(\.$isPreview == false).sort(\.$createdAt).all()
      .filter { isDue($0, kind) && (scope?.contains($0.$site.id) ?? true) }
    let summary = try await deliver(kind, to: participants, for: study, mailer: mailer, baseURL: baseURL, on: db)
    try await audit(kind, summary, retry: false, study: study, by: userID, on: db)
    return summary
  }

  /// Sends again every message whose latest try failed, to those it is still due to.
  static func retryFailed(
    for study: Study, sites scope: Set<UUID>? = nil, mailer: (any Mailer)?, baseURL: String, by userID: UUID,
    on db: any Database
  ) async throws -> Summary {
    let mailer = try ready(study, mailer)
    var total = Summary()
    let failed = try await failures(of: study, sites: scope, on: db)
    for kind in MailTemplate.Kind.allCases {
      let participants = failed.filter { $0.kind == kind }.map(\.participant).filter { isDue($0, kind) }
      guard !participants.isEmpty else { continue }
      let summary = try await deliver(kind, to: participants, for: study, mailer: mailer, baseURL: baseURL, on: db)
      try await audit(kind, summary, retry: true, study: study, by: userID, on: db)
      total.sent += summary.sent
      total.failed += summary.failed
    }
    return total
  }

  /// A message whose latest try failed.
  struct Failure {
    var participant: Participant
    var kind: MailTemplate.Kind
    var entry: MailLogEntry
  }

  /// The participants and kinds whose latest try failed (and who are still due that message).
  static func failures(of study: Study, sites scope: Set<UUID>? = nil, on db: any Database) async throws
    -> [Failure]
  {
    let studyID = try study.requireID()
    let entries = try await MailLogEntry.query(on: db).filter(\.$study.$id == studyID).sort(\.$createdAt).all()
    var latest: [String: MailLogEntry] = [:]
    var order: [String] = []
    for entry in entries {
      guard let participantID = entry.$participant.id else { continue }
      let key = "\(participantID)/\(entry.kind.rawValue)"
      if latest[key] == nil { order.append(key) }
      latest[key] = entry
    }
    let failed = order.compactMap { latest[$0] }.filter { $0.result == .failed }
    guard !failed.isEmpty else { return [] }
    let participants = try await Participant.query(on: db).filter(\.$study.$id == studyID)
      .filter(\.$id ~~ failed.compactMap { $0.$participant.id }).all()
    let byID = Dictionary(
      participants.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { first, _ in first })
    return failed.compactMap { entry in
      guard let participant = entry.$participant.id.flatMap({ byID[$0] }), isDue(participant, entry.kind),
        scope?.contains(participant.$site.id) ?? true
      else {
        return nil
      }
      return Failure(participant: participant, kind: entry.kind, entry: entry)
    }
  }

  private static func ready(_ study: Study, _ mailer: (any Mailer)?) throws -> any Mailer {
    guard let mailer else {
      throw Abort(
        .conflict,
        reason: "Mail is off: no SMTP relay is configured (POETQ_SMTP_HOST). Download the links as CSV instead.")
    }
    guard study.status == .open else {
      throw Abort(
        .conflict,
        reason:
          "Sending: the study is \(study.status == .draft ? "a draft" : "closed"); open it first, so the links work.")
    }
    return mailer
  }

  private static func deliver(
    _ kind: MailTemplate.Kind, to participants: [Participant], for study: Study, mailer: any Mailer,
    baseURL: String, on db: any Database
  ) async throws -> Summary {
    let studyID = try study.requireID()
    let template = try await MailTemplateText.load(kind, studyID: studyID, on: db)
    let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).all()
    let siteNames = Dictionary(
      sites.compactMap { site in site.id.map { ($0, site.name) } }, uniquingKeysWith: { first, _ in first })
    let messages = participants.map { participant in
      let values = MailTemplateText.Values(
        name: participant.name, link: ParticipantRoster.link(code: participant.code, baseURL: baseURL),
        study: study.title, site: siteNames[participant.$site.id] ?? "", contact: study.contactDetails)
      return MailMessage(
        from: mailer.from, to: MailAddress(address: participant.email ?? "", name: participant.name),
        subject: MailTemplateText.fill(template.subject, values), body: MailTemplateText.fill(template.body, values))
    }
    var summary = Summary()
    try await mailer.send(messages) { index, outcome in
      let participant = participants[index]
      let entry = MailLogEntry(
        studyID: studyID, participantID: participant.id, address: messages[index].to.address, kind: kind,
        result: outcome == .sent ? .sent : .failed, error: nil)
      switch outcome {
      case .sent:
        summary.sent += 1
        let now = Date()
        switch kind {
        case .invitation: participant.invitedAt = now
        case .reminder: participant.remindedAt = now
        }
        try await participant.save(on: db)
      case .failed(let reason):
        summary.failed += 1
        entry.error = String(reason.prefix(1000))
      }
      try await entry.save(on: db)
    }
    return summary
  }

  private static func audit(
    _ kind: MailTemplate.Kind, _ summary: Summary, retry: Bool, study: Study, by userID: UUID, on db: any Database
  ) async throws {
    guard summary.sent + summary.failed > 0 else { return }
    try await StudyEditor.audit(
      study, by: userID, kind == .invitation ? "mail.invitations" : "mail.reminders",
      "\(summary.sent) sent, \(summary.failed) failed\(retry ? " (retry)" : "")", on: db)
  }
}
