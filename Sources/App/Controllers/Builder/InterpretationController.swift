import Fluent
import POETQKit
import QMethod
import Vapor

/// The interpretation workspace of a stored analysis: a page per factor (the array as the sorting
/// grid, characteristic and distinguishing statements, crib sheet, exemplars with their comments,
/// the profile over the codes) where researchers name the viewpoint, describe it and pin quotes,
/// autosaved; and the analysis's report and exports.
struct InterpretationController: RouteCollection {
  struct PageContent: Encodable {
    var analysisName: String
    var factor: Int
    var factorLabel: String
    var factors: [FactorLink]
    var aids: String
    var interpretation: Fields
    var revision: Int
    var codeNotes: [CodeNote]
    var comments: [Comment]
    var downloads: [Download]
    var action: String
    /// Whether the member may write the interpretation (a researcher who sees all of the analysis).
    var canWrite: Bool
    /// "Computed before participant D65 withdrew; …", or empty.
    var withdrawal: String
    /// "1 quote removed: its participant withdrew.", and quotes dropped when carried.
    var removalNotes: [String]
  }

  struct Fields: Encodable {
    var name: String
    var argument: String
    var description: String
    var viewedByOthers: String
  }

  struct FactorLink: Encodable {
    var label: String
    var name: String
    var href: String
    var current: Bool
  }

  struct CodeNote: Encodable {
    var code: String
    var field: String
    var note: String
    var id: String
  }

  struct Comment: Encodable {
    var id: String
    var value: String
    var sort: String
    var loading: String
    var statement: Int
    var statementText: String
    var text: String
    var pinned: Bool
  }

  struct Download: Encodable {
    var label: String
    var href: String
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes, "studies", ":slug", "analyses", ":id")
    area.pages.get("factors", ":factor", use: show)
    area.forms.post("factors", ":factor", use: save)
    for download in AnalysisDownload.allCases {
      area.pages.get(PathComponent(stringLiteral: download.rawValue)) { req in
        try await Self.download(req, download)
      }
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
    let base = "\(context.path)/analyses/\(report.analysisID)"
    let interpretation = typed ?? input.interpretations[factor] ?? FactorInterpretation()
    let aids = FactorAids.make(factor: factor, input: input)
    let pinned = Set(interpretation.quotes.map { "\($0.sort)|\($0.statement)" })
    let comments = aids.exemplars.flatMap { exemplar in
      exemplar.comments.map { comment in
        Comment(
          id: "quote-\(exemplar.sort)-\(comment.statement)", value: "\(exemplar.sort)|\(comment.statement)",
          sort: exemplar.sort, loading: ReportFormat.fixed(exemplar.loading, 2), statement: comment.statement,
          statementText: comment.statementText, text: comment.text,
          pinned: pinned.contains("\(exemplar.sort)|\(comment.statement)"))
      }
    }
    let content = PageContent(
      analysisName: report.name, factor: factor, factorLabel: input.result.factorLabels[factor - 1],
      factors: input.result.factorLabels.indices.map { index in
        FactorLink(
          label: input.result.factorLabels[index], name: input.interpretations[index + 1]?.name ?? "",
          href: "\(base)/factors/\(index + 1)", current: index + 1 == factor)
      },
      aids: HTMLReport.factorAids(input, factor: factor),
      interpretation: Fields(
        name: interpretation.name, argument: interpretation.argument, description: interpretation.description,
        viewedByOthers: interpretation.viewedByOthers),
      revision: report.revisions[factor] ?? 0,
      codeNotes: input.profileCodes.enumerated().map { index, code in
        CodeNote(code: code, field: "codeNote.\(code)", note: interpretation.codeNotes[code] ?? "", id: "code-\(index)")
      },
      comments: comments,
      downloads: AnalysisDownload.allCases.map { Download(label: $0.label, href: "\(base)/\($0.rawValue)") },
      action: "\(base)/factors/\(factor)", canWrite: context.role >= .researcher && report.view == .full,
      withdrawal: input.withdrawalNotice ?? "",
      removalNotes: (input.interpretations[factor] ?? FactorInterpretation()).removalNotes)
    return try await req.renderStudyPage(
      "builder/factor", context, section: .analyses,
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
      return req.redirect(to: "\(context.path)/analyses/\(report.analysisID)/factors/\(factor)")
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
