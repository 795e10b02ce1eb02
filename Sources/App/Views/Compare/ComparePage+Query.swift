import Fluent
import Foundation
import POETQKit
import QMethod

extension ComparePage {
  /// What the page is asked to show: its query (`aggregate`, `question`) and the match threshold.
  struct Options: Sendable {
    var aggregateID: String?
    var question: String?
    var threshold: Double = 0.5
  }

  /// The page for the member of `context`: the aggregates they may choose, the chosen one's blocks
  /// for the sites they see (each block built by its own function, `ComparePage+<Block>.swift`).
  static func query(_ context: StudyContext, options: Options, on db: any Database) async throws -> Model {
    let slug = context.study.slug
    let smallestGroup = context.study.smallestGroupReported
    let design = try await StudyDesign.load(context.study, on: db)
    let choosable = design.questions.filter { [.singleChoice, .shortText, .multipleChoice].contains($0.kind) }
    let question =
      choosable.first { $0.key == options.question }?.key ?? choosable.first { $0.key == "role" }?.key
      ?? choosable.first?.key ?? ""
    let candidates = try await Self.candidates(context, on: db)
    let chosen = candidates.first { $0.analysis.id?.uuidString == options.aggregateID } ?? candidates.first
    let pending = try await SitesComparison.pending(studyID: context.studyID, on: db).map {
      "\($0.name): \($0.status.rawValue)"
    }
    var model = Model(
      slug: slug,
      aggregates: candidates.map {
        Choice(
          value: $0.analysis.id?.uuidString ?? "", label: $0.analysis.name,
          selected: $0.analysis.id == chosen?.analysis.id)
      },
      questions: choosable.map { Choice(value: $0.key, label: $0.prompt, selected: $0.key == question) },
      question: question, threshold: ReportFormat.fixed(options.threshold, 2),
      canRunAggregate: context.role >= .researcher && context.seesAllSites, canRunLocal: context.role >= .researcher,
      limited: !context.seesAllSites, pending: pending, smallestGroup: smallestGroup,
      canEdit: context.role >= .researcher)
    guard let chosen else { return model }

    let state = try await SitesComparison.load(
      chosen, study: context.study, question: question.isEmpty ? nil : question, threshold: options.threshold, on: db)
    let aggregateID = try state.aggregate.requireID()
    let result = state.aggregateResult
    let visible = state.locals.filter { context.grant.sees(site: $0.siteID) }
    let sites = visible.map(\.site)
    let shared = try await InterpretationStore.all(analysisID: aggregateID, on: db).mapValues(\.interpretation)
    let names = SitesComparedTables.aggregateNames(result, shared)
    model.aggregate = AggregateInfo(
      id: aggregateID.uuidString, name: state.aggregate.name, href: analysisHref(slug: slug, id: aggregateID),
      summary:
        "\(result.sorts.count) sorts at \(state.locals.count) sites, \(result.factorLabels.count) factors (\(result.options.extraction.rawValue), \(result.options.rotation.rawValue))",
      reload: StudyRoute.compare().href(slug: slug, query: [("aggregate", aggregateID.uuidString)]))
    model.problem = state.problem
    model.locals = localRows(visible, slug: slug)
    model.localsWaiting = visible.contains { $0.latest?.status == .queued || $0.latest?.status == .running }
    model.localsMissing = visible.contains { $0.result == nil }
    model.viewpoints = [
      aggregateBlock(
        state, sites: sites, names: names, question: question,
        prompt: design.questions.first { $0.key == question }?.prompt ?? question, total: context.seesAllSites,
        smallestGroup: smallestGroup)
    ]
    if let comparison = state.comparison {
      model.secondOrder = secondOrderBlocks(
        comparison, state: state, sites: sites, names: names, shared: shared,
        local: try await localInterpretations(state, sites: sites, on: db), seesAllSites: context.seesAllSites)
      model.reports = reportLinks(
        visible, slug: slug, aggregateID: aggregateID, threshold: comparison.secondOrder.threshold)
    }
    model.ratings = ratingsBlock(design, state: state, sites: sites, smallestGroup: smallestGroup).map { [$0] } ?? []
    return model
  }

  /// The aggregate analyses the member may choose: those they see (as a whole, when they are limited
  /// to some sites and it used other sites' sorts too).
  static func candidates(_ context: StudyContext, on db: any Database) async throws -> [SitesComparison.Candidate] {
    let scope = try await context.grant.sortScope(on: db)
    return try await SitesComparison.candidates(studyID: context.studyID, on: db)
      .filter { scope.view(of: $0.analysis) != .hidden }
  }
}
