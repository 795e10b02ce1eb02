import Fluent
import Foundation
import POETQKit
import QMethod

/// A stored analysis as the report writers take it: the engine's result, the study's Q-set with its
/// codes, the questions, the grid's labels, what each sort brought (site, answers, comments) and the
/// researcher's interpretations. A member limited to some sites gets the answers and comments of
/// their sites' sorts only, and an analysis that used other sites' sorts as a whole (no sort's row,
/// no quote of another site's sort: ``StudyAccess/VisibleAnalysis``); an analysis of other sites'
/// sorts only is not found. Every page, download and API route of an analysis's report reads it here.
struct AnalysisReport: Sendable {
  let analysisID: UUID
  let name: String
  let input: ReportInput
  /// The interpretations' revisions by factor (0 when nothing is written yet).
  let revisions: [Int: Int]
  /// How much of the analysis the member sees.
  let view: StudyAccess.AnalysisView

  var result: AnalysisResult { input.result }
  /// Every code of the Q-set (a code note must use one of them).
  var codes: [String] { input.codes }

  /// The analysis `id` of the study of `context`, provided it has finished, as the member may see it.
  /// - Parameter use: `.change` for a route that changes the analysis or derives one from it (the
  ///   member must see all of it).
  /// - Parameter parallel: the runner that computes the parallel analysis of the scree plot when it
  ///   is not stored yet (reports and exports); `nil` leaves it out (the factor pages do not draw it).
  /// - Parameter storedParallel: the simulations of a stored parallel analysis to draw if there is
  ///   one, never computed here (the results page).
  /// - Parameter queueLarge: with `storedParallel`, the runner that queues the parallel analysis of
  ///   an analysis above ``AnalysisRunner/cachedSortsLimit`` sorts when none is stored (its run did
  ///   not compute it); the input is then marked pending, so the page says "computing…".
  /// - Parameter withSorts: `false` leaves out the sorts' metadata (sites, answers, comments), which
  ///   the results tables do not use; reading it costs a second on 10,000 sorts.
  /// - Throws: 404 for an analysis not in the study (or hidden from the member); 403 for `.change`
  ///   of one the member sees as a whole; 409 for one without a result yet.
  static func load(
    _ id: UUID, _ context: StudyContext, for use: StudyAccess.AnalysisUse = .read, on db: any Database,
    parallel runner: AnalysisRunner? = nil, storedParallel simulations: Int? = nil, queueLarge: AnalysisRunner? = nil,
    withSorts: Bool = true
  ) async throws -> (Analysis, AnalysisReport) {
    let visible = try await context.grant.analysis(id, for: use, on: db)
    let analysis = visible.analysis
    let stored = try await StoredResults.required(analysis, on: db)
    // The scree's line depends on the shape of the data the analysis used, not on what is shown.
    var computed = try await runner?.parallelAnalysis(for: stored, on: db)
    var parallel = computed?.result
    if parallel == nil, computed?.pending != true, let simulations {
      parallel = try await ParallelAnalysisCache.cached(for: stored, simulations: simulations, on: db)
      // A large analysis's line is queued cache work (stored, or queued now), never computed here.
      if parallel == nil, let queueLarge, stored.sorts.count > AnalysisRunner.cachedSortsLimit {
        computed = try await queueLarge.parallelAnalysis(for: stored, on: db)
        parallel = computed?.result
      }
    }
    let design = try await StudyDesign.load(context.study, on: db)
    let sorts = withSorts ? try await StudySorts.completed(context.study, sites: context.grant.siteIDs, on: db) : []
    let saved = try await InterpretationStore.all(analysisID: id, on: db)
    // A member who sees the analysis only as a whole learns that a sort was withdrawn, not which.
    let withdrawn = analysis.needsRerun ? (visible.view == .full ? analysis.withdrawnSortIDs : []) : nil
    // A withdrawal removes the quotes from the stored interpretations; read them without any quote of
    // a withdrawn sort all the same, so no path can print those words.
    let interpretations = saved.mapValues { item in
      var interpretation =
        item.interpretation.removingQuotes(of: Set(analysis.withdrawnSortIDs), reason: .withdrawn)
        ?? item.interpretation
      interpretation.quotes = interpretation.quotes.filter { visible.scope.sees(sort: $0.sort) }
      return interpretation
    }
    var input = ReportInput(
      result: visible.result(stored), studyTitle: context.study.title, statements: design.statements,
      sorts: sorts.map(SortMetadata.init), questions: design.questions, interpretations: interpretations,
      columnLabels: Dictionary(design.columns.map { ($0.score, $0.label) }) { first, _ in first },
      parallelAnalysis: parallel, withdrawnSorts: withdrawn)
    input.parallelAnalysisPending = computed?.pending ?? false
    // Comments are quoted in the language they were written in, named when it is not the study's.
    input.language = context.study.language
    input.languageNames = Dictionary(StudyLanguage.allCases.map { ($0.tag, $0.englishName) }) { first, _ in first }
    input.selectedLanguages = (try? AnalysisParameters.decode(analysis.parameters))?.selection.languageWords
    return (
      analysis,
      AnalysisReport(
        analysisID: id, name: analysis.name, input: input, revisions: saved.mapValues(\.revision),
        view: visible.view)
    )
  }

  /// The factor `number` (1-based), or 404.
  func requireFactor(_ number: Int?) throws -> Int {
    guard let number, (1...max(result.factorLabels.count, 1)).contains(number), number <= result.factorLabels.count
    else { throw Refusal.notFound("This analysis has no such factor (it has \(result.factorLabels.count)).") }
    return number
  }

  /// A file name for a download: `<slug>-<analysis name>.<ext>`, safe in a header.
  func fileName(_ slug: String, _ ext: String) -> String {
    "\(slug)-\(Slug.make(name, words: .max, fallback: "analysis")).\(ext)"
  }
}

/// The downloads of an analysis, shared by the pages and the API.
enum AnalysisDownload: String, CaseIterable, Sendable {
  case html = "report.html"
  case docx = "report.docx"
  case xlsx = "workbook.xlsx"
  case zip = "tables.zip"
  case lis = "report.lis"
  case json = "result.json"

  /// Whether the file draws or lists the scree with its parallel-analysis line.
  var showsParallelAnalysis: Bool { [.html, .docx, .xlsx, .zip].contains(self) }

  var label: String {
    switch self {
    case .html: "Report (HTML, prints to PDF)"
    case .docx: "Report (Word)"
    case .xlsx: "Workbook (XLSX, one sheet per table)"
    case .zip: "Every table as CSV (ZIP)"
    case .lis: "PQMethod-style report (.LIS text)"
    case .json: "Engine result (JSON)"
    }
  }

  var contentType: String {
    switch self {
    case .html: "text/html; charset=utf-8"
    case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    case .zip: "application/zip"
    case .lis: "text/plain; charset=utf-8"
    case .json: "application/json"
    }
  }

  /// The file's bytes. Slow for a workbook of thousands of sorts: the caller runs it off the event
  /// loops (``response(for:slug:on:)``).
  func data(_ input: ReportInput) throws -> Data {
    switch self {
    case .html: Data(HTMLReport.render(input).utf8)
    case .docx: try DOCXReport.data(input)
    case .xlsx: try XLSXWorkbook.data(input)
    case .zip: try CSVTables.data(input)
    case .lis: Data(input.textReport.utf8)
    case .json: try Self.resultJSON(input.result)
    }
  }

  /// The file's extension, as in its name.
  var fileExtension: String { String(rawValue.split(separator: ".").last ?? "") }

  /// Whether the file is shown in the browser (the HTML report) rather than saved.
  var opensInline: Bool { self == .html }

  static let reportPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; "
    + "form-action 'none'"

  static func resultJSON(_ result: AnalysisResult) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]  // as `poetq analyze`
    return try encoder.encode(result)
  }
}
