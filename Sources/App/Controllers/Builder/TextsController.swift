import Fluent
import POETQKit
import Vapor

/// What participants read (description, information sheet, consent, instruction, thank-you and
/// contact) and how their sort behaves (sort mode, comment columns, open access).
struct TextsController: RouteCollection {
  struct Page: Encodable {
    var title: String
    var csrf: String
    var userName: String
    var header: StudyHeader
    var texts: StudyTexts
    var consentVersion: Int
    var scoreRange: String
  }

  /// The form: checkboxes are absent when unticked.
  struct TextsForm: Content {
    var title: String
    var description: String
    var informationSheet: String
    var consentText: String
    var instruction: String
    var disagreeLabel: String
    var agreeLabel: String
    var thankYouText: String
    var contactDetails: String
    var sortMode: String
    var commentScores: String
    var commentsRequired: String?
    var openAccess: String?

    func texts() throws -> StudyTexts {
      guard let mode = Study.SortMode(rawValue: sortMode) else {
        throw Abort(.unprocessableEntity, reason: "Sort mode: choose stepwise or grid.")
      }
      return StudyTexts(
        title: title, description: description, informationSheet: informationSheet, consentText: consentText,
        instruction: instruction, disagreeLabel: disagreeLabel, agreeLabel: agreeLabel, thankYouText: thankYouText,
        contactDetails: contactDetails, sortMode: mode, commentScores: commentScores,
        commentsRequired: commentsRequired != nil, openAccess: openAccess != nil)
    }
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
    let page = Page(
      title: "Texts and settings · \(context.study.title)", csrf: CSRF.token(for: req), userName: context.user.name,
      header: try await StudyHeader.make(context, section: "texts", req: req, error: error), texts: texts,
      consentVersion: context.study.consentVersion,
      scoreRange: "\(GridRules.scoreName(context.study.minScore))…\(GridRules.scoreName(context.study.maxScore))")
    return try await req.view.render("builder/texts", page)
  }

  func update(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(TextsForm.self)
    var typed = StudyTexts(context.study)
    if let texts = try? form.texts() { typed = texts }
    return try await performEdit(
      req, success: "Texts and settings saved.", redirect: "\(context.path)/texts",
      render: { try await render(req, context: context, texts: typed, error: $0) },
      edit: {
        try await StudyEditor.updateTexts(try form.texts(), of: context.study, by: context.userID, on: req.db)
      })
  }
}

extension StudyTexts {
  init(
    title: String, description: String, informationSheet: String, consentText: String, instruction: String,
    disagreeLabel: String, agreeLabel: String, thankYouText: String, contactDetails: String, sortMode: Study.SortMode,
    commentScores: String, commentsRequired: Bool, openAccess: Bool
  ) {
    self.title = title
    self.description = description
    self.informationSheet = informationSheet
    self.consentText = consentText
    self.instruction = instruction
    self.disagreeLabel = disagreeLabel
    self.agreeLabel = agreeLabel
    self.thankYouText = thankYouText
    self.contactDetails = contactDetails
    self.sortMode = sortMode
    self.commentScores = commentScores
    self.commentsRequired = commentsRequired
    self.openAccess = openAccess
  }
}
