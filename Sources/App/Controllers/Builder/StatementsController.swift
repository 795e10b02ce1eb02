import Fluent
import POETQKit
import Vapor

/// The Q-set editor: add, edit, reorder, delete, renumber, and paste or upload a whole list, with
/// the count per code so the researcher sees the balance of the sampling framework.
struct StatementsController: RouteCollection {
  typealias Draft = StatementsPage.Draft

  struct StatementForm: Content {
    var number: String?
    var text: String
    var codes: String?

    func parsedNumber() throws -> Int? {
      let trimmed = (number ?? "").trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { return nil }
      guard let value = Int(trimmed) else {
        throw Abort(.unprocessableEntity, reason: "Number: \"\(trimmed)\" is not a whole number.")
      }
      return value
    }

    var codeList: [String] { QSetRules.codes(from: codes ?? "") }
  }

  struct ImportForm: Content {
    var list: String?
    var file: File?
    var mode: String?
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.statements(), use: index)
    area.form(.statements(), use: create)
    area.form(.statements(.importList), use: importList)
    area.form(.statements(.renumber), use: renumber)
    area.form(.statements(.update(.key)), use: update)
    area.form(.statements(.delete(.key)), use: delete)
    area.form(.statements(.up(.key))) { try await move($0, offset: -1) }
    area.form(.statements(.down(.key))) { try await move($0, offset: 1) }
  }

  func index(req: Request) async throws -> View {
    try await render(req, context: StudyContext.load(req, atLeast: .viewer))
  }

  func render(_ req: Request, context: StudyContext, error: String? = nil, draft: Draft = Draft()) async throws
    -> View
  {
    let model = try await StatementsPage.query(
      studyID: context.studyID, slug: context.study.slug, draft: draft, on: req.db)
    return try await req.renderStudyPage(StatementsPage.template, context, section: .statements, model, error: error)
  }

  func create(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(StatementForm.self)
    let draft = Draft(number: form.number ?? "", text: form.text, codes: form.codes ?? "")
    return try await performEdit(
      req, success: "Statement added.", redirect: context.href(.statements()) + "#add",
      render: { try await render(req, context: context, error: $0, draft: draft) },
      edit: {
        try await StudyEditor.addStatement(
          number: try form.parsedNumber(), text: form.text, codes: form.codeList, to: context.study, by: context.userID,
          on: req.db)
      })
  }

  func update(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let id = try req.parameters.require("id", as: UUID.self)
    let form = try req.content.decode(StatementForm.self)
    return try await performEdit(
      req, success: "Statement \(form.number ?? "") saved.", redirect: context.href(.statements()) + "#s-\(id)",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        guard let number = try form.parsedNumber() else {
          throw Abort(.unprocessableEntity, reason: "Number: every statement needs a number.")
        }
        try await StudyEditor.updateStatement(
          id: id, number: number, text: form.text, codes: form.codeList, in: context.study, by: context.userID,
          on: req.db)
      })
  }

  func delete(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let id = try req.parameters.require("id", as: UUID.self)
    return try await performEdit(
      req, success: "Statement deleted.", redirect: context.href(.statements()),
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.deleteStatement(id: id, in: context.study, by: context.userID, on: req.db)
      })
  }

  func move(_ req: Request, offset: Int) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let id = try req.parameters.require("id", as: UUID.self)
    return try await performEdit(
      req, success: "Statement moved \(offset < 0 ? "up" : "down").",
      redirect: context.href(.statements()) + "#s-\(id)",
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.moveStatement(id: id, offset: offset, in: context.study, by: context.userID, on: req.db)
      })
  }

  func renumber(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    return try await performEdit(
      req, success: "Statements renumbered 1… in their order.", redirect: context.href(.statements()),
      render: { try await render(req, context: context, error: $0) },
      edit: {
        try await StudyEditor.renumberStatements(in: context.study, by: context.userID, on: req.db)
      })
  }

  /// A pasted list or an uploaded CSV, added to the Q-set or replacing it; all or nothing.
  func importList(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(ImportForm.self)
    let replacing = form.mode == "replace"
    let pasted = form.list ?? ""
    let draft = Draft(list: pasted, replace: replacing)
    var imported = 0
    return try await performEdit(
      req,
      success: "\(imported) statement\(imported == 1 ? "" : "s") \(replacing ? "now make up the Q-set" : "added").",
      redirect: context.href(.statements()),
      render: { try await render(req, context: context, error: $0, draft: draft) },
      edit: {
        let text: String
        var fileName: String? = nil
        if let file = form.file, file.data.readableBytes > 0 {
          guard file.data.readableBytes <= 1 << 20 else {
            throw Abort(.unprocessableEntity, reason: "File: \(file.filename) is over 1 MB; a Q-set is much smaller.")
          }
          text = String(decoding: Data(buffer: file.data), as: UTF8.self)
          fileName = file.filename
        } else {
          text = pasted
        }
        let existing = try await StudyStatement.query(on: req.db).filter(\.$study.$id == context.studyID).all()
        let first = replacing ? 1 : (existing.map(\.number).max() ?? 0) + 1
        let statements = try StatementListInput.parse(text, fileName: fileName, firstNumber: first)
        imported = statements.count
        try await StudyEditor.importStatements(
          statements, replacing: replacing, into: context.study, by: context.userID, on: req.db)
      })
  }
}
