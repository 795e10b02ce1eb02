import Fluent
import Foundation

extension ParticipantsPage {
  /// What the list is asked for (its query), what a refused form left, and the server's settings
  /// the page reports.
  struct Request: Sendable {
    var site: String?
    var find: String = ""
    var page: Int = 1
    var drafts = Drafts()
    var baseURL: String
    var mailOn: Bool
    var mailSummary: String
  }

  /// The participants the member of `context` may see, one page of those at the chosen site (or
  /// matching the search), with the mail state and the send log.
  static func query(_ context: StudyContext, request: Request, on db: any Database) async throws -> Model {
    let slug = context.study.slug
    let sites = try await Site.query(on: db).filter(\.$study.$id == context.studyID).sort(\.$position).all()
      .filter { context.grant.sees(site: $0.id) }
    let filter = request.site.flatMap(UUID.init(uuidString:)).flatMap { id in sites.contains { $0.id == id } ? id : nil
    }
    // Every participant the member may see: the counts and the log need them all; the table shows
    // one page of those at the chosen site.
    let visible = try await ParticipantRoster.rows(
      of: context.study, sites: context.grant.siteIDs, baseURL: request.baseURL, on: db)
    let find = request.find.trimmingCharacters(in: .whitespaces)
    var atSite = filter.map { id in visible.filter { $0.siteID == id } } ?? visible
    if !find.isEmpty {
      atSite = try await found(find, in: atSite, context: context, on: db)
    }
    let pager = Pager(count: atSite.count, page: request.page, slug: slug, site: filter?.uuidString)
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
    return Model(
      mailOn: request.mailOn, mailSummary: request.mailSummary,
      studyOpen: context.study.status == .open, showLinks: showLinks,
      sites: sites.map { Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == filter) },
      siteFilter: filter?.uuidString ?? "", find: find,
      rows: atSite[pager.range].map { row in
        // An anonymous code is never "invited" by mail: until its link is opened it is not opened yet.
        let anonymous = row.email == nil && row.status == .invited
        return Row(
          id: row.id.uuidString, site: row.site,
          language: MonitorData.languageName(StudySorts.language(of: row.language, study: context.study.language)),
          name: row.name ?? "",
          label: row.name ?? row.label ?? "Participant", email: row.email ?? "",
          status: anonymous ? "Not opened yet" : statusNames[row.status] ?? row.status.rawValue,
          invited: ParticipantsController.time(row.invitedAt),
          reminded: ParticipantsController.time(row.remindedAt), link: showLinks ? row.link : "",
          href: StudyRoute.participants(.show(.value(row.id))).href(slug: slug))
      }, pager: pager, total: visible.count,
      dueInvitations: visible.filter { $0.isDue(.invitation) && !queuedInvitations.contains($0.id) }.count,
      dueReminders: visible.filter { $0.isDue(.reminder) && !queuedReminders.contains($0.id) }.count,
      templates: request.drafts.templates
        ?? Templates(
          invitationSubject: invitation.subject, invitationBody: invitation.body, reminderSubject: reminder.subject,
          reminderBody: reminder.body), placeholders: MailTemplateText.placeholders.map { "{{\($0)}}" },
      failed: failures.map(ParticipantsController.failedRow), progress: progress.map(MailJobs.summary),
      sendingUnderWay: progress.contains { !$0.finished }, log: log.map(ParticipantsController.logRow),
      importDraft: request.drafts.importText, importProblems: request.drafts.importProblems,
      generateCount: request.drafts.generateCount,
      languages: languageChoices(own: context.study.language), links: Links(slug: slug, site: filter?.uuidString))
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
}
