import Fluent
import POETQKit
import Vapor

/// `/api/v1/studies/{slug}/statements`: the Q-set. Every change goes through ``StudyEditor``, so it
/// is checked, all or nothing, refused with 409 once real participants have started, and audited.
struct APIStatementsController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(APIRoute.study(.key, .statements).registered, use: index)
    routes.put(APIRoute.study(.key, .statements).registered, use: replace)
    routes.post(APIRoute.study(.key, .statements).registered, use: create)
    routes.get(APIRoute.study(.key, .statement(.key)).registered, use: show)
    routes.patch(APIRoute.study(.key, .statement(.key)).registered, use: update)
    routes.delete(APIRoute.study(.key, .statement(.key)).registered, use: delete)
  }

  /// `GET …/statements`: the Q-set in display order.
  func index(req: Request) async throws -> [StatementDTO] {
    let study = try await req.apiGrant(atLeast: .viewer).study
    return try await Self.statements(of: study, on: req.db).map(StatementDTO.init)
  }

  /// `PUT …/statements`: replaces the whole Q-set with the list (in that order).
  func replace(req: Request) async throws -> [StatementDTO] {
    let study = try await req.apiGrant(atLeast: .researcher).study
    let inputs = try req.decodeJSON([StatementInputDTO].self)
    let statements = try Self.checked(StatementInputDTO.numbered(inputs, after: 0))
    try await StudyEditor.importStatements(
      statements, replacing: true, into: study, by: req.apiUser.requireID(), on: req.db)
    return try await Self.statements(of: study, on: req.db).map(StatementDTO.init)
  }

  /// `POST …/statements`: appends one statement (an object; answers with it) or several (a list;
  /// answers with the list added).
  func create(req: Request) async throws -> Response {
    let study = try await req.apiGrant(atLeast: .researcher).study
    let userID = try req.apiUser.requireID()
    let body = try req.jsonBody()
    if body.first(where: { !" \t\r\n".utf8.contains($0) }) == UInt8(ascii: "[") {
      let inputs = try Request.decode([StatementInputDTO].self, from: body)
      guard !inputs.isEmpty else { throw Abort(.unprocessableEntity, reason: "Statements: the list is empty.") }
      let highest =
        try await StudyStatement.query(on: req.db).filter(\.$study.$id == study.requireID())
        .max(\.$number) ?? 0
      let statements = try Self.checked(StatementInputDTO.numbered(inputs, after: highest))
      try await StudyEditor.importStatements(statements, replacing: false, into: study, by: userID, on: req.db)
      let numbers = Set(statements.map(\.number))
      let added = try await Self.statements(of: study, on: req.db).filter { numbers.contains($0.number) }
      return try await added.map(StatementDTO.init).created(at: APIRoute.study(study.slug, .statements).href, for: req)
    }
    let input = try Request.decode(StatementInputDTO.self, from: body)
    let statement = try await StudyEditor.addStatement(
      number: input.number, text: input.text, codes: input.codes ?? [], to: study, by: userID, on: req.db)
    return try await StatementDTO(statement).created(
      at: APIRoute.study(.value(study.slug), .statement(.value(statement.number))).href, for: req)
  }

  /// `GET …/statements/{number}`.
  func show(req: Request) async throws -> StatementDTO {
    let study = try await req.apiGrant(atLeast: .viewer).study
    return try await StatementDTO(Self.statement(req, in: study))
  }

  /// `PATCH …/statements/{number}`: changes its number, text or codes; the rest keep their values.
  func update(req: Request) async throws -> StatementDTO {
    let study = try await req.apiGrant(atLeast: .researcher).study
    let statement = try await Self.statement(req, in: study)
    let patch = try req.decodeJSON(StatementPatchDTO.self)
    let statementID = try statement.requireID()
    try await StudyEditor.updateStatement(
      id: statementID, number: patch.number ?? statement.number, text: patch.text ?? statement.text,
      codes: patch.codes ?? statement.codeList, in: study, by: req.apiUser.requireID(), on: req.db)
    guard let updated = try await StudyStatement.find(statementID, on: req.db) else {
      throw Abort(.notFound, reason: "Statement: it was deleted while it was being changed.")
    }
    return StatementDTO(updated)
  }

  /// `DELETE …/statements/{number}`.
  func delete(req: Request) async throws -> HTTPStatus {
    let study = try await req.apiGrant(atLeast: .researcher).study
    let statement = try await Self.statement(req, in: study)
    try await StudyEditor.deleteStatement(
      id: statement.requireID(), in: study, by: req.apiUser.requireID(), on: req.db)
    return .noContent
  }

  static func statements(of study: Study, on db: any Database) async throws -> [StudyStatement] {
    try await StudyStatement.query(on: db).filter(\.$study.$id == study.requireID()).sort(\.$position).all()
  }

  /// The statement whose number is in the path; 404 when the study has none with that number.
  static func statement(_ req: Request, in study: Study) async throws -> StudyStatement {
    let raw = req.parameters.get("number") ?? ""
    guard let number = Int(raw),
      let statement = try await StudyStatement.query(on: req.db).filter(\.$study.$id == study.requireID())
        .filter(\.$number == number).first()
    else { throw Abort(.notFound, reason: "Statement \(raw): the study has no statement with this number.") }
    return statement
  }

  /// The list checked as a whole before it reaches the editor (which checks it again with the rest of
  /// the Q-set), so a refusal can say which item of the list is wrong: "Item 3, Text: …".
  static func checked(_ statements: [TemplateStatement]) throws -> [TemplateStatement] {
    do {
      return try QSetRules.checked(statements, lines: Array(statements.indices.map { $0 + 1 }))
    } catch {
      let field = error.line.map { "Item \($0), \(error.field)" } ?? error.field
      let message = error.message.replacingOccurrences(of: "(line ", with: "(item ")
      throw Abort(.unprocessableEntity, reason: "\(field): \(message)")
    }
  }
}
