import Fluent
import POETQKit
import Vapor

/// The distribution editor: forced or free, a capacity and a label per column, a total that is
/// checked as the researcher types (and again on the server), and a quasi-normal suggestion for
/// any score range.
struct GridController: RouteCollection {
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
    let area = BuilderRoutes(routes)
    area.page(.grid(), use: index)
    area.form(.grid(), use: update)
  }

  /// The saved grid, or — with `?min=&max=` — a quasi-normal suggestion for that range, not saved.
  func index(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let query = try req.query.decode(SuggestQuery.self)
    let saved = try await GridPage.savedColumns(studyID: context.studyID, on: req.db)
    guard let min = query.min, let max = query.max else {
      return try await render(req, context: context, columns: saved).encodeResponse(for: req)
    }
    let statementCount = try await GridPage.statementCount(studyID: context.studyID, on: req.db)
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
    let model = try await GridPage.query(
      studyID: context.studyID, slug: context.study.slug, study: context.study, columns: columns, kind: kind,
      unsaved: unsaved || error != nil, on: req.db)
    return try await req.renderStudyPage(GridPage.template, context, section: .grid, model, error: error)
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
      req, success: "Grid saved.", redirect: context.href(.grid()),
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
