import Fluent
import POETQKit
import QMethod
import Vapor

/// The Analyses tab: the study's stored analyses with their state, the run form, an analysis's
/// results, its state as JSON for the page's script, a re-run after a withdrawal, the options file,
/// and two analyses compared. Viewers read; researchers run. Runs go to the ``AnalysisRunner``
/// (never on the request's event loop); the pages only store and read. A member limited to some
/// sites runs analyses of their sites' sorts and reads the others as
/// ``StudyAccess/Grant/analysis(_:for:on:)`` lets them: as a whole, or not at all.
struct AnalysesController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.analyses(), use: index)
    area.page(.analyses(.new), use: new)
    area.form(.analyses(), use: create)
    area.page(.analyses(.show(.key)), use: show)
    area.page(.analyses(.status(.key)), use: status)
    area.page(.analyses(.config(.key)), use: config)
    area.page(.analyses(.compare(.key)), use: compare)
    area.form(.analyses(.rerun(.key)), use: rerun)
    area.form(.analyses(.delete(.key)), use: delete)
    area.form(.analyses(.carry(.key)), use: carry)
  }

  // MARK: - The list

  func index(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let model = try await AnalysesPage.query(
      study: context.study, siteIDs: context.grant.siteIDs, scope: try await context.grant.sortScope(on: req.db),
      hidingSuperseded: req.query[String.self, at: "superseded"] == "hide", on: req.db)
    return try await req.renderStudyPage(AnalysesPage.template, context, section: .analyses, model)
  }

  /// Superseded analyses, each with the newest finished analysis made from it (a re-run, or hand
  /// flags or rotation saved as new). `analyses` come newest first.
  static func successors(_ analyses: [Analysis]) -> [UUID: Analysis] {
    var result: [UUID: Analysis] = [:]
    for analysis in analyses where analysis.status == .done {
      if let origin = analysis.derivedFrom, result[origin] == nil { result[origin] = analysis }
    }
    return result
  }

  static func names(of analyses: [Analysis], on db: any Database) async throws -> [UUID: String] {
    let ids = Array(Set(analyses.compactMap { $0.$createdBy.id }))
    guard !ids.isEmpty else { return [:] }
    return try await User.query(on: db).filter(\.$id ~~ ids).all()
      .reduce(into: [UUID: String]()) { names, user in if let id = user.id { names[id] = user.name } }
  }

  // MARK: - Running one

  func new(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    return try await renderForm(req, context, fields: nil, error: nil)
  }

  func renderForm(_ req: Request, _ context: StudyContext, fields: [FormBody.Field]?, error: String?) async throws
    -> View
  {
    let export = try await StudySorts.export(
      context.study, sites: context.grant.siteIDs, detail: .forAnalysis, on: req.db)
    let design = try await StudyDesign.load(context.study, on: req.db)
    let form = AnalysisForm(export: export, questions: design.questions, fields: fields, slug: context.study.slug)
    return try await req.renderStudyPage(
      AnalysisNewPage.template, context, section: .analyses, title: "Run an analysis", form, error: error)
  }

  /// Stores the posted analysis as queued and goes to its page, which follows the run.
  func create(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let fields = FormBody.fields(of: req)
    do {
      let export = try await StudySorts.export(
        context.study, sites: context.grant.siteIDs, detail: .forAnalysis, on: req.db)
      let request = try AnalysisForm.request(fields, export: export)
      // A member who sees every site read the sorts the run chooses from already.
      let analysis = try await AnalysisRuns.enqueue(
        request, grant: context.grant, export: export, by: context.userID, on: req.db)
      await req.application.analysisRunner.wakeAndWait(for: try analysis.requireID())
      return req.redirect(to: context.href(.analyses(.show(.value(try analysis.requireID())))))
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      let response = try await renderForm(
        req, context, fields: fields, error: AnalysisForm.formMessage(error.reason)
      ).encodeResponse(for: req)
      response.status = error.status
      return response
    }
  }

  // MARK: - One analysis

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try await render(req, context, visible: try await Self.analysis(req, context))
  }

  func render(
    _ req: Request, _ context: StudyContext, visible: StudyAccess.VisibleAnalysis, error: String? = nil
  ) async throws -> View {
    var analysis = visible.analysis
    let id = try analysis.requireID()
    var results = ""
    var report: AnalysisReport?
    if analysis.status == .done {
      let loaded: AnalysisReport
      // The scree's parallel-analysis line when the runner has stored it (never computed here; a
      // large analysis's is queued, and the page says it is computing).
      let runner = req.application.analysisRunner
      (analysis, loaded) = try await AnalysisReport.load(
        id, context, on: req.db, storedParallel: runner.parallelSimulations, queueLarge: runner, withSorts: false)
      results = HTMLReport.results(
        loaded.input, parallelThresholds: loaded.input.parallelAnalysis?.thresholds,
        sorts: visible.view == .full ? try await Self.sortLinks(loaded.input.result.sorts, context, on: req.db) : [:])
      report = loaded
    }
    let model = try await AnalysisPage.query(
      visible, analysis: analysis, report: report, results: results,
      canChange: context.role >= .researcher && visible.view == .full,
      previous: req.query[UUID.self, at: "previous"], slug: context.study.slug, on: req.db)
    return try await req.renderStudyPage(
      AnalysisPage.template, context, section: .analyses, title: analysis.name, model, error: error)
  }

  /// Each sort id the member may see with its participant's page and site (the loadings table links
  /// them). A withdrawn sort keeps its site (the Site column is never blank for a sort the analysis
  /// used) but no link; a sort of a site the member does not see is left out.
  static func sortLinks(_ sortIDs: [String], _ context: StudyContext, on db: any Database) async throws
    -> [String: HTMLReport.SortLink]
  {
    let wanted = Set(sortIDs)
    let participants = try await Participant.query(on: db).filter(\.$study.$id == context.studyID)
      .filter(\.$isPreview == false).filter(\.$sortID != nil).with(\.$site).all()
    var links: [String: HTMLReport.SortLink] = [:]
    for participant in participants {
      guard let sortID = participant.sortID, wanted.contains(sortID), context.grant.sees(site: participant.$site.id),
        let id = participant.id
      else { continue }
      let href = participant.status == .completed ? context.href(.participants(.show(.value(id)))) : ""
      // A completed sort wins over an earlier withdrawn one with the same id.
      if links[sortID]?.href.isEmpty == false { continue }
      links[sortID] = HTMLReport.SortLink(href: href, site: participant.site.name)
    }
    return links
  }

  /// Each sort id's site, for the sorts of sites the member sees (withdrawn ones included).
  static func sortSites(_ sortIDs: [String], _ context: StudyContext, on db: any Database) async throws
    -> [String: String]
  {
    try await sortLinks(sortIDs, context, on: db).mapValues(\.site)
  }

  /// `…/status`: the run's state for the page's script, which reloads the page when it changes.
  func status(req: Request) async throws -> AnalysisSummaryDTO {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try AnalysisSummaryDTO(try await Self.analysis(req, context))
  }

  /// `…/config.json`: the options file `poetq analyze --config` replays.
  func config(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let options = try await Self.analysis(req, context).parameters().options
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return Response.download(
      try encoder.encode(options), name: "\(context.study.slug)-analysis-config.json",
      type: "application/json; charset=utf-8")
  }

  /// Queues the same settings on the sorts the selection holds now, and shows the new run.
  func rerun(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let original = try await context.grant.analysis(
      req.parameters.get("id", as: UUID.self), for: .change, on: req.db
    ).analysis
    let analysis = try await AnalysisRuns.rerun(original, grant: context.grant, by: context.userID, on: req.db)
    await req.application.analysisRunner.wakeAndWait(for: try analysis.requireID())
    Flash.set(
      req,
      "The re-run is queued. When it is done, the interpretations of “\(original.name)” are carried to the factors that match; compare the two to see what changed."
    )
    return req.redirect(
      to: context.href(.analyses(.show(.value(try analysis.requireID())))) + "?previous=\(try original.requireID())")
  }

  /// Deletes the analysis with its results and interpretations, once the box is ticked.
  func delete(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let visible = try await context.grant.analysis(req.parameters.get("id", as: UUID.self), for: .change, on: req.db)
    let analysis = visible.analysis
    struct Form: Content { var confirm: String? }
    return try await performEdit(
      req, success: "“\(analysis.name)” is deleted, with its results and interpretations.",
      redirect: context.href(.analyses()),
      render: { try await render(req, context, visible: visible, error: $0) },
      edit: {
        guard try req.content.decode(Form.self).confirm == "yes" else {
          throw Abort(
            .unprocessableEntity, reason: "confirm: tick the box to delete the analysis; nothing was deleted.")
        }
        try await AnalysisDeletion.delete(analysis, study: context.study, by: context.userID, on: req.db)
      })
  }

  /// Carries one factor's interpretation from the analysis this one was made from, for a match the
  /// carry left to the researcher (weaker than the threshold, or not one-to-one).
  func carry(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let visible = try await context.grant.analysis(req.parameters.get("id", as: UUID.self), for: .change, on: req.db)
    let analysis = visible.analysis
    struct Form: Content {
      var from: Int?
      var to: Int?
    }
    return try await performEdit(
      req, success: "The interpretation is carried over.",
      redirect: context.href(.analyses(.show(.value(try analysis.requireID())))),
      render: { try await render(req, context, visible: visible, error: $0) },
      edit: {
        let form = try req.content.decode(Form.self)
        guard let from = form.from, let to = form.to else {
          throw Abort(.unprocessableEntity, reason: "from: choose the factors to carry from and to.")
        }
        try await InterpretationCarrying.carryOne(
          from: from, to: to, into: analysis, study: context.study, by: context.userID, on: req.db)
      })
  }

  // MARK: - Two analyses compared

  /// `…/compare?with=<id>`: which sorts changed flags and how the factors correspond.
  func compare(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let visible = try await Self.analysis(req, context)
    let first = visible.analysis
    guard let otherID = req.query[UUID.self, at: "with"] else {
      throw Abort(.notFound, reason: "Choose another analysis of this study to compare with.")
    }
    let other = try await context.grant.analysis(otherID, for: .read, on: req.db)
    let second = other.analysis
    let comparison = try await AnalysisComparison.visible(visible, other, fields: ("id", "with"), on: req.db)
    let label: ([String]) -> String = { $0.isEmpty ? "none" : $0.map { "F\($0)" }.joined(separator: ", ") }
    func link(_ analysis: Analysis) throws -> Link {
      Link(label: analysis.name, href: context.href(.analyses(.show(.value(try analysis.requireID())))))
    }
    let content = AnalysisComparePage.Model(
      list: context.href(.analyses()), first: try link(first), second: try link(second),
      changes: comparison.flagChanges.map {
        AnalysisComparePage.Change(sort: $0.sort, before: label($0.before), after: label($0.after))
      },
      onlyInFirst: comparison.onlyInFirst.joined(separator: ", "),
      onlyInSecond: comparison.onlyInSecond.joined(separator: ", "),
      secondFactors: comparison.secondFactors.map { "F\($0)" },
      rows: comparison.firstFactors.indices.map { a in
        let match = comparison.matches[a]
        return AnalysisComparePage.CorrelationRow(
          factor: "F\(comparison.firstFactors[a])",
          cells: comparison.arrayCorrelations[a].enumerated().map { b, r in
            AnalysisComparePage.Cell(
              value: r.map { ReportFormat.fixed($0, 2) } ?? "–",
              best: match.bestMatch == comparison.secondFactors[b])
          },
          match: match.bestMatch.map { "F\($0) (r = \(ReportFormat.fixed(match.correlation ?? 0, 2)))" } ?? "none")
      },
      withdrawal: [visible, other].filter(\.analysis.needsRerun).map {
        "“\($0.analysis.name)”: " + ReportInput.withdrawalNotice($0.view == .full ? $0.analysis.withdrawnSortIDs : [])
      }.joined(separator: " "))
    return try await req.renderStudyPage(
      AnalysisComparePage.template, context, section: .analyses, title: "\(first.name) compared", content)
  }

  /// The analysis named by `:id` in the study of `context`, as the member may read it, or 404.
  static func analysis(_ req: Request, _ context: StudyContext) async throws -> StudyAccess.VisibleAnalysis {
    try await context.grant.analysis(req.parameters.get("id", as: UUID.self), for: .read, on: req.db)
  }
}

/// An analysis's state in words, and dates as the pages print them.
enum AnalysisState {
  static func text(_ analysis: Analysis) -> String {
    switch analysis.status {
    case .queued: "Queued"
    case .running: "Running: \(analysis.stage ?? "starting")"
    case .done: "Done"
    case .failed: "Failed: \(analysis.failure ?? "no reason was recorded")"
    }
  }

  static func date(_ date: Date?) -> String {
    guard let date else { return "" }
    return date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false))
      .replacingOccurrences(of: "T", with: " ").prefix(16) + " UTC"
  }
}
