import Fluent
import POETQKit
import QMethod
import Vapor

/// The Analyses tab: the study's stored analyses with their state, the run form, an analysis's
/// results, its state as JSON for the page's script, a re-run after a withdrawal, the options file,
/// and two analyses compared. Viewers read; researchers run. Runs go to the ``AnalysisRunner``
/// (never on the request's event loop); the pages only store and read.
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
    let all = try await Analysis.query(on: req.db).filter(\.$study.$id == context.studyID)
      .sort(\.$createdAt, .descending).all()
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
        withdrawn: analysis.withdrawnSortIDs.joined(separator: ", "),
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
      var request = try AnalysisForm.request(fields, export: export)
      if !context.seesAllSites { request.sites = try Self.ownSites(request.sites, context) }
      // A member who sees every site read the sorts the run chooses from already.
      let analysis = try await AnalysisRuns.enqueue(
        request, study: context.study, export: context.seesAllSites ? export : nil, by: context.userID, on: req.db)
      await req.application.analysisRunner.wakeAndWait(for: try analysis.requireID())
      return req.redirect(to: "\(context.path)/analyses/\(try analysis.requireID())")
    } catch let error as any AbortError where error.status == .unprocessableEntity {
      let response = try await renderForm(req, context, fields: fields, error: error.reason).encodeResponse(for: req)
      response.status = error.status
      return response
    }
  }

  /// A member limited to some sites analyses those sites only.
  static func ownSites(_ chosen: [String]?, _ context: StudyContext) throws -> [String] {
    let chosen = chosen ?? context.siteNames
    for site in chosen where !context.siteNames.contains(site) {
      throw AnalysisSelection.invalid("sites", "you work with \(context.siteNames.joined(separator: ", ")) only")
    }
    return chosen
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
    return try await render(req, context, analysis: try await Self.analysis(req, context))
  }

  func render(_ req: Request, _ context: StudyContext, analysis found: Analysis, error: String? = nil) async throws
    -> View
  {
    var analysis = found
    let id = try analysis.requireID()
    let base = "\(context.path)/analyses/\(id)"
    var results = ""
    var factors: [FactorLink] = []
    var downloads: [Link] = []
    if analysis.status == .done {
      let report: AnalysisReport
      (analysis, report) = try await AnalysisReport.load(id, context, on: req.db, withSorts: false)
      // The scree's parallel-analysis line when the runner has stored it (never computed here).
      let parallel = try await ParallelAnalysisCache.cached(
        for: report.result, simulations: req.application.analysisRunner.parallelSimulations, on: req.db)
      results = HTMLReport.results(
        report.input, parallelThresholds: parallel?.thresholds,
        sorts: try await Self.sortLinks(report.result.sorts, context, on: req.db))
      factors = report.result.factorLabels.enumerated().map { index, label in
        FactorLink(
          label: label, name: report.input.interpretations[index + 1]?.name ?? "", href: "\(base)/factors/\(index + 1)")
      }
      downloads = AnalysisDownload.allCases.map { Link(label: $0.label, href: "\(base)/\($0.rawValue)") }
      downloads.append(Link(label: "Options file (poetq analyze --config)", href: "\(base)/config.json"))
    }
    let others = try await Analysis.query(on: req.db).filter(\.$study.$id == context.studyID)
      .filter(\.$status == .done).filter(\.$id != id).sort(\.$createdAt, .descending).all()
    let people = try await Self.names(of: [analysis], on: req.db)
    let carried = try await CarriedContent.load(analysis, context, base: base, on: req.db)
    let content = ShowContent(
      id: id.uuidString, name: analysis.name, status: analysis.status.rawValue, state: AnalysisState.text(analysis),
      finished: analysis.status == .done || analysis.status == .failed, failure: analysis.failure ?? "",
      sorts: analysis.usedSortIDs.map { "\($0.count)" } ?? "",
      createdBy: analysis.$createdBy.id.flatMap { people[$0] } ?? "",
      createdAt: AnalysisState.date(analysis.createdAt), needsRerun: analysis.needsRerun,
      withdrawn: analysis.withdrawnSortIDs.joined(separator: ", "), results: results, factors: factors,
      downloads: downloads,
      others: others.map { Link(label: $0.name, href: $0.id?.uuidString ?? "") }, base: base,
      adjustable: analysis.status == .done && !factors.isEmpty,
      previous: req.query[UUID.self, at: "previous"].map { "\(base)/compare?with=\($0)" } ?? "",
      withdrawal: analysis.needsRerun ? ReportInput.withdrawalNotice(analysis.withdrawnSortIDs) : "",
      carried: carried, hasCarried: carried != nil)
    return try await req.renderStudyPage(
      "builder/analysis", context, section: .analyses, title: analysis.name, content, error: error)
  }

  /// Each sort id the member may see with its participant's page and site (the loadings table links
  /// them); a sort of a site the member does not see, or withdrawn, stays plain.
  static func sortLinks(_ sortIDs: [String], _ context: StudyContext, on db: any Database) async throws
    -> [String: HTMLReport.SortLink]
  {
    let wanted = Set(sortIDs)
    let participants = try await Participant.query(on: db).filter(\.$study.$id == context.studyID)
      .filter(\.$status == .completed).filter(\.$sortID != nil).with(\.$site).all()
    var links: [String: HTMLReport.SortLink] = [:]
    for participant in participants {
      guard let sortID = participant.sortID, wanted.contains(sortID), context.grant.sees(site: participant.$site.id),
        let id = participant.id
      else { continue }
      links[sortID] = HTMLReport.SortLink(href: "\(context.path)/participants/\(id)", site: participant.site.name)
    }
    return links
  }

  /// `…/status`: the run's state for the page's script, which reloads the page when it changes.
  func status(req: Request) async throws -> AnalysisSummaryDTO {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try AnalysisSummaryDTO(try await Self.analysis(req, context))
  }

  /// `…/config.json`: the options file `poetq analyze --config` replays.
  func config(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let analysis = try await Self.analysis(req, context)
    let options = try AnalysisParameters.decode(analysis.parameters).options
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    var headers = HTTPHeaders()
    headers.contentType = .json
    headers.contentDisposition = .init(.attachment, filename: "\(context.study.slug)-analysis-config.json")
    return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(options)))
  }

  /// Queues the same settings on the sorts the selection holds now, and shows the new run.
  func rerun(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let original = try await Self.analysis(req, context)
    let analysis = try await AnalysisRuns.rerun(original, study: context.study, by: context.userID, on: req.db)
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
    let analysis = try await Self.analysis(req, context)
    struct Form: Content { var confirm: String? }
    return try await performEdit(
      req, success: "“\(analysis.name)” is deleted, with its results and interpretations.",
      redirect: "\(context.path)/analyses",
      render: { try await render(req, context, analysis: analysis, error: $0) },
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
    let analysis = try await Self.analysis(req, context)
    struct Form: Content {
      var from: Int?
      var to: Int?
    }
    let base = "\(context.path)/analyses/\(try analysis.requireID())"
    return try await performEdit(
      req, success: "The interpretation is carried over.", redirect: base,
      render: { try await render(req, context, analysis: analysis, error: $0) },
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
    let first = try await Self.analysis(req, context)
    guard let otherID = req.query[UUID.self, at: "with"],
      let second = try await Analysis.query(on: req.db).filter(\.$study.$id == context.studyID)
        .filter(\.$id == otherID).first()
    else { throw Abort(.notFound, reason: "Choose another analysis of this study to compare with.") }
    let comparison = AnalysisComparison(
      try await StoredResults.required(first, field: "id", on: req.db),
      try await StoredResults.required(second, field: "with", on: req.db))
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
      withdrawal: [first, second].filter(\.needsRerun).map {
        "“\($0.name)”: " + ReportInput.withdrawalNotice($0.withdrawnSortIDs)
      }.joined(separator: " "))
    return try await req.renderStudyPage(
      "builder/analysis-compare", context, section: .analyses, title: "\(first.name) compared", content)
  }

  /// The analysis named by `:id` in the study of `context`, or 404.
  static func analysis(_ req: Request, _ context: StudyContext) async throws -> Analysis {
    let query = Analysis.query(on: req.db).filter(\.$study.$id == context.studyID)
    guard let id = req.parameters.get("id", as: UUID.self), let analysis = try await query.filter(\.$id == id).first()
    else { throw Abort(.notFound, reason: "There is no such analysis of this study.") }
    return analysis
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
