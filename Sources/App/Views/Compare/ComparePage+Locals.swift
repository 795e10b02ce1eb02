import Foundation

extension ComparePage {
  /// The local analyses table: per site, its sorts, the factors asked and its analysis's state.
  static func localRows(_ locals: [SitesComparison.Local], slug: String) -> [LocalRow] {
    locals.map { local in
      let status = local.latest.map { analysis -> String in
        switch analysis.status {
        case .queued: "queued"
        case .running: "running\(analysis.stage.map { " (\($0))" } ?? "")"
        case .failed: "failed: \(analysis.failure ?? "")"
        case .done:
          local.done?.id == analysis.id
            ? "done: \(local.result?.factorLabels.count ?? 0) factors" : "done, but not of these sorts: run again"
        }
      }
      let shown = local.done ?? local.latest
      let factors = (shown.flatMap { try? AnalysisParameters.decode($0.parameters) }?.options.factors).map(String.init)
      return LocalRow(
        site: local.site, field: "factors.\(local.siteID.uuidString)", fieldID: "factors-\(local.siteID.uuidString)",
        sorts: local.sortIDs.count, state: status ?? "not run",
        href: shown?.id.map { analysisHref(slug: slug, id: $0) }, factors: factors ?? "")
    }
  }
}
