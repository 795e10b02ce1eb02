import Fluent
import Foundation
import POETQKit
import QMethod

extension AnalysisPage {
  /// The page of `visible` (its analysis as stored now, `analysis`, with `report` when it is done and
  /// the results already rendered as `results`): who ran it, the other analyses to compare with, what
  /// was carried from the one it was made from.
  /// - Parameter previous: the analysis this one re-runs, linked to the compare page after a re-run.
  static func query(
    _ visible: StudyAccess.VisibleAnalysis, analysis: Analysis, report: AnalysisReport?, results: String,
    canChange: Bool, previous: UUID?, slug: String, on db: any Database
  ) async throws -> Model {
    let id = try analysis.requireID()
    let others = try await Analysis.query(on: db).filter(\.$study.$id == analysis.$study.id)
      .filter(\.$status == .done).filter(\.$id != id).sort(\.$createdAt, .descending).all()
      .filter { visible.scope.view(of: $0) != .hidden }
    let people = try await AnalysesController.names(of: [analysis], on: db)
    let factors =
      report.map { report in
        factorLinks(
          id, labels: report.result.factorLabels, names: report.input.interpretations.mapValues(\.name), slug: slug)
      } ?? []
    return Model(
      id: id, slug: slug, name: analysis.name, status: analysis.status.rawValue, state: AnalysisState.text(analysis),
      finished: analysis.status == .done || analysis.status == .failed, failure: analysis.failure ?? "",
      sorts: analysis.usedSortIDs.map { "\($0.count)" } ?? "",
      languages: (try? AnalysisParameters.decode(analysis.parameters))?.selection.languageWords ?? "",
      createdBy: analysis.$createdBy.id.flatMap { people[$0] } ?? "",
      createdAt: AnalysisState.date(analysis.createdAt), needsRerun: analysis.needsRerun,
      withdrawn: visible.withdrawnSorts.joined(separator: ", "), results: results, factors: factors,
      downloads: report == nil ? [] : downloads(id, slug: slug),
      others: others.compactMap { other in
        other.id.map { Choice(value: $0.uuidString, label: other.name, selected: false) }
      },
      canChange: canChange,
      previous: previous.map { StudyRoute.analyses(.compare(.value(id))).href(slug: slug) + "?with=\($0)" } ?? "",
      withdrawal: analysis.needsRerun
        ? ReportInput.withdrawalNotice(visible.view == .full ? analysis.withdrawnSortIDs : []) : "",
      carried: try await carried(analysis, slug: slug, on: db))
  }

  /// `nil` when the analysis was not made from another, or nothing there was written.
  static func carried(_ analysis: Analysis, slug: String, on db: any Database) async throws -> Carried? {
    guard let source = try await InterpretationCarrying.source(of: analysis, on: db),
      source.interpretations.values.contains(where: { !$0.interpretation.isEmpty })
    else { return nil }
    let now = try await InterpretationStore.all(analysisID: try analysis.requireID(), on: db)
    let labels = source.result.factorLabels
    let rows = source.matches.compactMap { match -> CarriedRow? in
      guard let written = source.interpretations[match.from]?.interpretation, !written.isEmpty,
        match.to <= labels.count
      else { return nil }
      return CarriedRow(
        text: "Factor \(labels[match.to - 1]) ← factor \(match.from) (r = \(ReportFormat.fixed(match.r, 2)))",
        name: written.name, from: match.from, to: match.to,
        written: !(now[match.to]?.interpretation.isEmpty ?? true))
    }
    return Carried(
      source: Link(
        label: source.analysis.name,
        href: StudyRoute.analyses(.show(.value(try source.analysis.requireID()))).href(slug: slug)),
      threshold: ReportFormat.fixed(InterpretationCarry.defaultThreshold, 2),
      carried: rows.filter { row in source.matches.contains { $0.from == row.from && $0.carried } },
      offered: rows.filter { row in !source.matches.contains { $0.from == row.from && $0.carried } })
  }
}
