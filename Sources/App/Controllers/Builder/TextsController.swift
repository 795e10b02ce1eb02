import Fluent
import POETQKit
import Vapor

/// What participants read (description, information sheet, consent, instruction, thank-you and
/// contact) and how their sort behaves (sort mode, comment columns, open access).
struct TextsController: RouteCollection {
  struct PageContent: Encodable {
    var texts: StudyTexts
    var consentVersion: Int
    var scoreRange: String
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes, "studies", ":slug", "texts")
    area.pages.get(use: index)
    area.forms.post(use: update)
  }

  func index(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try await render(req, context: context, texts: StudyTexts(context.study))
  }

  func render(_ req: Request, context: StudyContext, texts: StudyTexts, error: String? = nil) async throws -> View {
    let content = PageContent(
      texts: texts, consentVersion: context.study.consentVersion,
      scoreRange: "\(GridRules.scoreName(context.study.minScore))…\(GridRules.scoreName(context.study.maxScore))")
    return try await req.renderStudyPage("builder/texts", context, section: .texts, content, error: error)
  }

  func update(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let texts = try req.content.decode(StudyTexts.self)
    return try await performEdit(
      req, success: "Texts and settings saved.", redirect: "\(context.path)/texts",
      render: { try await render(req, context: context, texts: texts, error: $0) },
      edit: {
        try await StudyEditor.updateTexts(texts, of: context.study, by: context.userID, on: req.db)
      })
  }
}
