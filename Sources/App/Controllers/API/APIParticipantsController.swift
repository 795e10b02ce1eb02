import Fluent
import Vapor

/// `/api/v1/studies/{slug}/participants`: the study's participants for scripts and data-protection
/// requests (find the participant behind sort D65; withdraw them), without personal data: no name,
/// e-mail or code, whatever the role. A member limited to some sites sees and withdraws only their
/// sites' participants (``StudyAccess/Grant/sees(site:)``); others are 404.
struct APIParticipantsController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(APIRoute.study(.key, .participants).registered, use: index)
    routes.post(APIRoute.study(.key, .withdrawParticipant(.key)).registered, use: withdraw)
  }

  /// One participant as the API shows it.
  struct ParticipantDTO: Content {
    var id: UUID
    var sortID: String?
    var status: String
    var site: String
    /// The language they take part in: theirs, else the study's own (a tag).
    var language: String
    var createdAt: Date?

    init(_ participant: Participant, studyLanguage: String) throws {
      id = try participant.requireID()
      sortID = participant.sortID
      status = participant.status.rawValue
      site = participant.site.name
      language = StudySorts.language(of: participant.language, study: studyLanguage)
      createdAt = participant.createdAt
    }
  }

  struct Page: Content {
    var items: [ParticipantDTO]
    var page: Int
    var per: Int
    var total: Int
  }

  struct Query: Decodable {
    var site: String?
    var status: String?
    var sort: String?
    var page: Int?
    var per: Int?
  }

  static let maxPer = 500

  /// `GET …/participants?site=&status=&sort=&page=&per=`: oldest first, `per` (1–500, default 100).
  func index(req: Request) async throws -> Page {
    let grant = try await StudyAccess.grant(
      slug: req.parameters.get("slug") ?? "", user: req.apiUser, atLeast: .viewer, on: req.db)
    let query = try req.query.decode(Query.self)
    let page = query.page ?? 1
    let per = query.per ?? 100
    guard page >= 1 else { throw Abort(.badRequest, reason: "page: pages start at 1, not \(page).") }
    guard (1...Self.maxPer).contains(per) else {
      throw Abort(.badRequest, reason: "per: ask for 1 to \(Self.maxPer) participants a page, not \(per).")
    }
    let studyID = try grant.study.requireID()
    // Completed sorts get their ids when first read; a script may ask before any export did.
    try await StudySorts.assignSortIDs(studyID: studyID, on: req.db)
    let builder = Participant.query(on: req.db).filter(\.$study.$id == studyID).filter(\.$isPreview == false)
    if let name = query.site {
      guard
        let site = try await Site.query(on: req.db).filter(\.$study.$id == studyID).filter(\.$name == name).first(),
        grant.sees(site: site.id)
      else { throw Abort(.badRequest, reason: "site: this study has no site “\(name)” you can see.") }
      builder.filter(\.$site.$id == (try site.requireID()))
    }
    if let siteIDs = grant.siteIDs { builder.filter(\.$site.$id ~~ Array(siteIDs)) }
    if let text = query.status {
      guard let status = Participant.Status(rawValue: text) else {
        let known = Participant.Status.allCases.map(\.rawValue).joined(separator: ", ")
        throw Abort(.badRequest, reason: "status: use one of \(known), not “\(text)”.")
      }
      builder.filter(\.$status == status)
    }
    if let sort = query.sort { builder.filter(\.$sortID == sort) }
    let total = try await builder.count()
    let rows = try await builder.copy().with(\.$site).sort(\.$createdAt).sort(\.$id)
      .range((page - 1) * per..<(page * per)).all()
    return Page(
      items: try rows.map { try ParticipantDTO($0, studyLanguage: grant.study.language) }, page: page, per: per,
      total: total)
  }

  /// `POST …/participants/{id}/withdraw`: as the participant page's Withdraw (researcher or owner,
  /// audited): their response is deleted, their name and e-mail cleared, their quotes removed from
  /// every interpretation, and the analyses that used their sort marked. `409` when already withdrawn.
  func withdraw(req: Request) async throws -> ParticipantDTO {
    let user = try req.apiUser
    let grant = try await StudyAccess.grant(
      slug: req.parameters.get("slug") ?? "", user: user, atLeast: .researcher, on: req.db)
    guard let id = req.parameters.get("id", as: UUID.self),
      let participant = try await Participant.query(on: req.db).filter(\.$id == id)
        .filter(\.$study.$id == grant.study.requireID()).with(\.$site).first(),
      grant.sees(site: participant.$site.id)
    else { throw Abort(.notFound, reason: "Participant: there is no such participant in this study.") }
    guard participant.status != .withdrawn else {
      throw Abort(.conflict, reason: "This participant has already withdrawn.")
    }
    try await ParticipantWithdrawal.withdraw(participant, by: .researcher(try user.requireID()), on: req.db)
    return try ParticipantDTO(participant, studyLanguage: grant.study.language)
  }
}
