import Fluent
import Vapor

/// The participant's own way out, at `/p/<code>/withdraw`: GET explains what withdrawing deletes,
/// POST with the confirm box ticked withdraws (``ParticipantWithdrawal``). No session and no CSRF
/// token, as on every participant page: the code in the URL is the credential; the explicit
/// confirm field keeps a stray or forged request without it from withdrawing anyone.
struct ParticipantWithdrawalController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(SiteRoute.participant(code: .key, .withdraw).pathComponents, use: show)
    routes.post(SiteRoute.participant(code: .key, .withdraw).pathComponents, use: confirm)
  }

  /// Whether the participant has anything to withdraw: they consented, so something is stored.
  static func canWithdraw(_ participant: Participant) -> Bool {
    [.consented, .inProgress, .completed].contains(participant.status)
  }

  /// The page a withdrawn participant's link shows from then on.
  static func withdrawn(_ pages: ParticipantPages) -> ParticipantPage {
    pages.message("withdrawnHeading", "withdrawnText")
  }

  func show(req: Request) async throws -> Response {
    guard let visit = try await ParticipantVisit.load(req) else {
      return req.redirect(to: SiteRoute.participant("unknown").href)
    }
    let pages = ParticipantPages(visit: visit, baseURL: "")
    guard Self.canWithdraw(visit.participant) else { return try await settled(req, visit, pages) }
    return try await render(req, page(visit, pages))
  }

  func confirm(req: Request) async throws -> Response {
    guard let visit = try await ParticipantVisit.load(req) else {
      return req.redirect(to: SiteRoute.participant("unknown").href)
    }
    let pages = ParticipantPages(visit: visit, baseURL: "")
    guard Self.canWithdraw(visit.participant) else { return try await settled(req, visit, pages) }
    guard FormFields(req)["confirm"] == "yes" else {
      var page = page(visit, pages)
      page.error = visit.texts("withdrawConfirmMissing")
      page.focus = "error"
      return try await render(req, page, status: .unprocessableEntity)
    }
    try await ParticipantWithdrawal.withdraw(visit.participant, by: .participant, on: req.db)
    return req.redirect(to: visit.path + "?lang=" + visit.language.tag)
  }

  private func page(_ visit: ParticipantVisit, _ pages: ParticipantPages) -> ParticipantPage {
    var page = pages.base(template: "participant/withdraw", title: visit.texts("withdrawHeading"))
    page.withdraw = .init(action: visit.href(.withdraw), completed: visit.participant.status == .completed)
    page.withdrawHref = ""
    return page
  }

  /// Nothing to withdraw (already withdrawn, declined, or never consented): the link's own page.
  private func settled(_ req: Request, _ visit: ParticipantVisit, _ pages: ParticipantPages) async throws -> Response {
    if visit.participant.status == .withdrawn { return try await render(req, Self.withdrawn(pages)) }
    return req.redirect(to: visit.path + "?lang=" + visit.language.tag)
  }

  private func render(_ req: Request, _ page: ParticipantPage, status: HTTPStatus = .ok) async throws -> Response {
    try await page.response(for: req, status: status)
  }
}
