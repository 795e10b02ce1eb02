import Fluent
import Vapor

/// The study's sites (case-study locations): add, rename, and remove those without participants —
/// by members who work with every site (``StudyAccess/Grant/requireSiteManagement()``); a member
/// limited to some sites sees theirs.
struct SitesController: RouteCollection {
  struct PageContent: Encodable {
    var sites: [Row]
    var draft: String
    /// Whether the page offers to add, rename and remove sites.
    var canManage: Bool
  }

  struct Row: Encodable {
    var id: String
    var name: String
    var participants: Int
  }

  struct NameForm: Content {
    var name: String
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes, "studies", ":slug", "sites")
    area.pages.get(use: index)
    area.forms.post(use: create)
    area.forms.post(":id", use: update)
    area.forms.post(":id", "delete", use: delete)
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, draft: String = "") async throws -> View {
    let sites = try await Site.query(on: req.db).filter(\.$study.$id == context.studyID).sort(\.$position).all()
    var rows: [Row] = []
    for site in sites where context.grant.sees(site: site.id) {
      let participants = try await Participant.query(on: req.db).filter(\.$site.$id == site.requireID())
        .filter(\.$isPreview == false).count()
      rows.append(Row(id: site.id?.uuidString ?? "", name: site.name, participants: participants))
    }
    let content = PageContent(sites: rows, draft: draft, canManage: context.grant.managesSites)
    return try await req.renderStudyPage("builder/sites", context, section: .sites, content, error: error)
  }

  /// The context of a member who may change the sites.
  static func manager(_ req: Request) async throws -> StudyContext {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    try context.grant.requireSiteManagement()
    return context
  }

  func create(req: Request) async throws -> Response {
    let context = try await Self.manager(req)
    let form = try req.content.decode(NameForm.self)
    return try await performEdit(
      req, success: "Site added.", redirect: "\(context.path)/sites",
      render: { try await render(req, context: context, error: $0, draft: form.name) },
      edit: {
        try await StudyEditor.addSite(name: form.name, to: context.study, by: context.userID, on: req.db)
      })
  }

  func update(req: Request) async throws -> Response {
    let context = try await Self.manager(req)
    let id = try req.parameters.require("id", as: UUID.self)
    let form = try req.content.decode(NameForm.self)
    return try await performEdit(
      req, success: "Site renamed.", redirect: "\(context.path)/sites",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.renameSite(id: id, to: form.name, in: context.study, by: context.userID, on: req.db)
      })
  }

  func delete(req: Request) async throws -> Response {
    let context = try await Self.manager(req)
    let id = try req.parameters.require("id", as: UUID.self)
    return try await performEdit(
      req, success: "Site removed.", redirect: "\(context.path)/sites",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.deleteSite(id: id, in: context.study, by: context.userID, on: req.db)
      })
  }
}
