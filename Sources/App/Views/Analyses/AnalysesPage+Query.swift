import Fluent
import Foundation
import POETQKit

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
    let rows = analyses.map { analysis in
      let parameters = try? AnalysisParameters.decode(analysis.parameters)
      return Row(
        name: analysis.name,
        href: analysis.id.map { StudyRoute.analyses(.show(.value($0))).href(slug: slug) } ?? "",
        state: AnalysisState.text(analysis), stateClass: analysis.status.rawValue,
        sorts: analysis.usedSortIDs.map { "\($0.count)" } ?? "",
        factors: parameters?.options.factors.map(String.init) ?? "",
        createdBy: analysis.$createdBy.id.flatMap { people[$0] } ?? "",
        createdAt: AnalysisState.date(analysis.createdAt), needsRerun: analysis.needsRerun,
        withdrawn: analysis.withdrawnSortIDs.filter(scope.sees).joined(separator: ", "),
        supersededBy: analysis.id.flatMap { successors[$0] }?.name ?? "")
    }
    return Model(
      analyses: rows, completed: completed, hidingSuperseded: hidingSuperseded, superseded: successors.count,
      slug: slug)
  }
}
