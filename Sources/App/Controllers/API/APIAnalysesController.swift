import Fluent
import QMethod
import Vapor

/// `/api/v1/studies/{slug}/analyses` and `/factor-count`: run analyses in the background, read their
/// state and results, replay their options, compare two of them, and the "How many factors?"
/// figures. A viewer reads; a researcher runs. A member limited to some sites runs and derives
/// analyses of their sites' sorts only and reads the others as ``StudyAccess/Grant/analysis(_:for:on:)``
/// lets them (as a whole, or not at all).
struct APIAnalysesController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    routes.get(APIRoute.study(.key, .factorCount).registered, use: factorCount)
    routes.get(APIRoute.study(.key, .analyses).registered, use: index)
    routes.post(APIRoute.study(.key, .analyses).registered, use: create)
    routes.get(APIRoute.study(.key, .analysis(.key)).registered, use: show)
    routes.delete(APIRoute.study(.key, .analysis(.key)).registered, use: delete)
    routes.get(APIRoute.study(.key, .analysisConfig(.key)).registered, use: config)
    routes.post(APIRoute.study(.key, .analysisRerun(.key)).registered, use: rerun)
    routes.get(APIRoute.study(.key, .analysisCompare(.key, other: .key)).registered, use: compare)
  }

  /// `POST …/analyses`: checks the request against the study's sorts, stores the analysis as queued
  /// and answers `202 {"id", "status"}` at once; the runner does the rest.
  func create(req: Request) async throws -> Response {
    let grant = try await req.apiGrant(atLeast: .researcher)
    let request = try req.decodeJSON(AnalysisRequest.self)
    let analysis = try await AnalysisRuns.enqueue(request, grant: grant, by: req.apiUser.requireID(), on: req.db)
    req.application.analysisRunner.wake()
    return try await Self.accepted(analysis, study: grant.study, req: req)
  }

  /// `POST …/analyses/{id}/rerun`: the same settings on the sorts the selection holds now (after a
  /// withdrawal); `202` like a new run. Compare the two to see what changed.
  func rerun(req: Request) async throws -> Response {
    let grant = try await req.apiGrant(atLeast: .researcher)
    let original = try await grant.analysis(Self.id(req, "id"), for: .change, on: req.db)
    let analysis = try await AnalysisRuns.rerun(
      original.analysis, grant: grant, by: req.apiUser.requireID(), on: req.db)
    req.application.analysisRunner.wake()
    return try await Self.accepted(analysis, study: grant.study, req: req)
  }

  static func accepted(_ analysis: Analysis, study: Study, req: Request) async throws -> Response {
    var headers = HTTPHeaders()
    headers.replaceOrAdd(
      name: .location, value: APIRoute.study(study.slug, .analysis(.value(try analysis.requireID()))).href)
    return try await AnalysisQueuedDTO(id: analysis.requireID(), status: analysis.status)
      .encodeResponse(status: .accepted, headers: headers, for: req)
  }

  /// `GET …/analyses`: newest first, without results (those the member may see).
  func index(req: Request) async throws -> [AnalysisSummaryDTO] {
    let grant = try await req.apiGrant(atLeast: .viewer)
    let scope = try await grant.sortScope(on: req.db)
    return try await Analysis.query(on: req.db).filter(\.$study.$id == grant.study.requireID())
      .sort(\.$createdAt, .descending).all()
      .map { StudyAccess.VisibleAnalysis(analysis: $0, view: scope.view(of: $0), scope: scope) }
      .filter { $0.view != .hidden }.map(AnalysisSummaryDTO.init)
  }

  /// `GET …/analyses/{id}`.
  func show(req: Request) async throws -> AnalysisDTO {
    let visible = try await Self.analysis(req, parameter: "id")
    return try AnalysisDTO(
      visible, result: try await StoredResults.result(of: visible.analysis, on: req.db).map(visible.result))
  }

  /// `DELETE …/analyses/{id}`: the analysis, its result and its interpretations go (audited);
  /// `204`, then `404`. A running analysis is refused (`409`).
  func delete(req: Request) async throws -> HTTPStatus {
    // Only a member who sees all of the analysis may delete it (`.change`).
    let grant = try await req.apiGrant(atLeast: .researcher)
    let analysis = try await grant.analysis(Self.id(req, "id"), for: .change, on: req.db).analysis
    try await AnalysisDeletion.delete(analysis, study: grant.study, by: req.apiUser.requireID(), on: req.db)
    return .noContent
  }

  /// `GET …/analyses/{id}/config`: the options file `poetq analyze --config` replays.
  func config(req: Request) async throws -> AnalysisOptions {
    try await Self.analysis(req, parameter: "id").parameters().options
  }

  /// `GET …/analyses/{id}/compare/{other}`: flag changes and the correlation of factor arrays (the
  /// arrays only when either is seen as a whole).
  func compare(req: Request) async throws -> AnalysisComparison {
    let first = try await Self.analysis(req, parameter: "id")
    let second = try await Self.analysis(req, parameter: "other")
    return try await AnalysisComparison.visible(first, second, fields: ("id", "other"), on: req.db)
  }

  /// `GET …/factor-count?sites=…&sorts=…&extraction=…&threshold=…&simulations=…`: "How many factors?", computed on
  /// the factor-count thread while the request waits, except a large study's parallel analysis, which is
  /// queued as cache work and answered "computing" (202) as the page does (``APIFactorCount``).
  func factorCount(req: Request) async throws -> Response {
    let grant = try await req.apiGrant(atLeast: .viewer)
    let query = try req.query.decode(FactorCountQuery.self)
    var options = FactorCount.Options()
    if let extraction = query.extraction {
      guard let method = ExtractionMethod(rawValue: extraction) else {
        throw AnalysisSelection.invalid("extraction", "use centroid, pca or horst, not \"\(extraction)\"")
      }
      options.analysis.extraction = method
    }
    if let threshold = query.threshold {
      guard (0...1).contains(threshold) else {
        throw AnalysisSelection.invalid("threshold", "give a correlation from 0 to 1, not \(threshold)")
      }
      options.correlationThreshold = threshold
    }
    if let simulations = query.simulations { options.simulations = try FactorCountWork.simulations(simulations) }
    let selection = AnalysisSelection(sites: Self.list(query.sites), question: nil, sorts: Self.list(query.sorts))
    let data = try await AnalysisRuns.selectedData(grant, selection: selection, on: req.db).data
    do {
      let (counted, pending) = try await req.application.analysisRunner.factorCountForPage(
        data, options: options, study: grant.study.requireID(), on: req.db)
      return try await APIFactorCount(counted, pending: pending).response(for: req)
    } catch let error as QMethodError {
      throw Abort(.unprocessableEntity, reason: "sorts: \(error.webMessage)")
    }
  }

  struct FactorCountQuery: Decodable {
    var sites: String?
    var sorts: String?
    var extraction: String?
    var threshold: Double?
    var simulations: Int?
  }

  /// "A,B, C" → ["A", "B", "C"]; `nil` when absent.
  static func list(_ text: String?) -> [String]? {
    text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
  }

  /// The analysis named by `parameter` as the token's user may read it.
  static func analysis(_ req: Request, parameter: String) async throws -> StudyAccess.VisibleAnalysis {
    try await req.apiGrant(atLeast: .viewer).analysis(id(req, parameter), for: .read, on: req.db)
  }

  static func id(_ req: Request, _ parameter: String) -> UUID? {
    req.parameters.get(parameter).flatMap(UUID.init(uuidString:))
  }
}
