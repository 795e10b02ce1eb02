import Fluent
import POETQKit
import Vapor

/// The participant's pages at `/p/<code>`: GET shows where they are, POST does one thing and
/// saves it at once. Every form carries the revision it was rendered at, so a replayed or
/// out-of-date request cannot overwrite newer progress; a retried request that already succeeded
/// is answered as done. No session and no CSRF token: the unguessable code in the URL is the
/// credential, and a form post needs it.
struct ParticipantController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(SiteRoute.participant(code: .key, .flow).pathComponents, use: show)
    routes.post(SiteRoute.participant(code: .key, .flow).pathComponents, use: act)
    routes.post(SiteRoute.participant(code: .key, .consent).pathComponents, use: consent)
  }

  // MARK: - Showing

  func show(req: Request) async throws -> Response {
    guard let visit = try await ParticipantVisit.load(req) else { return try await unknownLink(req) }
    let pages = ParticipantPages(visit: visit, baseURL: baseURL(req))
    if visit.participant.status == .declined { return try await render(req, pages.declined()) }
    if visit.participant.status == .withdrawn {
      return try await render(req, ParticipantWithdrawalController.withdrawn(pages))
    }
    guard let stored = try await currentFlow(visit, req: req) else {
      guard let closed = unavailable(visit, pages) else {
        if visit.participant.status == .invited {
          try await ParticipantActing.mark(visit.participant, .opened, on: req.db)
        }
        return try await render(
          req, req.query[String.self, at: "step"] == "consent" ? pages.consent() : pages.welcome())
      }
      return try await render(req, closed)
    }
    if stored.flow.stage != .submitted, let closed = unavailable(visit, pages) { return try await render(req, closed) }
    // The page shown right after an action (the redirect names its revision) says what it did.
    let answered = req.query[Int.self, at: "r"].flatMap { shown in
      stored.lastAction.flatMap { $0.revision == shown && shown == stored.revision ? $0 : nil }
    }
    // A ranking choice just undone comes back with its ticks (`?chosen=3,17`).
    let ticked =
      answered == nil
      ? []
      : (req.query[String.self, at: "chosen"] ?? "").split(separator: ",").compactMap {
        Int($0)
      }
    var page = pages.flow(
      stored, select: req.query[Int.self, at: "select"], done: answered?.actions ?? [], ticked: ticked)
    if let last = answered { pages.announcing(last.actions, on: &page, after: stored.flow) }
    return try await render(req, page)
  }

  // MARK: - Consent

  /// Agree, decline (asked once more: "Are you sure?"), or take part after all after declining.
  func consent(req: Request) async throws -> Response {
    guard let visit = try await ParticipantVisit.load(req) else { return try await unknownLink(req) }
    let pages = ParticipantPages(visit: visit, baseURL: baseURL(req))
    if let closed = unavailable(visit, pages) { return try await render(req, closed, status: .conflict) }
    let fields = FormFields(req)
    if fields["choice"] == "reconsider" {
      // A declined participant changed their mind: the consent form again, from the same link.
      if visit.participant.status == .declined {
        try await ParticipantActing.mark(visit.participant, .opened, language: visit.languageToKeep, on: req.db)
      }
      return req.redirect(to: visit.path + "?step=consent&lang=" + visit.language.tag)
    }
    // Already decided (a second tab, a replay): show where they are.
    let existing = try await currentFlow(visit, req: req)
    if [.declined, .withdrawn].contains(visit.participant.status) || existing != nil {
      return req.redirect(to: visit.path)
    }
    guard fields["version"].flatMap(Int.init) == visit.study.consentVersion else {
      // The consent text changed after the page was shown: agreeing must be to what is in force.
      return try await render(req, pages.consent(error: visit.texts("errorStale")), status: .conflict)
    }
    switch fields["choice"] {
    case "agree":
      let now = Date()
      let flow = ParticipantFlow(
        design: visit.flowDesign, presortOrder: visit.flowDesign.statements.shuffled(), at: now)
      try await req.db.transaction { db in
        try await ResponseStore.create(
          participantID: visit.participantID, flow: flow, consentVersion: visit.study.consentVersion, at: now, on: db)
        try await ParticipantActing.mark(visit.participant, .consented, language: visit.languageToKeep, on: db)
      }
    case "decline_ask":
      // The consent page's "I do not want to take part" asks once more before anything changes.
      return try await render(req, pages.consent(confirmDecline: true))
    case "decline":
      try await ParticipantActing.mark(visit.participant, .declined, language: visit.languageToKeep, on: req.db)
    default:
      return try await render(req, pages.consent(), status: .badRequest)
    }
    return req.redirect(to: visit.path)
  }

  // MARK: - Acting

  func act(req: Request) async throws -> Response {
    guard let visit = try await ParticipantVisit.load(req) else { return try await unknownLink(req) }
    let pages = ParticipantPages(visit: visit, baseURL: baseURL(req))
    let background = req.prefersJSON
    guard let stored = try await currentFlow(visit, req: req) else { return req.redirect(to: visit.path) }
    if stored.flow.stage != .submitted, let closed = unavailable(visit, pages) {
      return try await render(req, closed, status: .conflict)
    }
    let posted: ParticipantForm.Posted
    do throws(ParticipantFormError) {
      posted = try ParticipantForm.read(FormFields(req))
    } catch {
      // Not a form the pages send (a field repeated, unknown or unreadable): said, nothing saved.
      let reason = visit.texts(error.textKey, ["field": error.shownField])
      return try await refuse(req, pages, stored, reason, .badRequest, background)
    }
    let (actions, revision) = (posted.actions, posted.revision)
    let acting = ParticipantActing(
      participant: visit.participant, participantID: visit.participantID, design: visit.flowDesign, db: req.db,
      language: visit.languageToKeep)
    switch try await acting.act(actions, revision: revision, over: stored) {
    case .saved(let saved):
      // An undone ranking choice: its statements are ticked again on the step it returns to.
      let undone = actions.contains(.undoChoice) ? stored.flow.rankingChoices.last ?? [] : []
      return try await done(req, visit, saved, background, ticked: undone)
    case .alreadySaved(let saved):
      return try await done(req, visit, saved, background)
    case .stale(let latest):
      // Said plainly: the choice made on the old page was not saved, and where the participant is.
      let stale = visit.texts(
        "errorStaleChoice", ["where": visit.texts(FlowStep.flow(latest.flow.stage).textKey)])
      return try await refuse(req, pages, latest, stale, .conflict, background)
    case .refused(let refusal, let saved):
      let status: HTTPStatus = refusal == .alreadySubmitted ? .conflict : .unprocessableEntity
      if background {
        return try await refuse(req, pages, saved, visit.messages.refusal(refusal), status, background)
      }
      let page = pages.flow(saved, refusal: refusal, attempted: actions)
      return try await render(req, page, status: status)
    }
  }

  /// The answer to an accepted action: the page again (303, so reloading does not post twice),
  /// or for a background save the new revision as JSON.
  private func done(
    _ req: Request, _ visit: ParticipantVisit, _ stored: StoredFlow, _ background: Bool, ticked: [Int] = []
  ) async throws -> Response {
    guard background else {
      let chosen = ticked.isEmpty ? "" : "&chosen=" + ticked.map(String.init).joined(separator: ",")
      return req.redirect(to: "\(visit.path)?r=\(stored.revision)\(chosen)")
    }
    let announce = stored.lastAction.map {
      visit.messages.announcement(of: $0.actions, after: stored.flow, design: visit.flowDesign)
    }
    return try await SaveResult(revision: stored.revision, announce: announce ?? "", error: "").encodeResponse(for: req)
  }

  /// A refused action: the current page with the reason (nothing more was saved), or JSON.
  private func refuse(
    _ req: Request, _ pages: ParticipantPages, _ stored: StoredFlow, _ reason: String, _ status: HTTPStatus,
    _ background: Bool
  ) async throws -> Response {
    if background {
      let response = try await SaveResult(revision: stored.revision, announce: "", error: reason)
        .encodeResponse(for: req)
      response.status = status
      return response
    }
    var page = pages.flow(stored)
    page.error = reason
    page.focus = "error"
    return try await render(req, page, status: status)
  }

  struct SaveResult: Content {
    var revision: Int
    var announce: String
    var error: String
  }

  // MARK: - Helpers

  /// The stored flow, as read with the participant; a preview begun before the design changed
  /// starts again from the welcome.
  private func currentFlow(_ visit: ParticipantVisit, req: Request) async throws -> StoredFlow? {
    guard let stored = visit.stored else { return nil }
    if visit.fits(stored.flow) { return stored }
    guard visit.participant.isPreview else {
      throw Abort(.internalServerError, reason: "Response \(stored.responseID) no longer fits its study's design.")
    }
    try await SortResponse.query(on: req.db).filter(\.$id == stored.responseID).delete()
    try await ParticipantActing.mark(visit.participant, .opened, on: req.db)
    return nil
  }

  /// The page for a study that does not take participants now, or nil when it does.
  private func unavailable(_ visit: ParticipantVisit, _ pages: ParticipantPages) -> ParticipantPage? {
    guard !visit.studyAccepts else { return nil }
    return visit.study.status == .draft
      ? pages.message("notOpenHeading", "notOpenText") : pages.message("closedHeading", "closedText")
  }

  private func unknownLink(_ req: Request) async throws -> Response {
    try await render(req, Self.unknownLinkPage(req), status: .notFound)
  }

  /// The page of a link that leads nowhere (no study to take a title from), in the language asked
  /// for or the browser's, among those POETQ has catalogues for.
  static func unknownLinkPage(_ req: Request) -> ParticipantPage {
    let locales = req.application.locales
    let language = req.interfaceLanguage(offered: locales.languages)
    return unknownLinkPage(locales.texts(for: language), language: language)
  }

  static func unknownLinkPage(_ texts: ParticipantTexts, language: StudyLanguage = .en) -> ParticipantPage {
    var page = ParticipantPage.envelope(
      template: "participant/message", texts: texts, language: language, title: texts("unknownLinkHeading"),
      studyTitle: "POETQ")
    page.message = .init(heading: texts("unknownLinkHeading"), text: texts("unknownLinkText"), contact: "")
    return page
  }

  private func render(_ req: Request, _ page: ParticipantPage, status: HTTPStatus = .ok) async throws -> Response {
    try await page.response(for: req, status: status)
  }

  private func baseURL(_ req: Request) -> String {
    {
      let base = req.application.poetqConfig.baseURL
      return base.hasSuffix("/") ? String(base.dropLast()) : base
    }()
  }
}
