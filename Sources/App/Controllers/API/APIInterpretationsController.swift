import Fluent
import POETQKit
import Vapor

/// `/api/v1/studies/{slug}/analyses/{id}/factors/{n}`: the researcher's interpretation of a factor
/// (GET, PUT), and the analysis's report and exports (`report.html`, `report.docx`, `workbook.xlsx`,
/// `tables.zip`, `report.lis`, `result.json`), exactly as the pages offer them.
struct APIInterpretationsController: RouteCollection {
  /// What `GET` answers: the interpretation and its revision.
  struct InterpretationDTO: Content {
    var factor: Int
    var revision: Int
    var name: String
    var description: String
    var argument: String
    var viewedByOthers: String
    var codeNotes: [String: String]
    var quotes: [PinnedQuote]

    init(factor: Int, _ saved: InterpretationStore.Saved) {
      self.factor = factor
      revision = saved.revision
      name = saved.interpretation.name
      description = saved.interpretation.description
      argument = saved.interpretation.argument
      viewedByOthers = saved.interpretation.viewedByOthers
      codeNotes = saved.interpretation.codeNotes
      quotes = saved.interpretation.quotes
    }
  }

  func boot(routes: any RoutesBuilder) throws {
    routes.get(APIRoute.study(.key, .factor(.key, .key)).registered, use: show)
    routes.put(APIRoute.study(.key, .factor(.key, .key)).registered, use: update)
    for download in AnalysisDownload.allCases {
      routes.get(APIRoute.study(.key, .download(.key, download)).registered) { req in
        let context = try await StudyContext.api(req, atLeast: .viewer)
        let (_, report) = try await AnalysisReport.load(
          try InterpretationController.analysisID(req), context, on: req.db,
          parallel: download.showsParallelAnalysis ? req.application.analysisRunner : nil)
        return try await download.response(for: report, slug: context.study.slug, on: req)
      }
    }
  }

  func show(req: Request) async throws -> InterpretationDTO {
    let context = try await StudyContext.api(req, atLeast: .viewer)
    let (_, report) = try await AnalysisReport.load(try InterpretationController.analysisID(req), context, on: req.db)
    let factor = try report.requireFactor(req.parameters.get("factor", as: Int.self))
    // As the report holds it: without quotes of sorts the member may not see.
    return InterpretationDTO(
      factor: factor,
      InterpretationStore.Saved(
        interpretation: report.input.interpretations[factor] ?? FactorInterpretation(),
        revision: report.revisions[factor] ?? 0))
  }

  /// `PUT`: the whole interpretation (missing fields are empty, unknown ones refused). An optional
  /// `revision` makes it a compare-and-swap (409 when the stored one moved on); without it, it overwrites.
  func update(req: Request) async throws -> InterpretationDTO {
    let context = try await StudyContext.api(req, atLeast: .researcher)
    let (analysis, report) = try await AnalysisReport.load(
      try InterpretationController.analysisID(req), context, for: .change, on: req.db)
    let factor = try report.requireFactor(req.parameters.get("factor", as: Int.self))
    let input = try req.decodeJSON(InterpretationInputDTO.self)
    let saved = try await InterpretationStore.save(
      input.interpretation, factor: factor, baseRevision: input.revision, analysis: analysis, result: report.result,
      codes: report.codes, study: context.study, by: context.userID, on: req.db)
    return InterpretationDTO(factor: factor, saved)
  }
}
