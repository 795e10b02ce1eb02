import Fluent
import POETQKit
import Vapor

/// `/api/v1/studies/{slug}/distribution`: the grid, its replacement (through
/// ``StudyEditor/replaceGrid(_:kind:in:by:on:)``) and a quasi-normal suggestion.
struct APIDistributionController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(APIRoute.study(.key, .distribution).registered, use: show)
    routes.put(APIRoute.study(.key, .distribution).registered, use: replace)
    routes.get(APIRoute.study(.key, .distributionSuggestion).registered, use: suggestion)
  }

  /// `GET …/distribution`.
  func show(req: Request) async throws -> DistributionDTO {
    let study = try await req.apiGrant(atLeast: .viewer).study
    return try await Self.distribution(of: study, on: req.db)
  }

  /// `PUT …/distribution`: the whole grid; a forced grid must hold exactly the Q-set.
  func replace(req: Request) async throws -> DistributionDTO {
    let study = try await req.apiGrant(atLeast: .researcher).study
    let input = try req.decodeJSON(DistributionInputDTO.self)
    let kind: Study.DistributionKind
    if let name = input.kind {
      guard let known = Study.DistributionKind(rawValue: name) else {
        throw Abort(.unprocessableEntity, reason: "kind: \"\(name)\" is not a distribution; choose forced or free.")
      }
      kind = known
    } else {
      kind = study.distributionKind
    }
    try await StudyEditor.replaceGrid(
      input.templateColumns, kind: kind, in: study, by: req.apiUser.requireID(), on: req.db)
    return try await Self.distribution(of: study, on: req.db)
  }

  /// `GET …/distribution/suggestion?statements=40&min=-4&max=4`: a quasi-normal forced grid (not
  /// saved). Defaults: the study's statement count and score range; labels are the study's own
  /// where it has them, else its disagree/agree labels at the two ends.
  func suggestion(req: Request) async throws -> DistributionDTO {
    let study = try await req.apiGrant(atLeast: .viewer).study
    let studyID = try study.requireID()
    func integer(_ name: String) throws -> Int? {
      guard let raw = req.query[String.self, at: name] else { return nil }
      guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else {
        throw Abort(.unprocessableEntity, reason: "\(name): \"\(raw)\" is not a whole number.")
      }
      return value
    }
    let statementCount: Int
    if let given = try integer("statements") {
      statementCount = given
    } else {
      statementCount = try await StudyStatement.query(on: req.db).filter(\.$study.$id == studyID).count()
    }
    let minScore = try integer("min") ?? study.minScore
    let maxScore = try integer("max") ?? study.maxScore
    guard statementCount > 0 else {
      throw Abort(.unprocessableEntity, reason: "statements: give a number of statements above 0.")
    }
    var labels: [Int: String] = [minScore: study.disagreeLabel, maxScore: study.agreeLabel]
    for column in try await DistributionColumn.query(on: req.db).filter(\.$study.$id == studyID).all()
    where !column.label.isEmpty {
      labels[column.score] = column.label
    }
    let columns = try GridRules.quasiNormal(
      statementCount: statementCount, minScore: minScore, maxScore: maxScore, labels: labels)
    return DistributionDTO(kind: .forced, columns: columns)
  }

  static func distribution(of study: Study, on db: any Database) async throws -> DistributionDTO {
    let columns = try await DistributionColumn.query(on: db).filter(\.$study.$id == study.requireID()).all()
    return DistributionDTO(kind: study.distributionKind, columns: columns.map(\.design))
  }
}
