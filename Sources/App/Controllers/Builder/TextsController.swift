import Fluent
import POETQKit
import Vapor

/// What participants read (description, information sheet, consent, instruction, thank-you and
/// contact), the language it is written in, and how their sort behaves (sort mode, comment columns,
/// open access); below, the study's languages and the translator's spreadsheets.
struct TextsController: RouteCollection {
  struct UploadForm: Content {
    var language: String?
    var file: File?
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.texts(), use: index)
    area.form(.texts(), use: update)
    area.page(.texts(.translation(.key)), use: download)
    area.page(.texts(.newTranslation), use: newTranslation)
    area.upload(.texts(.uploadTranslation), limit: BodyLimit.translationSheet, use: upload)
  }

  func index(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try await render(req, context: context, texts: StudyTexts(context.study))
  }

  func render(_ req: Request, context: StudyContext, texts: StudyTexts, error: String? = nil) async throws -> View {
    let model = try await TextsPage.query(study: context.study, texts: texts, on: req.db)
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

  /// A language's spreadsheet: viewers may download it (to translate or to read).
  func download(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    guard let tag = req.fileParameter("tag", extension: "csv") else { throw Abort(.notFound) }
    let language = try StudyEditor.translationLanguage(tag, of: context.study, field: "Language")
    return try await TranslationDownload.response(language, of: context.study, on: req.db)
  }

  /// "Add a language": the chosen language's spreadsheet, at its own address.
  func newTranslation(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let tag = (try? req.query.get(String.self, at: "language")) ?? ""
    do {
      let language = try StudyEditor.translationLanguage(tag, of: context.study, field: "Language")
      return req.redirect(to: context.href(.texts(.translation(.value(language.tag)))))
    } catch let refusal as Refusal {
      let page = try await render(req, context: context, texts: StudyTexts(context.study), error: refusal.message)
      let response = try await page.encodeResponse(for: req)
      response.status = refusal.status
      return response
    }
  }

  /// A filled-in spreadsheet: stored whole, or refused naming the row with nothing changed.
  func upload(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(UploadForm.self)
    var state: StudyTranslations.LanguageState?
    return try await performEdit(
      req,
      success: state.map {
        "\($0.language.englishName): \($0.isComplete ? "complete" : "\($0.translated) of \($0.total) texts translated")."
      } ?? "Translations saved.",
      redirect: context.href(.texts()),
      render: { try await render(req, context: context, texts: StudyTexts(context.study), error: $0) },
      edit: {
        let language = try StudyEditor.translationLanguage(form.language ?? "", of: context.study, field: "Language")
        guard let file = form.file, file.data.readableBytes > 0 else {
          throw Refusal.invalid("File: choose the filled-in spreadsheet (CSV) to upload.")
        }
        state = try await StudyEditor.storeTranslations(
          Data(buffer: file.data), language: language, of: context.study, by: context.userID, on: req.db)
      })
  }
}
