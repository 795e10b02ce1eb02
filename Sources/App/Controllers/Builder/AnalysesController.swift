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
    let area = BuilderRoutes(routes, "studies", ":slug", "analyses")
    area.pages.get(use: index)
    area.pages.get("new", use: new)
    area.forms.post(use: create)
    area.pages.get(":id", use: show)
    area.pages.get(":id", "status", use: status)
    area.pages.get(":id", "config.json", use: config)
    area.pages.get(":id", "compare", use: compare)
    area.forms.post(":id", "rerun", use: rerun)
    area.forms.post(":id", "delete", use: delete)
    area.forms.post(":id", "carry", use: carry)
  }

  // MARK: - The list

  struct ListContent: Encodable {
    var analyses: [AnalysisRow]
    var completed: Int
    /// Whether superseded analyses are left out of the list, and how many are.
    var hidingSuperseded: Bool
    var superseded: Int
  }

  struct AnalysisRow: Encodable {
    var name: String
    var href: String
    var state: String
    var stateClass: String
    var sorts: String
    var factors: String
    var createdBy: String
    var createdAt: String
    var needsRerun: Bool
    var withdrawn: String
    /// The later analysis made from this one ("re-run as …"), or empty.
    var supersededBy: String
  }

  func index(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let scope = try await context.grant.sortScope(on: req.db)
    let all = try await Analysis.query(on: req.db).filter(\.$study.$id == context.studyID)
      .sort(\.$createdAt, .descending).all().filter { scope.view(of: $0) != .hidden }
    let successors = Self.successors(all)
    let hiding = req.query[String.self, at: "superseded"] == "hide"
    let analyses = hiding ? all.filter { $0.id.flatMap { successors[$0] } == nil } : all
    let people = try await Self.names(of: analyses, on: req.db)
    let completed = try await StudySorts.count(context.study, sites: context.grant.siteIDs, on: req.db)
    let rows = analyses.map { analysis in
      let parameters = try? AnalysisParameters.decode(analysis.parameters)
      return AnalysisRow(
        name: analysis.name, href: "\(context.path)/analyses/\(analysis.id?.uuidString ?? "")",
        state: AnalysisState.text(analysis), stateClass: analysis.status.rawValue,
        sorts: analysis.usedSortIDs.map { "\($0.count)" } ?? "",
        factors: parameters?.options.factors.map(String.init) ?? "",
        createdBy: analysis.$createdBy.id.flatMap { people[$0] } ?? "",
        createdAt: AnalysisState.date(analysis.createdAt), needsRerun: analysis.needsRerun,
        withdrawn: analysis.withdrawnSortIDs.filter(scope.sees).joined(separator: ", "),
        supersededBy: analysis.id.flatMap { successors[$0] }?.name ?? "")
    }
    return try await req.renderStudyPage(
      "builder/analyses", context, section: .analyses,
      ListContent(analyses: rows, completed: completed, hidingSuperseded: hiding, superseded: successors.count))
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
    let form = AnalysisForm(export: export, questions: design.questions, fields: fields)
    return try await req.renderStudyPage(
      "builder/analysis-new", context, section: .analyses, title: "Run an analysis", form, error: error)
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
      return req.redirect(to: "\(context.path)/analyses/\(try analysis.requireID())")
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      let response = try await renderForm(
        req, context, fields: fields, error: AnalysisForm.formMessage(error.reason)
      ).encodeResponse(for: req)
      response.status = error.status
      return response
    }
  }

  // MARK: - One analysis

  struct ShowContent: Encodable {
    var id: String
    var name: String
    var status: String
    var state: String
    var finished: Bool
    var failure: String
    var sorts: String
    var createdBy: String
    var createdAt: String
    var needsRerun: Bool
    var withdrawn: String
    var results: String
    var factors: [FactorLink]
    var downloads: [Link]
    var others: [Link]
    var base: String
    var adjustable: Bool
    /// Whether the member may adjust or re-run it: a researcher who sees all of it.
    var canChange: Bool
    /// The compare page with the analysis this one re-runs, after a re-run.
    var previous: String
    /// "Computed before participant D65 withdrew; re-run to remove their sort.", or empty.
    var withdrawal: String
    /// The interpretations carried from the analysis this one was made from.
    var carried: CarriedContent?
    var hasCarried: Bool
  }

  struct FactorLink: Encodable {
    var label: String
    var name: String
    var href: String
  }

  struct Link: Encodable {
    var label: String
    var href: String
  }

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try await render(req, context, visible: try await Self.analysis(req, context))
  }

  func render(
    _ req: Request, _ context: StudyContext, visible: StudyAccess.VisibleAnalysis, error: String? = nil
  ) async throws -> View {
    var analysis = visible.analysis
    let id = try analysis.requireID()
    let base = "\(context.path)/analyses/\(id)"
    var results = ""
    var factors: [FactorLink] = []
    var downloads: [Link] = []
    if analysis.status == .done {
      let report: AnalysisReport
      // The scree's parallel-analysis line when the runner has stored it (never computed here; a
      // large analysis's is queued, and the page says it is computing).
      let runner = req.application.analysisRunner
      (analysis, report) = try await AnalysisReport.load(
        id, context, on: req.db, storedParallel: runner.parallelSimulations, queueLarge: runner, withSorts: false)
      results = HTMLReport.results(
        report.input, parallelThresholds: report.input.parallelAnalysis?.thresholds,
        sorts: visible.view == .full ? try await Self.sortLinks(report.input.result.sorts, context, on: req.db) : [:])
      factors = report.result.factorLabels.enumerated().map { index, label in
        FactorLink(
          label: label, name: report.input.interpretations[index + 1]?.name ?? "", href: "\(base)/factors/\(index + 1)")
      }
      downloads = AnalysisDownload.allCases.map { Link(label: $0.label, href: "\(base)/\($0.rawValue)") }
      downloads.append(
        Link(label: "Options file (replays this analysis in poetq analyze)", href: "\(base)/config.json"))
    }
    let others = try await Analysis.query(on: req.db).filter(\.$study.$id == context.studyID)
      .filter(\.$status == .done).filter(\.$id != id).sort(\.$createdAt, .descending).all()
      .filter { visible.scope.view(of: $0) != .hidden }
    let people = try await Self.names(of: [analysis], on: req.db)
    let carried = try await CarriedContent.load(analysis, context, base: base, on: req.db)
    let content = ShowContent(
      id: id.uuidString, name: analysis.name, status: analysis.status.rawValue, state: AnalysisState.text(analysis),
      finished: analysis.status == .done || analysis.status == .failed, failure: analysis.failure ?? "",
      sorts: analysis.usedSortIDs.map { "\($0.count)" } ?? "",
      createdBy: analysis.$createdBy.id.flatMap { people[$0] } ?? "",
      createdAt: AnalysisState.date(analysis.createdAt), needsRerun: analysis.needsRerun,
      withdrawn: visible.withdrawnSorts.joined(separator: ", "), results: results, factors: factors,
      downloads: downloads,
      others: others.map { Link(label: $0.name, href: $0.id?.uuidString ?? "") }, base: base,
      adjustable: analysis.status == .done && !factors.isEmpty,
      canChange: context.role >= .researcher && visible.view == .full,
      previous: req.query[UUID.self, at: "previous"].map { "\(base)/compare?with=\($0)" } ?? "",
      withdrawal: analysis.needsRerun
        ? ReportInput.withdrawalNotice(visible.view == .full ? analysis.withdrawnSortIDs : []) : "",
      carried: carried, hasCarried: carried != nil)
    return try await req.renderStudyPage(
      "builder/analysis", context, section: .analyses, title: analysis.name, content, error: error)
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
      let href = participant.status == .completed ? "\(context.path)/participants/\(id)" : ""
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
      to: "\(context.path)/analyses/\(try analysis.requireID())?previous=\(try original.requireID())")
  }

  /// Deletes the analysis with its results and interpretations, once the box is ticked.
  func delete(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let visible = try await context.grant.analysis(req.parameters.get("id", as: UUID.self), for: .change, on: req.db)
    let analysis = visible.analysis
    struct Form: Content { var confirm: String? }
    return try await performEdit(
      req, success: "“\(analysis.name)” is deleted, with its results and interpretations.",
      redirect: "\(context.path)/analyses",
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
    let base = "\(context.path)/analyses/\(try analysis.requireID())"
    return try await performEdit(
      req, success: "The interpretation is carried over.", redirect: base,
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

  struct CompareContent: Encodable {
    var first: Link
    var second: Link
    var changes: [Change]
    var onlyInFirst: String
    var onlyInSecond: String
    var secondFactors: [String]
    var rows: [CorrelationRow]
    var withdrawal: String
  }

  struct Change: Encodable {
    var sort: String
    var before: String
    var after: String
  }

  struct CorrelationRow: Encodable {
    var factor: String
    var cells: [Cell]
    var match: String
  }

  struct Cell: Encodable {
    var value: String
    var best: Bool
  }

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
    let content = CompareContent(
      first: Link(label: first.name, href: "\(context.path)/analyses/\(try first.requireID())"),
      second: Link(label: second.name, href: "\(context.path)/analyses/\(otherID)"),
      changes: comparison.flagChanges.map { Change(sort: $0.sort, before: label($0.before), after: label($0.after)) },
      onlyInFirst: comparison.onlyInFirst.joined(separator: ", "),
      onlyInSecond: comparison.onlyInSecond.joined(separator: ", "),
      secondFactors: comparison.secondFactors.map { "F\($0)" },
      rows: comparison.firstFactors.indices.map { a in
        let match = comparison.matches[a]
        return CorrelationRow(
          factor: "F\(comparison.firstFactors[a])",
          cells: comparison.arrayCorrelations[a].enumerated().map { b, r in
            Cell(
              value: r.map { ReportFormat.fixed($0, 2) } ?? "–",
              best: match.bestMatch == comparison.secondFactors[b])
          },
          match: match.bestMatch.map { "F\($0) (r = \(ReportFormat.fixed(match.correlation ?? 0, 2)))" } ?? "none")
      },
      withdrawal: [visible, other].filter(\.analysis.needsRerun).map {
        "“\($0.analysis.name)”: " + ReportInput.withdrawalNotice($0.view == .full ? $0.analysis.withdrawnSortIDs : [])
      }.joined(separator: " "))
    return try await req.renderStudyPage(
      "builder/analysis-compare", context, section: .analyses, title: "\(first.name) compared", content)
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
