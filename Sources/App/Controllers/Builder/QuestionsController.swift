import Fluent
import POETQKit
import Vapor

/// The questionnaires before and after the sort: add, edit, reorder and delete questions of every
/// kind (single and multiple choice, rating scale, number, short and long text), required or not.
struct QuestionsController: RouteCollection {
  struct PageContent: Encodable {
    /// Before-sort questions first, then after-sort ones; each phase's first carries its heading.
    var questions: [Item]
    var beforeCount: Int
    var afterCount: Int
    var kinds: [Choice]
    var draft: Item
  }

  struct Item: Encodable {
    var id: String
    var phase: String
    var kind: String
    var kindName: String
    var key: String
    var prompt: String
    var options: String
    var required: Bool
    var isFirst: Bool
    var isLast: Bool
    var phaseHeading: String? = nil
  }

  struct Choice: Encodable {
    var value: String
    var name: String
  }

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
    let area = BuilderRoutes(routes, "studies", ":slug", "questions")
    area.pages.get(use: index)
    area.forms.post(use: create)
    area.forms.post(":id", use: update)
    area.forms.post(":id", "delete", use: delete)
    area.forms.post(":id", "up") { try await move($0, offset: -1) }
    area.forms.post(":id", "down") { try await move($0, offset: 1) }
  }

  static let emptyDraft = Item(
    id: "", phase: "before", kind: "single_choice", kindName: "", key: "", prompt: "", options: "", required: true,
    isFirst: true, isLast: true)

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, draft: Item = emptyDraft) async throws
    -> View
  {
    let questions = try await Question.query(on: req.db).filter(\.$study.$id == context.studyID).sort(\.$position)
      .all()
    func items(_ phase: Question.Phase) -> [Item] {
      let list = questions.filter { $0.phase == phase }
      return list.enumerated().map { index, question in
        Item(
          id: question.id?.uuidString ?? "", phase: question.phase.rawValue, kind: question.kind.rawValue,
          kindName: question.kind.rawValue.replacingOccurrences(of: "_", with: " "), key: question.key,
          prompt: question.prompt, options: question.options, required: question.required, isFirst: index == 0,
          isLast: index == list.count - 1)
      }
    }
    let content = PageContent(
      questions: headed(items(.before), "Before the sort") + headed(items(.after), "After the sort"),
      beforeCount: questions.filter { $0.phase == .before }.count,
      afterCount: questions.filter { $0.phase == .after }.count,
      kinds: TemplateQuestion.Kind.allCases.map {
        Choice(value: $0.rawValue, name: QuestionRules.kindName($0).capitalizedFirst)
      },
      draft: draft)
    return try await req.renderStudyPage("builder/questions", context, section: .questions, content, error: error)
  }

  private func headed(_ items: [Item], _ heading: String) -> [Item] {
    var items = items
    if !items.isEmpty { items[0].phaseHeading = heading }
    return items
  }

  func create(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(QuestionForm.self)
    return try await performEdit(
      req, success: "Question added.", redirect: "\(context.path)/questions",
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
      req, success: "Question saved.", redirect: "\(context.path)/questions#q-\(id)",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.saveQuestion(id: id, try form.design(), in: context.study, by: context.userID, on: req.db)
      })
  }

  func delete(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let id = try req.parameters.require("id", as: UUID.self)
    return try await performEdit(
      req, success: "Question deleted.", redirect: "\(context.path)/questions",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.deleteQuestion(id: id, in: context.study, by: context.userID, on: req.db)
      })
  }

  func move(_ req: Request, offset: Int) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let id = try req.parameters.require("id", as: UUID.self)
    return try await performEdit(
      req, success: "Question moved \(offset < 0 ? "up" : "down").", redirect: "\(context.path)/questions#q-\(id)",
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
