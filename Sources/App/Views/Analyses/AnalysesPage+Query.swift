import Fluent
import Foundation
import POETQKit
import QMethod

extension AnalysesPage {
  /// The analyses of `study` the member may see (`scope`), newest first, without the superseded ones
  /// when `hidingSuperseded`, and the completed sorts of the member's sites (`siteIDs`, nil: all).
  static func query(
    study: Study, siteIDs: Set<UUID>?, scope: StudyAccess.SortScope, hidingSuperseded: Bool, on db: any Database
  ) async throws -> Model {
    let slug = study.slug
    let all = try await Analysis.query(on: db).filter(\.$study.$id == study.requireID())
      .sort(\.$createdAt, .descending).all().filter { scope.view(of: $0) != .hidden }
    let successors = AnalysesController.successors(all)
    let analyses = hidingSuperseded ? all.filter { $0.id.flatMap { successors[$0] } == nil } : all
    let people = try await AnalysesController.names(of: analyses, on: db)
    let completed = try await StudySorts.count(study, sites: siteIDs, on: db)
    var rows: [Row] = []
    for analysis in analyses {
      let parameters = try? AnalysisParameters.decode(analysis.parameters)
      let factors = try await settledFactors(analysis, chosen: parameters?.options.factors, on: db)
      rows.append(
        Row(
          name: analysis.name,
          href: analysis.id.map { StudyRoute.analyses(.show(.value($0))).href(slug: slug) } ?? "",
          state: AnalysisState.text(analysis), stateClass: analysis.status.rawValue,
          sorts: analysis.usedSortIDs.map { "\($0.count)" } ?? "",
          factors: factors.map(String.init) ?? "",
          createdBy: analysis.$createdBy.id.flatMap { people[$0] } ?? "",
          createdAt: AnalysisState.date(analysis.createdAt), needsRerun: analysis.needsRerun,
          withdrawn: analysis.withdrawnSortIDs.filter(scope.sees).joined(separator: ", "),
          supersededBy: analysis.id.flatMap { successors[$0] }?.name ?? ""))
    }
    return Model(
      analyses: rows, completed: completed, hidingSuperseded: hidingSuperseded, superseded: successors.count,
      slug: slug)
  }

  /// The factors an analysis kept: the number chosen, or, when the run chose it (Horst stopping by
  /// itself, a default), the number its stored result holds (split factors aside). `nil` until done.
  static func settledFactors(_ analysis: Analysis, chosen: Int?, on db: any Database) async throws -> Int? {
    if let chosen { return chosen }
    // Only the labels and options are decoded, not the result's tables.
    struct Factors: Decodable {
      var factorLabels: [String]
      var options: AnalysisOptions
    }
    guard let json = try await StoredResults.json(of: analysis, on: db),
      let stored = try? JSONDecoder().decode(Factors.self, from: json)
    else { return nil }
    return stored.factorLabels.count - stored.options.splitFactors.count
  }
}
