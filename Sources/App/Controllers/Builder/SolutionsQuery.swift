import Fluent
import POETQKit
import QMethod
import Vapor

/// What "How many factors?" and the factor tree read from their query: the member's sorts, the
/// sites ticked (all by default) and the extraction, and the selection that follows from them.
struct SolutionsQuery {
  var query: [FormBody.Field]
  var export: StudyDataExport
  var allSites: [String]
  var ticked: Set<String>
  var chosenSites: [String]
  /// Whether the analysis takes fewer than all the study's sites (a site-limited member always does).
  var limited: Bool
  var extraction: ExtractionMethod?
  var extractionText: String
  var selection: AnalysisSelection

  /// The extraction's refusal, worded for the page, when the query names none POETQ knows.
  var extractionProblem: String? {
    extraction == nil ? "extraction: use centroid, pca or horst, not “\(extractionText)”." : nil
  }

  static func read(_ req: Request, _ context: StudyContext) async throws -> SolutionsQuery {
    let query = FormBody.fields(in: req.url.query ?? "")
    let export = try await StudySorts.export(
      context.study, sites: context.grant.siteIDs, detail: .forAnalysis, on: req.db)
    let allSites = Array(Set(export.sorts.map(\.site))).sorted()
    let ticked =
      query.contains { $0.name == "site" } ? Set(query.filter { $0.name == "site" }.map(\.value)) : Set(allSites)
    let chosenSites = allSites.filter(ticked.contains)
    let extractionText = query.first { $0.name == "extraction" }?.value ?? ExtractionMethod.centroid.rawValue
    let limited = !context.seesAllSites || chosenSites.count < allSites.count
    return SolutionsQuery(
      query: query, export: export, allSites: allSites, ticked: ticked, chosenSites: chosenSites, limited: limited,
      extraction: ExtractionMethod(rawValue: extractionText), extractionText: extractionText,
      selection: AnalysisSelection(sites: limited ? chosenSites : nil, question: nil, sorts: nil))
  }
}
