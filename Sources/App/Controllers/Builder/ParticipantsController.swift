import Fluent
import Vapor

/// The study's participants: the list with their links, importing a list or generating codes,
/// the links as CSV, the invitation and reminder texts, sending them, and the send log.
struct ParticipantsController: RouteCollection {
  struct PageContent: Encodable {
    var mailOn: Bool
    var mailSummary: String
    var studyOpen: Bool
    var showLinks: Bool
    var sites: [SiteOption]
    var siteFilter: String
    /// What the "Find a participant" box searched for (sort id, name, e-mail or code), or empty.
    var find: String
    var rows: [Row]
    var pager: Pager
    var total: Int
    var dueInvitations: Int
    var dueReminders: Int
    var templates: Templates
    var placeholders: [String]
    var failed: [LogRow]
    /// The latest sending of each kind ("Invitations: 12 of 40 sent, 27 waiting, 1 failed.").
    var progress: [String]
    /// Whether messages are still waiting to be sent (the page says to reload it).
    var sendingUnderWay: Bool
    var log: [LogRow]
    var importDraft: String
    var importProblems: [String]
    var generateCount: String
  }

  /// The table's pages: `size` rows each, with the links to the pages before and after.
  struct Pager: Encodable {
    static let size = 500
    /// 1-based, clamped to the pages there are.
    var page: Int
    var pages: Int
    /// "1,001–1,500 of 20,000".
    var showing: String
    var previous: String
    var next: String
    var range: Range<Int>

    init(count: Int, page requested: Int, path: String, site: String?) {
      pages = max(1, (count + Self.size - 1) / Self.size)
      page = min(max(requested, 1), pages)
      range = ((page - 1) * Self.size)..<min(page * Self.size, count)
      let number = { (value: Int) in value.formatted(.number.locale(Locale(identifier: "en_US"))) }
      showing = "\(number(range.lowerBound + 1))–\(number(range.upperBound)) of \(number(count))"
      let href = { (target: Int) in
        "\(path)?" + (site.map { "site=\($0)&" } ?? "") + "page=\(target)"
      }
      previous = page > 1 ? href(page - 1) : ""
      next = page < pages ? href(page + 1) : ""
    }

    enum CodingKeys: String, CodingKey { case page, pages, showing, previous, next }
  }

  struct SiteOption: Encodable {
    var id: String
    var name: String
    var selected: Bool
  }

  struct Row: Encodable {
    var id: String
    var site: String
    var name: String
    /// The name, else the researcher's label, else "Participant" (the link text to the participant's page).
    var label: String
    var email: String
    var status: String
    var invited: String
    var reminded: String
    var link: String
  }

  struct Templates: Encodable {
    var invitationSubject: String
    var invitationBody: String
    var reminderSubject: String
    var reminderBody: String
  }

  struct LogRow: Encodable {
    var time: String
    var address: String
    var kind: String
    var result: String
    var failed: Bool
    var error: String
  }

  /// What a refused form leaves on the page.
  struct Drafts {
    var importText = ""
    var importProblems: [String] = []
    var generateCount = ""
    var templates: Templates?
  }

  struct ImportForm: Content {
    var list: String?
    var file: File?
  }

  struct GenerateForm: Content {
    var site: String
    var count: String
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

  static let statusNames: [Participant.Status: String] = [
    .invited: "Invited", .opened: "Opened", .consented: "Consented", .inProgress: "In progress",
    .completed: "Completed", .declined: "Declined", .withdrawn: "Withdrawn",
  ]

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes, "studies", ":slug", "participants")
    area.pages.get(use: index)
    area.pages.get("links.csv", use: linksCSV)
    area.uploads(limit: BodyLimit.participantList).post("import", use: importList)
    area.forms.post("generate", use: generate)
    area.forms.post("templates", use: saveTemplates)
    area.forms.post("send-invitations") { try await send($0, .invitation) }
    area.forms.post("send-reminders") { try await send($0, .reminder) }
    area.forms.post("retry", use: retry)
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, drafts: Drafts = Drafts()) async throws
    -> View
  {
    let db = req.db
    let baseURL = req.application.poetqConfig.baseURL
    let sites = try await Site.query(on: db).filter(\.$study.$id == context.studyID).sort(\.$position).all()
      .filter { context.grant.sees(site: $0.id) }
    let filter = (try? req.query.get(String.self, at: "site")).flatMap(UUID.init(uuidString:))
      .flatMap { id in sites.contains { $0.id == id } ? id : nil }
    // Every participant the member may see: the counts and the log need them all; the table shows
    // one page of those at the chosen site.
    let visible = try await ParticipantRoster.rows(
      of: context.study, sites: context.grant.siteIDs, baseURL: baseURL, on: db)
    let find = ((try? req.query.get(String.self, at: "find")) ?? "").trimmingCharacters(in: .whitespaces)
    var atSite = filter.map { id in visible.filter { $0.siteID == id } } ?? visible
    if !find.isEmpty {
      atSite = try await Self.found(find, in: atSite, context: context, on: db)
    }
    let pager = Pager(
      count: atSite.count, page: (try? req.query.get(Int.self, at: "page")) ?? 1,
      path: "\(context.path)/participants", site: filter?.uuidString)
    let showLinks = context.role >= .researcher
    let visibleIDs = Set(visible.map(\.id))
    let log = try await MailLogEntry.query(on: db).filter(\.$study.$id == context.studyID)
      .sort(\.$createdAt, .descending).limit(200).all()
      .filter { context.seesAllSites || $0.$participant.id.map(visibleIDs.contains) == true }
    let failures = try await MailJobs.failures(of: context.studyID, sites: context.grant.siteIDs, on: db)
    let progress = try await MailJobs.progress(
      of: context.studyID, participants: context.seesAllSites ? nil : visibleIDs, on: db)
    let queuedInvitations = try await MailJobs.openParticipants(.invitation, studyID: context.studyID, on: db)
    let queuedReminders = try await MailJobs.openParticipants(.reminder, studyID: context.studyID, on: db)
    let invitation = try await MailTemplateText.load(.invitation, studyID: context.studyID, on: db)
    let reminder = try await MailTemplateText.load(.reminder, studyID: context.studyID, on: db)
    let content = PageContent(
      mailOn: req.application.mailer != nil, mailSummary: req.application.mailer?.summary ?? "",
      studyOpen: context.study.status == .open, showLinks: showLinks,
      sites: sites.map { SiteOption(id: $0.id?.uuidString ?? "", name: $0.name, selected: $0.id == filter) },
      siteFilter: filter?.uuidString ?? "", find: find,
      rows: atSite[pager.range].map { row in
        // An anonymous code is never "invited" by mail: until its link is opened it is not opened yet.
        let anonymous = row.email == nil && row.status == .invited
        return Row(
          id: row.id.uuidString, site: row.site, name: row.name ?? "",
          label: row.name ?? row.label ?? "Participant", email: row.email ?? "",
          status: anonymous ? "Not opened yet" : Self.statusNames[row.status] ?? row.status.rawValue,
          invited: Self.time(row.invitedAt),
          reminded: Self.time(row.remindedAt), link: showLinks ? row.link : "")
      }, pager: pager, total: visible.count,
      dueInvitations: visible.filter { $0.isDue(.invitation) && !queuedInvitations.contains($0.id) }.count,
      dueReminders: visible.filter { $0.isDue(.reminder) && !queuedReminders.contains($0.id) }.count,
      templates: drafts.templates
        ?? Templates(
          invitationSubject: invitation.subject, invitationBody: invitation.body, reminderSubject: reminder.subject,
          reminderBody: reminder.body), placeholders: MailTemplateText.placeholders.map { "{{\($0)}}" },
      failed: failures.map(Self.failedRow), progress: progress.map(MailJobs.summary),
      sendingUnderWay: progress.contains { !$0.finished }, log: log.map(Self.logRow), importDraft: drafts.importText,
      importProblems: drafts.importProblems, generateCount: drafts.generateCount)
    return try await req.renderStudyPage("builder/participants", context, section: .participants, content, error: error)
  }

  /// The rows matching `text`: the participant whose sort id it is (D65, from a loadings table), a
  /// name or e-mail containing it (any case), or, for researchers, the code it is (a viewer never
  /// sees codes, so cannot look one up either).
  static func found(
    _ text: String, in rows: [ParticipantRoster.Row], context: StudyContext, on db: any Database
  ) async throws -> [ParticipantRoster.Row] {
    try await StudySorts.assignSortIDs(studyID: context.studyID, on: db)
    let bySort = try await Participant.query(on: db).filter(\.$study.$id == context.studyID)
      .group(.or) { $0.filter(\.$sortID == text).filter(\.$sortID == text.uppercased()) }.all().compactMap(\.id)
    let needle = text.lowercased()
    return rows.filter { row in
      bySort.contains(row.id) || (row.name?.lowercased().contains(needle) ?? false)
        || (row.email?.lowercased().contains(needle) ?? false)
        || (context.role >= .researcher && row.code.lowercased() == needle)
    }
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
      redirect: "\(context.path)/participants",
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
      req, success: "\(count) code\(count == 1 ? "" : "s") added.", redirect: "\(context.path)/participants",
      render: { try await render(req, context: context, error: $0, drafts: Drafts(generateCount: form.count)) },
      edit: {
        guard let siteID = UUID(uuidString: form.site), context.grant.sees(site: siteID) else {
          throw Abort(.unprocessableEntity, reason: "Site: choose a site for the codes.")
        }
        try await ParticipantRoster.generateCodes(
          count, siteID: siteID, in: context.study, by: context.userID, on: req.db)
      })
  }

  func saveTemplates(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(TemplatesForm.self)
    let draft = Templates(
      invitationSubject: form.invitationSubject, invitationBody: form.invitationBody,
      reminderSubject: form.reminderSubject, reminderBody: form.reminderBody)
    return try await performEdit(
      req, success: "Invitation and reminder texts saved.", redirect: "\(context.path)/participants#messages",
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
      redirect: "\(context.path)/participants#sending",
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
      req, success: Self.report(queued, "message"), redirect: "\(context.path)/participants#sending",
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
