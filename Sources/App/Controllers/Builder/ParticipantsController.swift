import Fluent
import Vapor

/// The study's participants: the list with their links, importing a list or generating codes,
/// the links as CSV, the invitation and reminder texts, sending them, and the send log.
struct ParticipantsController: RouteCollection {
  typealias Drafts = ParticipantsPage.Drafts
  typealias Templates = ParticipantsPage.Templates
  typealias LogRow = ParticipantsPage.LogRow

  struct ImportForm: Content {
    var list: String?
    var file: File?
  }

  struct GenerateForm: Content {
    var site: String
    var count: String
    /// A language tag the codes' participants take part in; empty or absent: their own choice.
    var language: String?
  }

  struct TemplatesForm: Content {
    var invitationSubject: String
    var invitationBody: String
    var reminderSubject: String
    var reminderBody: String

    enum CodingKeys: String, CodingKey {
      case invitationSubject = "invitation_subject"
      case invitationBody = "invitation_body"
      case reminderSubject = "reminder_subject"
      case reminderBody = "reminder_body"
    }
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.participants(), use: index)
    area.page(.participants(.linksCSV), use: linksCSV)
    area.upload(.participants(.importList), limit: BodyLimit.participantList, use: importList)
    area.form(.participants(.generate), use: generate)
    area.form(.participants(.templates), use: saveTemplates)
    area.form(.participants(.sendInvitations)) { try await send($0, .invitation) }
    area.form(.participants(.sendReminders)) { try await send($0, .reminder) }
    area.form(.participants(.retry), use: retry)
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, drafts: Drafts = Drafts()) async throws
    -> View
  {
    let request = ParticipantsPage.Request(
      site: try? req.query.get(String.self, at: "site"), find: (try? req.query.get(String.self, at: "find")) ?? "",
      page: (try? req.query.get(Int.self, at: "page")) ?? 1, drafts: drafts,
      baseURL: req.application.poetqConfig.baseURL, mailOn: req.application.mailer != nil,
      mailSummary: req.application.mailer?.summary ?? "")
    let model = try await ParticipantsPage.query(context, request: request, on: req.db)
    return try await req.renderStudyPage(
      ParticipantsPage.template, context, section: .participants, model, error: error)
  }

  static func logRow(_ entry: MailLogEntry) -> LogRow {
    LogRow(
      time: time(entry.createdAt), address: entry.address, kind: entry.kind == .invitation ? "Invitation" : "Reminder",
      result: entry.result == .sent ? "Sent" : "Failed", failed: entry.result == .failed, error: entry.error ?? "")
  }

  /// A message whose last try failed: given up, or waiting for its next try (and when).
  static func failedRow(_ job: MailJob) -> LogRow {
    let next =
      job.state == .queued
      ? "; tried \(job.attempts) time\(job.attempts == 1 ? "" : "s"), next try "
        + time(Date(timeIntervalSince1970: job.nextAttemptAt))
      : job.attempts < MailWorker.maxAttempts
        ? "; refused for good, not tried again" : "; gave up after \(job.attempts) tries"
    return LogRow(
      time: time(job.updatedAt), address: job.participant.email ?? "",
      kind: job.kind == .invitation ? "Invitation" : "Reminder", result: "Failed", failed: true,
      error: (job.lastError ?? "") + next)
  }

  /// `2026-12-01 13:15 UTC`, or empty.
  static func time(_ date: Date?) -> String {
    date.map(timeFormatter.string(from:)) ?? ""
  }

  private static let timeFormatter: DateFormatter = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter
  }()

  /// The links as CSV for a mail merge (researchers only: a link is the participant's credential).
  func linksCSV(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let filter = (try? req.query.get(String.self, at: "site")).flatMap(UUID.init(uuidString:))
    let rows = try await ParticipantRoster.rows(
      of: context.study, siteID: filter, sites: context.grant.siteIDs, baseURL: req.application.poetqConfig.baseURL,
      on: req.db)
    return Response.download(
      Data(ParticipantRoster.linksCSV(rows).utf8), name: "\(context.study.slug)-links.csv",
      type: "text/csv; charset=utf-8")
  }

  func importList(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(ImportForm.self)
    var drafts = Drafts(importText: form.list ?? "")
    var imported = 0
    return try await performEdit(
      req, success: "\(imported) participant\(imported == 1 ? "" : "s") added, each with a code and link.",
      redirect: context.href(.participants()),
      render: { reason in
        let count = drafts.importProblems.count
        let summary =
          count == 0
          ? reason : "Nothing imported: \(count == 1 ? "1 problem" : "\(count) problems") in the list, listed below."
        return try await render(req, context: context, error: summary, drafts: drafts)
      },
      edit: {
        var text = form.list ?? ""
        var fileName = "The pasted list"
        if let file = form.file, file.data.readableBytes > 0 {
          guard file.data.readableBytes <= 1 << 20 else {
            throw Abort(.unprocessableEntity, reason: "File: \(file.filename) is over 1 MB; import it in parts.")
          }
          text = String(decoding: Data(buffer: file.data), as: UTF8.self)
          fileName = file.filename
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
          throw Abort(.unprocessableEntity, reason: "List: paste a list or choose a CSV file (email,name,site).")
        }
        do {
          imported = try await ParticipantRoster.importList(
            text, fileName: fileName, into: context.study, sites: context.grant.siteIDs, by: context.userID,
            on: req.db)
        } catch let error as ParticipantListError {
          drafts.importProblems = error.problems
          throw error
        }
      })
  }

  func generate(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(GenerateForm.self)
    let count = Int(form.count.trimmingCharacters(in: .whitespaces)) ?? 0
    return try await performEdit(
      req, success: "\(count) code\(count == 1 ? "" : "s") added.", redirect: context.href(.participants()),
      render: { try await render(req, context: context, error: $0, drafts: Drafts(generateCount: form.count)) },
      edit: {
        guard let siteID = UUID(uuidString: form.site), context.grant.sees(site: siteID) else {
          throw Abort(.unprocessableEntity, reason: "Site: choose a site for the codes.")
        }
        try await ParticipantRoster.generateCodes(
          count, siteID: siteID, language: form.language, in: context.study, by: context.userID, on: req.db)
      })
  }

  func saveTemplates(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(TemplatesForm.self)
    let draft = Templates(
      invitationSubject: form.invitationSubject, invitationBody: form.invitationBody,
      reminderSubject: form.reminderSubject, reminderBody: form.reminderBody)
    return try await performEdit(
      req, success: "Invitation and reminder texts saved.", redirect: context.href(.participants()) + "#messages",
      render: { try await render(req, context: context, error: $0, drafts: Drafts(templates: draft)) },
      edit: {
        try await MailTemplateText.save(
          invitation: (form.invitationSubject, form.invitationBody),
          reminder: (form.reminderSubject, form.reminderBody), for: context.study, by: context.userID, on: req.db)
      })
  }

  /// Queues the messages in this request's transaction and answers at once; the mail worker sends
  /// them in the background and the page shows how far it has got.
  func send(_ req: Request, _ kind: MailTemplate.Kind) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    var queued = 0
    return try await performEdit(
      req, success: Self.report(queued, kind == .invitation ? "invitation" : "reminder"),
      redirect: context.href(.participants()) + "#sending",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        queued = try await MailJobs.enqueue(
          kind, for: context.study, sites: context.grant.siteIDs, mailOn: req.application.mailer != nil,
          by: context.userID, on: req.db)
        if queued > 0 { req.application.mailWorker.wake() }
      })
  }

  func retry(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    var queued = 0
    return try await performEdit(
      req, success: Self.report(queued, "message"), redirect: context.href(.participants()) + "#sending",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        queued = try await MailJobs.retryFailed(
          for: context.study, sites: context.grant.siteIDs, mailOn: req.application.mailer != nil,
          by: context.userID, on: req.db)
        if queued > 0 { req.application.mailWorker.wake() }
      })
  }

  /// "3 invitations queued; they are sent in the background." or "Nothing to send: …".
  static func report(_ queued: Int, _ noun: String) -> String {
    guard queued > 0 else {
      return "Nothing to send: no one is due \(noun == "invitation" ? "an" : "a") \(noun)."
    }
    return "\(queued) \(noun)\(queued == 1 ? "" : "s") queued; they are sent in the background (progress below)."
  }
}
