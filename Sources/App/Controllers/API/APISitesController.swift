import Fluent
import Vapor

/// `/api/v1/studies/{slug}/sites`: the case-study sites, changed through ``StudyEditor`` by members who
/// work with every site (``StudyAccess/Grant/requireSiteManagement()``).
struct APISitesController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(APIRoute.study(.key, .sites).registered, use: index)
    routes.post(APIRoute.study(.key, .sites).registered, use: create)
    routes.get(APIRoute.study(.key, .site(.key)).registered, use: show)
    routes.patch(APIRoute.study(.key, .site(.key)).registered, use: update)
    routes.delete(APIRoute.study(.key, .site(.key)).registered, use: delete)
  }

  /// `GET …/sites`: in display order (a member limited to some sites gets theirs).
  func index(req: Request) async throws -> [SiteDTO] {
    let grant = try await req.apiGrant(atLeast: .viewer)
    return try await Site.query(on: req.db).filter(\.$study.$id == grant.study.requireID()).sort(\.$position).all()
      .filter { grant.sees(site: $0.id) }.map(SiteDTO.init)
  }

  /// `POST …/sites`: adds a site at the end.
  func create(req: Request) async throws -> Response {
    let study = try await Self.manager(req).study
    let input = try req.decodeJSON(SiteInputDTO.self)
    let site = try await StudyEditor.addSite(name: input.name, to: study, by: req.apiUser.requireID(), on: req.db)
    return try await SiteDTO(site).created(
      at: APIRoute.study(.value(study.slug), .site(.value(try site.requireID()))).href, for: req)
  }

  /// `GET …/sites/{id}`.
  func show(req: Request) async throws -> SiteDTO {
    let grant = try await req.apiGrant(atLeast: .viewer)
    let study = grant.study
    let id = try Self.siteID(req)
    guard grant.sees(site: id),
      let site = try await Site.query(on: req.db).filter(\.$study.$id == study.requireID()).filter(\.$id == id).first()
    else { throw Self.unknownSite }
    return try SiteDTO(site)
  }

  /// `PATCH …/sites/{id}`: renames it.
  func update(req: Request) async throws -> SiteDTO {
    let study = try await Self.manager(req).study
    let id = try Self.siteID(req)
    let input = try req.decodeJSON(SiteInputDTO.self)
    try await StudyEditor.renameSite(id: id, to: input.name, in: study, by: req.apiUser.requireID(), on: req.db)
    guard let site = try await Site.find(id, on: req.db) else { throw Self.unknownSite }
    return try SiteDTO(site)
  }

  /// `DELETE …/sites/{id}`: only a site without participants (409 otherwise).
  func delete(req: Request) async throws -> HTTPStatus {
    let study = try await Self.manager(req).study
    try await StudyEditor.deleteSite(id: Self.siteID(req), in: study, by: req.apiUser.requireID(), on: req.db)
    return .noContent
  }

  /// The grant of a member who may change the sites: a researcher or owner without a site limit.
  static func manager(_ req: Request) async throws -> StudyAccess.Grant {
    let grant = try await req.apiGrant(atLeast: .researcher)
    try grant.requireSiteManagement()
    return grant
  }

  static let unknownSite = Abort(.notFound, reason: "Site: that site is not in this study.")

  static func siteID(_ req: Request) throws -> UUID {
    guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw unknownSite }
    return id
  }
}
