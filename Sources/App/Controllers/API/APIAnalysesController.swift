import Fluent
import QMethod
import Vapor

/// `/api/v1/studies/{slug}/analyses` and `/factor-count`: run analyses in the background, read their
/// state and results, replay their options, compare two of them, and the "How many factors?"
/// figures. A viewer reads; a researcher runs.
struct APIAnalysesController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    let study = routes.grouped("studies", ":slug")
    study.get("factor-count", use: factorCount)
    let analyses = study.grouped("analyses")
    analyses.get(use: index)
    analyses.post(use: create)
    analyses.get(":id", use: show)
    analyses.get(":id", "config", use: config)
    analyses.post(":id", "rerun", use: rerun)
    analyses.get(":id", "compare", ":other", use: compare)
  }

  /// `POST …/analyses`: checks the request against the study's sorts, stores the analysis as queued
  /// and answers `202 {"id", "status"}` at once; the runner does the rest.
  func create(req: Request) async throws -> Response {
    let (study, _) = try await req.apiStudy(atLeast: .researcher)
    let request = try req.decodeJSON(AnalysisRequest.self)
    let analysis = try await AnalysisRuns.enqueue(request, study: study, by: req.apiUser.requireID(), on: req.db)
    req.application.analysisRunner.wake()
    return try await Self.accepted(analysis, study: study, req: req)
  }

  /// `POST …/analyses/{id}/rerun`: the same settings on the sorts the selection holds now (after a
  /// withdrawal); `202` like a new run. Compare the two to see what changed.
  func rerun(req: Request) async throws -> Response {
    let (study, _) = try await req.apiStudy(atLeast: .researcher)
    let original = try await Self.analysis(req, parameter: "id")
    let analysis = try await AnalysisRuns.rerun(original, study: study, by: req.apiUser.requireID(), on: req.db)
    req.application.analysisRunner.wake()
    return try await Self.accepted(analysis, study: study, req: req)
  }

  static func accepted(_ analysis: Analysis, study: Study, req: Request) async throws -> Response {
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .location, value: "/api/v1/studies/\(study.slug)/analyses/\(try analysis.requireID())")
    return try await AnalysisQueuedDTO(id: analysis.requireID(), status: analysis.status)
      .encodeResponse(status: .accepted, headers: headers, for: req)
  }

  /// `GET …/analyses`: newest first, without results.
  func index(req: Request) async throws -> [AnalysisSummaryDTO] {
    let (study, _) = try await req.apiStudy(atLeast: .viewer)
    return try await Analysis.query(on: req.db).filter(\.$study.$id == study.requireID())
      .sort(\.$createdAt, .descending).all().map(AnalysisSummaryDTO.init)
  }

  /// `GET …/analyses/{id}`.
  func show(req: Request) async throws -> AnalysisDTO {
    let analysis = try await Self.analysis(req, parameter: "id")
    return try AnalysisDTO(analysis, result: try await StoredResults.result(of: analysis, on: req.db))
  }

  /// `GET …/analyses/{id}/config`: the options file `poetq analyze --config` replays.
  func config(req: Request) async throws -> AnalysisOptions {
    try AnalysisParameters.decode(try await Self.analysis(req, parameter: "id").parameters).options
  }

  /// `GET …/analyses/{id}/compare/{other}`: flag changes and the correlation of factor arrays.
  func compare(req: Request) async throws -> AnalysisComparison {
    let first = try await Self.analysis(req, parameter: "id")
    let second = try await Self.analysis(req, parameter: "other")
    return AnalysisComparison(
      try await StoredResults.required(first, field: "id", on: req.db),
      try await StoredResults.required(second, field: "other", on: req.db))
  }

  /// `GET …/factor-count?sites=…&sorts=…&extraction=…&threshold=…&simulations=…`: "How many factors?", computed on
  /// the runner's threads while the request waits.
  func factorCount(req: Request) async throws -> FactorCount.Result {
    let (study, _) = try await req.apiStudy(atLeast: .viewer)
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
    let (_, data) = try await AnalysisRuns.selectedData(study, selection: selection, on: req.db)
    do {
      return try await req.application.analysisRunner.factorCount(
        data, options: options, study: study.requireID(), on: req.db)
    } catch let error as QMethodError {
      throw Abort(.unprocessableEntity, reason: "sorts: \(error)")
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

  static func analysis(_ req: Request, parameter: String) async throws -> Analysis {
    let (study, _) = try await req.apiStudy(atLeast: .viewer)
    guard let id = req.parameters.get(parameter).flatMap(UUID.init(uuidString:)),
      let analysis = try await Analysis.query(on: req.db).filter(\.$study.$id == study.requireID())
        .filter(\.$id == id).first()
    else { throw Abort(.notFound, reason: "Analysis: that analysis is not in this study.") }
    return analysis
  }
}
