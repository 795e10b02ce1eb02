import Fluent
import QMethod

extension AnalysisComparison {
  /// Two analyses compared as the member sees them: when either is seen only as a whole, both are
  /// compared as wholes (the factor arrays' correlations, no sort's flags or presence).
  /// - Parameter fields: the request's names of the two analyses, for a 409 naming one without a result.
  static func visible(
    _ first: StudyAccess.VisibleAnalysis, _ second: StudyAccess.VisibleAnalysis, fields: (String, String),
    on db: any Database
  ) async throws -> AnalysisComparison {
    var a = try await StoredResults.required(first.analysis, field: fields.0, on: db)
    var b = try await StoredResults.required(second.analysis, field: fields.1, on: db)
    if first.view != .full || second.view != .full {
      a = a.asWhole(sortCount: first.analysis.usedSortIDs?.count ?? a.sorts.count)
      b = b.asWhole(sortCount: second.analysis.usedSortIDs?.count ?? b.sorts.count)
    }
    return AnalysisComparison(a, b)
  }
}
