import Fluent
import POETQKit
import Vapor

/// The distribution editor: forced or free, a capacity and a label per column, a total that is
/// checked as the researcher types (and again on the server), and a quasi-normal suggestion for
/// any score range.
struct GridController: RouteCollection {
  struct PageContent: Encodable {
    var kind: String
    var columns: [Column]
    var statementCount: Int
    var total: Int
    var rangeChoices: [RangeChoice]
    /// The page shows a suggestion (or refused input) that is not saved yet.
    var unsaved: Bool
  }

  struct Column: Encodable {
    var score: Int
    var name: String
    var capacity: Int
    var label: String
  }

  struct RangeChoice: Encodable {
    var value: Int
    var name: String
    var isMin: Bool
    var isMax: Bool
  }

  struct SaveForm: Content {
    var kind: String
    var score: [Int]?
    var capacity: [String]?
    var label: [String]?
  }

  struct SuggestQuery: Content {
    var min: Int?
    var max: Int?
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes, "studies", ":slug", "grid")
    area.pages.get(use: index)
    area.forms.post(use: update)
  }

  /// The saved grid, or — with `?min=&max=` — a quasi-normal suggestion for that range, not saved.
  func index(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let query = try req.query.decode(SuggestQuery.self)
    let saved = try await DistributionColumn.query(on: req.db).filter(\.$study.$id == context.studyID)
      .sort(\.$score).all().map(\.design)
    guard let min = query.min, let max = query.max else {
      return try await render(req, context: context, columns: saved).encodeResponse(for: req)
    }
    let statementCount = try await StudyStatement.query(on: req.db).filter(\.$study.$id == context.studyID).count()
    // Labels survive when the range stays; on a new range only the two ends are labelled.
    var labels: [Int: String] = [:]
    if saved.first?.score == min, saved.last?.score == max {
      labels = Dictionary(saved.map { ($0.score, $0.label) }, uniquingKeysWith: { first, _ in first })
    } else {
      labels = [min: context.study.disagreeLabel, max: context.study.agreeLabel]
    }
    do {
      let suggestion = try GridRules.quasiNormal(
        statementCount: statementCount, minScore: min, maxScore: max, labels: labels)
      let view = try await render(req, context: context, columns: suggestion, kind: .forced, unsaved: true)
      return try await view.encodeResponse(for: req)
    } catch let error as DesignError {
      let view = try await render(req, context: context, columns: saved, error: error.description)
      let response = try await view.encodeResponse(for: req)
      response.status = .unprocessableEntity
      return response
    }
  }

  func render(
    _ req: Request, context: StudyContext, columns: [TemplateColumn], kind: Study.DistributionKind? = nil,
    unsaved: Bool = false, error: String? = nil
  ) async throws -> View {
    let statementCount = try await StudyStatement.query(on: req.db).filter(\.$study.$id == context.studyID).count()
    let minScore = columns.first?.score ?? context.study.minScore
    let maxScore = columns.last?.score ?? context.study.maxScore
    let content = PageContent(
      kind: (kind ?? context.study.distributionKind).rawValue,
      columns: columns.map {
        Column(score: $0.score, name: GridRules.scoreName($0.score), capacity: $0.capacity, label: $0.label)
      },
      statementCount: statementCount, total: columns.reduce(0) { $0 + $1.capacity },
      rangeChoices: (-GridRules.scoreLimit...GridRules.scoreLimit).map {
        RangeChoice(value: $0, name: GridRules.scoreName($0), isMin: $0 == minScore, isMax: $0 == maxScore)
      },
      unsaved: unsaved || error != nil)
    return try await req.renderStudyPage("builder/grid", context, section: .grid, content, error: error)
  }

  func update(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let form = try req.content.decode(SaveForm.self)
    let scores = form.score ?? []
    let capacities = form.capacity ?? []
    let labels = form.label ?? []
    let kind = Study.DistributionKind(rawValue: form.kind)
    // Keep what was typed, even where it is wrong, so the researcher can correct it in place.
    let typed = scores.enumerated().map { index, score in
      TemplateColumn(
        score: score, capacity: Int(capacities[safe: index]?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0,
        label: labels[safe: index] ?? "")
    }
    return try await performEdit(
      req, success: "Grid saved.", redirect: "\(context.path)/grid",
      render: { try await render(req, context: context, columns: typed, kind: kind, error: $0) },
      edit: {
        guard let kind else { throw Abort(.unprocessableEntity, reason: "Distribution: choose forced or free.") }
        guard scores.count == capacities.count, scores.count == labels.count else {
          throw Abort(
            .unprocessableEntity, reason: "Columns: the form arrived incomplete; reload the page and try again.")
        }
        for (index, text) in capacities.enumerated() {
          let trimmed = text.trimmingCharacters(in: .whitespaces)
          guard let value = Int(trimmed), value >= 0 else {
            throw Abort(
              .unprocessableEntity,
              reason: "Capacity of \(GridRules.scoreName(scores[index])): \"\(trimmed)\" is not a number of statements."
            )
          }
        }
        try await StudyEditor.replaceGrid(typed, kind: kind, in: context.study, by: context.userID, on: req.db)
      })
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
