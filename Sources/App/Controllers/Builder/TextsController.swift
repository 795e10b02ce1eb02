import Fluent
import POETQKit
import Vapor

/// What participants read (description, information sheet, consent, instruction, thank-you and
/// contact) and how their sort behaves (sort mode, comment columns, open access).
struct TextsController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.texts(), use: index)
    area.form(.texts(), use: update)
  }

  func index(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try await render(req, context: context, texts: StudyTexts(context.study))
  }

  func render(_ req: Request, context: StudyContext, texts: StudyTexts, error: String? = nil) async throws -> View {
    let model = TextsPage.Model(study: context.study, texts: texts)
    return try await req.renderStudyPage(TextsPage.template, context, section: .texts, model, error: error)
  }

  func update(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let texts = try req.content.decode(StudyTexts.self)
    return try await performEdit(
      req, success: "Texts and settings saved.", redirect: context.href(.texts()),
      render: { try await render(req, context: context, texts: texts, error: $0) },
      edit: {
        try await StudyEditor.updateTexts(texts, of: context.study, by: context.userID, on: req.db)
      })
  }
}
