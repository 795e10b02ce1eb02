import Fluent
import POETQKit
import Vapor

/// The questionnaires before and after the sort: add, edit, reorder and delete questions of every
/// kind (single and multiple choice, rating scale, number, short and long text), required or not.
struct QuestionsController: RouteCollection {
  typealias Item = QuestionsPage.Item

  struct QuestionForm: Content {
    var phase: String
    var kind: String
    var key: String?
    var prompt: String
    var options: String?
    var required: String?

    /// The form as a design value; an unknown phase or kind is named.
    func design() throws -> TemplateQuestion {
      guard let phase = TemplateQuestion.Phase(rawValue: phase) else {
        throw Abort(.unprocessableEntity, reason: "When: choose before or after the sort.")
      }
      guard let kind = TemplateQuestion.Kind(rawValue: kind) else {
        throw Abort(.unprocessableEntity, reason: "Type: choose one of the listed question types.")
      }
      return TemplateQuestion(
        phase: phase, key: key ?? "", kind: kind, prompt: prompt,
        options: (options ?? "").split(whereSeparator: \.isNewline).map(String.init), required: required != nil)
    }

    var asItem: Item {
      Item(
        id: "", phase: phase, kind: kind, kindName: "", key: key ?? "", prompt: prompt, options: options ?? "",
        required: required != nil, isFirst: true, isLast: true)
    }
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.questions(), use: index)
    area.form(.questions(), use: create)
    area.form(.questions(.update(.key)), use: update)
    area.form(.questions(.delete(.key)), use: delete)
    area.form(.questions(.up(.key))) { try await move($0, offset: -1) }
    area.form(.questions(.down(.key))) { try await move($0, offset: 1) }
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, draft: Item = QuestionsPage.emptyDraft)
    async throws
    -> View
  {
    let model = try await QuestionsPage.query(
      studyID: context.studyID, slug: context.study.slug, draft: draft, on: req.db)
    return try await req.renderStudyPage(QuestionsPage.template, context, section: .questions, model, error: error)
  }

  func create(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(QuestionForm.self)
    return try await performEdit(
      req, success: "Question added.", redirect: context.href(.questions()),
      render: { try await render(req, context: context, error: $0, draft: form.asItem) },
      edit: {
        try await StudyEditor.saveQuestion(
          id: nil, try form.design(), in: context.study, by: context.userID, on: req.db)
      })
  }

  func update(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let id = try req.parameters.require("id", as: UUID.self)
    let form = try req.content.decode(QuestionForm.self)
    return try await performEdit(
      req, success: "Question saved.", redirect: context.href(.questions()) + "#q-\(id)",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.saveQuestion(id: id, try form.design(), in: context.study, by: context.userID, on: req.db)
      })
  }

  func delete(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let id = try req.parameters.require("id", as: UUID.self)
    return try await performEdit(
      req, success: "Question deleted.", redirect: context.href(.questions()),
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.deleteQuestion(id: id, in: context.study, by: context.userID, on: req.db)
      })
  }

  func move(_ req: Request, offset: Int) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let id = try req.parameters.require("id", as: UUID.self)
    return try await performEdit(
      req, success: "Question moved \(offset < 0 ? "up" : "down").", redirect: context.href(.questions()) + "#q-\(id)",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.moveQuestion(id: id, offset: offset, in: context.study, by: context.userID, on: req.db)
      })
  }
}

extension String {
  /// "single choice" → "Single choice".
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
