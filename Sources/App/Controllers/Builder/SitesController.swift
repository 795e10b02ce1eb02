import Fluent
import Vapor

/// The study's sites (case-study locations): add, rename, and remove those without participants —
/// by members who work with every site (``StudyAccess/Grant/requireSiteManagement()``); a member
/// limited to some sites sees theirs.
struct SitesController: RouteCollection {
  struct NameForm: Content {
    var name: String
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.sites(), use: index)
    area.form(.sites(), use: create)
    area.form(.sites(.update(.key)), use: update)
    area.form(.sites(.delete(.key)), use: delete)
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, draft: String = "") async throws -> View {
    let model = try await SitesPage.query(
      studyID: context.studyID, slug: context.study.slug, siteIDs: context.grant.siteIDs,
      canManage: context.grant.managesSites, draft: draft, on: req.db)
    return try await req.renderStudyPage(SitesPage.template, context, section: .sites, model, error: error)
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
      req, success: "Site added.", redirect: context.href(.sites()),
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
      req, success: "Site renamed.", redirect: context.href(.sites()),
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.renameSite(id: id, to: form.name, in: context.study, by: context.userID, on: req.db)
      })
  }

  func delete(req: Request) async throws -> Response {
    let context = try await Self.manager(req)
    let id = try req.parameters.require("id", as: UUID.self)
    return try await performEdit(
      req, success: "Site removed.", redirect: context.href(.sites()),
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.deleteSite(id: id, in: context.study, by: context.userID, on: req.db)
      })
  }
}
