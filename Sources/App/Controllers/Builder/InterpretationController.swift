import Fluent
import POETQKit
import QMethod
import Vapor

/// The interpretation workspace of a stored analysis: a page per factor (the array as the sorting
/// grid, characteristic and distinguishing statements, crib sheet, exemplars with their comments,
/// the profile over the codes) where researchers name the viewpoint, describe it and pin quotes,
/// autosaved; and the analysis's report and exports.
struct InterpretationController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.analyses(.factor(.key, .key)), use: show)
    area.form(.analyses(.factor(.key, .key)), use: save)
    for download in AnalysisDownload.allCases {
      area.page(.analyses(.download(.key, download))) { req in try await Self.download(req, download) }
    }
  }

  static func download(_ req: Request, _ download: AnalysisDownload) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let (_, report) = try await AnalysisReport.load(
      try analysisID(req), context, on: req.db,
      parallel: download.showsParallelAnalysis ? req.application.analysisRunner : nil)
    try await AuditEvent(
      studyID: context.studyID, userID: context.userID, action: "analysis.download",
      detail: "\(report.name): \(download.rawValue)"
    ).save(on: req.db)
    return try await download.response(for: report, slug: context.study.slug, on: req)
  }

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let (_, report) = try await AnalysisReport.load(try Self.analysisID(req), context, on: req.db)
    let factor = try report.requireFactor(req.parameters.get("factor", as: Int.self))
    return try await render(req, context, report, factor: factor)
  }

  func render(
    _ req: Request, _ context: StudyContext, _ report: AnalysisReport, factor: Int, typed: FactorInterpretation? = nil,
    error: String? = nil
  ) async throws -> View {
    let input = report.input
    let slug = context.study.slug
    let interpretation = typed ?? input.interpretations[factor] ?? FactorInterpretation()
    let aids = FactorAids.make(factor: factor, input: input)
    let pinned = Set(interpretation.quotes.map { "\($0.sort)|\($0.statement)" })
    let comments = aids.exemplars.flatMap { exemplar in
      exemplar.comments.map { comment in
        FactorPage.Comment(
          id: "quote-\(exemplar.sort)-\(comment.statement)", value: "\(exemplar.sort)|\(comment.statement)",
          sort: exemplar.sort, loading: ReportFormat.fixed(exemplar.loading, 2), statement: comment.statement,
          statementText: comment.statementText, text: comment.text, lang: comment.languageTag ?? "",
          language: comment.languageName ?? "", pinned: pinned.contains("\(exemplar.sort)|\(comment.statement)"))
      }
    }
    let content = FactorPage.Model(
      analysisName: report.name, factor: factor, factorLabel: input.result.factorLabels[factor - 1],
      factors: AnalysisPage.factorLinks(
        report.analysisID, labels: input.result.factorLabels, names: input.interpretations.mapValues(\.name),
        current: factor, slug: slug),
      aids: HTMLReport.factorAids(input, factor: factor),
      interpretation: FactorPage.Fields(
        name: interpretation.name, argument: interpretation.argument, description: interpretation.description,
        viewedByOthers: interpretation.viewedByOthers),
      revision: report.revisions[factor] ?? 0,
      codeNotes: input.profileCodes.enumerated().map { index, code in
        FactorPage.CodeNote(
          code: code, field: "codeNote.\(code)", note: interpretation.codeNotes[code] ?? "", id: "code-\(index)")
      },
      comments: comments,
      downloads: AnalysisPage.reports(report.analysisID, slug: slug),
      action: context.href(.analyses(.factor(.value(report.analysisID), .value(factor)))),
      canWrite: context.role >= .researcher && report.view == .full,
      withdrawal: input.withdrawalNotice ?? "",
      removalNotes: (input.interpretations[factor] ?? FactorInterpretation()).removalNotes)
    return try await req.renderStudyPage(
      FactorPage.template, context, section: .analyses,
      title: "Factor \(input.result.factorLabels[factor - 1]) of \(report.name)", content, error: error)
  }

  /// Saves the factor's interpretation from the page's form: in the background (the page's script,
  /// JSON back with the new revision) or as a plain form post (back to the page).
  func save(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let (analysis, report) = try await AnalysisReport.load(
      try Self.analysisID(req), context, for: .change, on: req.db)
    let factor = try report.requireFactor(req.parameters.get("factor", as: Int.self))
    let fields = FormBody.fields(of: req)
    let typed = Self.interpretation(from: fields, report: report, factor: factor)
    let base = fields.first { $0.name == "revision" }.flatMap { Int($0.value) }
    do {
      let saved = try await InterpretationStore.save(
        typed, factor: factor, baseRevision: base, analysis: analysis, result: report.result, codes: report.codes,
        study: context.study, by: context.userID, on: req.db)
      if req.prefersJSON {
        return try await SaveAnswer(saved: true, revision: saved.revision, reason: nil).encodeResponse(for: req)
      }
      Flash.set(req, "Factor \(report.result.factorLabels[factor - 1]) saved.")
      return req.redirect(to: context.href(.analyses(.factor(.value(report.analysisID), .value(factor)))))
    } catch let error as any AbortError where [.unprocessableEntity, .conflict].contains(error.status) {
      if req.prefersJSON {
        let current = (error as? InterpretationStore.Stale)?.current.revision
        let response = try await SaveAnswer(saved: false, revision: current, reason: error.reason)
          .encodeResponse(for: req)
        response.status = error.status
        return response
      }
      let response = try await render(req, context, report, factor: factor, typed: typed, error: error.reason)
        .encodeResponse(for: req)
      response.status = error.status
      return response
    }
  }

  struct SaveAnswer: Content {
    var saved: Bool
    var revision: Int?
    var reason: String?
  }

  /// The interpretation a form posted: the texts, a note per code, and the pinned comments (quoted
  /// word for word from the exemplar's comment, never from the form).
  static func interpretation(from fields: [FormBody.Field], report: AnalysisReport, factor: Int)
    -> FactorInterpretation
  {
    func value(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
    var notes: [String: String] = [:]
    for field in fields where field.name.hasPrefix("codeNote.") {
      notes[String(field.name.dropFirst("codeNote.".count))] = field.value
    }
    let comments = Dictionary(
      report.input.sorts.flatMap { sort in sort.comments.map { ("\(sort.sortID)|\($0.key)", $0.value) } }
    ) { first, _ in first }
    let quotes = fields.filter { $0.name == "quote" }.compactMap { field -> PinnedQuote? in
      let parts = field.value.split(separator: "|", maxSplits: 1)
      guard parts.count == 2, let statement = Int(parts[1]) else { return nil }
      return PinnedQuote(sort: String(parts[0]), statement: statement, text: comments[field.value] ?? "")
    }
    return FactorInterpretation(
      name: value("name"), description: value("description"), argument: value("argument"),
      viewedByOthers: value("viewedByOthers"), codeNotes: notes, quotes: quotes)
  }

  static func analysisID(_ req: Request) throws -> UUID {
    guard let id = req.parameters.get("id", as: UUID.self) else {
      throw Abort(.notFound, reason: "There is no such analysis of this study.")
    }
    return id
  }
}
