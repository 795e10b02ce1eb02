import Fluent
import POETQKit
import Vapor

/// The researcher's studies: the list, a new study (blank or from the POETQ template) and a study's
/// overview. Editing pages for each part of the study hang off the overview.
struct StudiesController: RouteCollection {
  struct NewStudyForm: Content {
    var title: String
    var template: String?
  }

  func boot(routes: any RoutesBuilder) throws {
    let signedIn = routes.grouped(User.redirectMiddleware(path: SiteRoute.login.href))
    signedIn.get(SiteRoute.studies.pathComponents, use: index)
    signedIn.grouped(CSRFMiddleware()).post(SiteRoute.studies.pathComponents, use: create)
    signedIn.grouped(CSRFMiddleware()).post(SiteRoute.demoStudy.pathComponents, use: createDemo)
    let study = BuilderRoutes(routes)
    study.page(.overview, use: show)
    study.form(.status, use: changeStatus)
    study.form(.copy, use: copy)
  }

  func create(req: Request) async throws -> Response {
    let user = try req.auth.require(User.self)
    let form = try req.content.decode(NewStudyForm.self)
    let template: StudyTemplate?
    switch form.template ?? "blank" {
    case "blank": template = nil
    default:
      guard let known = StudyFactory.templates[form.template ?? ""] else {
        throw Abort(.unprocessableEntity, reason: "Template: choose the POETQ template or a blank study.")
      }
      template = known
    }
    do {
      let study = try await StudyFactory.create(title: form.title, template: template, owner: user, on: req.db)
      return req.redirect(to: SiteRoute.study(study.slug).href)
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      return try await req.renderPage(
        StudiesPage.template, title: "Studies",
        StudiesPage.query(userID: user.requireID(), error: error.reason, on: req.db),
        status: .unprocessableEntity)
    }
  }

  /// The demo study with synthetic data, offered on an empty studies list (as `poetq demo` does).
  func createDemo(req: Request) async throws -> Response {
    let user = try req.auth.require(User.self)
    let demo = try await DemoStudy.create(owner: user, on: req.db)
    Flash.set(req, "The demo study holds \(demo.completed) synthetic completed sorts: see them under Monitor.")
    return req.redirect(to: SiteRoute.study(demo.study.slug).href)
  }

  func show(req: Request) async throws -> View {
    try await renderOverview(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func renderOverview(_ req: Request, context: StudyContext, error: String? = nil) async throws -> View {
    let model = try await StudyOverviewPage.query(study: context.study, on: req.db)
    return try await req.renderStudyPage(StudyOverviewPage.template, context, section: .overview, model, error: error)
  }

  struct StatusForm: Content {
    var status: String
  }

  /// Opens, closes or reopens the study.
  func changeStatus(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(StatusForm.self)
    let messages: [Study.Status: String] = [
      .open: "The study is open: participants can take part.", .closed: "The study is closed to participants.",
      .draft: "The study is a draft again.",
    ]
    return try await performEdit(
      req, success: messages[Study.Status(rawValue: form.status) ?? .draft] ?? "Status changed.",
      redirect: context.href(.overview), render: { try await renderOverview(req, context: context, error: $0) },
      edit: {
        guard let status = Study.Status(rawValue: form.status) else {
          throw Abort(.unprocessableEntity, reason: "Status: choose draft, open or closed.")
        }
        try await StudyEditor.setStatus(status, of: context.study, by: context.userID, on: req.db)
      })
  }

  /// A new draft with the same design, for changing a Q-set that responses have locked.
  func copy(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(NewStudyForm.self)
    do {
      let copy = try await StudyEditor.copy(context.study, title: form.title, by: context.user, on: req.db)
      Flash.set(req, "This is a copy of “\(context.study.title)”: a draft you can change.")
      return req.redirect(to: SiteRoute.study(copy.slug).href)
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      let response = try await renderOverview(req, context: context, error: error.reason).encodeResponse(for: req)
      response.status = .unprocessableEntity
      return response
    }
  }

  func index(req: Request) async throws -> Response {
    let user = try req.auth.require(User.self)
    return try await req.renderPage(
      StudiesPage.template, title: "Studies", StudiesPage.query(userID: user.requireID(), on: req.db))
  }
}

extension String {
  /// At most `length` characters.
  func prefixString(_ length: Int) -> String { String(prefix(length)) }
}
