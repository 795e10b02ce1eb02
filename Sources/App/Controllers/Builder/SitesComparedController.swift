import Fluent
import POETQKit
import QMethod
import Vapor

/// The "Sites compared" page (section 3.5 and chapter 4 of the POETQ report): choose the aggregate
/// analysis of every site's sorts, read its prevalence by site (Table 11), by a questionnaire answer
/// (Table 14) and each viewpoint's site make-up; run one local analysis per site; then the
/// second-order comparison (Tables 15–19), the second-order factor analysis, Tucker's congruence and
/// the summaries (Tables 20–21); the partnership ratings; and each site's feedback report.
///
/// A member limited to some sites sees only their sites' rows, runs only their sites' local
/// analyses and downloads only their sites' reports; totals and the second-order factor analysis
/// (made of every site's arrays) are left out for them.
struct SitesComparedController: RouteCollection {
  struct PageContent: Encodable {
    var aggregates: [Choice]
    var aggregate: AggregateInfo?
    var questions: [Choice]
    var question: String
    var threshold: String
    var canRunAggregate: Bool
    var canRunLocal: Bool
    var limited: Bool
    var locals: [LocalRow]
    var localsWaiting: Bool
    var localsMissing: Bool
    var problem: String?
    var viewpoints: [Block]
    var secondOrder: [Block]
    var ratings: [Block]
    var reports: [ReportLink]
    var extractions: [Choice]
    /// Aggregate analyses still running ("All sites (aggregate): queued").
    var pending: [String]
    /// The study's smallest group reported in site reports and per-site prevalence.
    var smallestGroup: Int
    var canEdit: Bool
  }

  struct Choice: Encodable {
    var value: String
    var label: String
    var selected: Bool
  }

  struct AggregateInfo: Encodable {
    var id: String
    var name: String
    var href: String
    var summary: String
  }

  struct LocalRow: Encodable {
    var site: String
    var field: String
    var fieldID: String
    var sorts: Int
    var state: String
    var href: String?
    var factors: String
  }

  /// A part of the page: a heading, paragraphs, tables, a figure and a list.
  struct Block: Encodable {
    var id: String
    var title: String
    var intro: [String]
    var figure: String?
    var tables: [ComparedTable]
    var items: [String]
  }

  struct ReportLink: Encodable {
    var site: String
    var html: String
    var docx: String
  }

  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes, "studies", ":slug", "compare")
    area.pages.get(use: show)
    area.forms.post("aggregate", use: runAggregate)
    area.forms.post("local", use: runLocal)
    area.forms.post("smallest-group", use: saveSmallestGroup)
    area.pages.get("sites", ":site", "report.html") { try await Self.report(req: $0, docx: false) }
    area.pages.get("sites", ":site", "report.docx") { try await Self.report(req: $0, docx: true) }
  }

  /// The page's query: `aggregate` (an analysis id), `question` (a question key), `threshold`.
  struct Query: Decodable {
    var aggregate: String?
    var question: String?
    var threshold: String?
  }

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    return try await render(req, context)
  }

  func render(_ req: Request, _ context: StudyContext, error: String? = nil) async throws -> View {
    let query = (try? req.query.decode(Query.self)) ?? Query()
    var error = error
    var threshold = 0.5
    if let text = query.threshold, !text.isEmpty {
      if let value = Double(text.replacingOccurrences(of: ",", with: ".")), (0.05...0.99).contains(value) {
        threshold = value
      } else {
        error = error ?? "threshold: give a number from 0.05 to 0.99, not “\(text)”; 0.50 is used."
      }
    }
    let design = try await StudyDesign.load(context.study, on: req.db)
    let choosable = design.questions.filter { [.singleChoice, .shortText, .multipleChoice].contains($0.kind) }
    let question =
      choosable.first { $0.key == query.question }?.key ?? choosable.first { $0.key == "role" }?.key
      ?? choosable.first?.key ?? ""
    let candidates = try await Self.candidates(context, on: req.db)
    let chosen = candidates.first { $0.analysis.id?.uuidString == query.aggregate } ?? candidates.first
    let pending = try await SitesComparison.pending(studyID: context.studyID, on: req.db).map {
      "\($0.name): \($0.status.rawValue)"
    }
    var content = PageContent(
      aggregates: candidates.map {
        Choice(
          value: $0.analysis.id?.uuidString ?? "", label: $0.analysis.name,
          selected: $0.analysis.id == chosen?.analysis.id)
      }, aggregate: nil,
      questions: choosable.map { Choice(value: $0.key, label: $0.prompt, selected: $0.key == question) },
      question: question, threshold: ReportFormat.fixed(threshold, 2),
      canRunAggregate: context.role >= .researcher && context.seesAllSites, canRunLocal: context.role >= .researcher,
      limited: !context.seesAllSites, locals: [], localsWaiting: false, localsMissing: false, problem: nil,
      viewpoints: [], secondOrder: [], ratings: [], reports: [],
      extractions: [
        Choice(value: "centroid", label: "Centroid (PQMethod)", selected: true),
        Choice(value: "pca", label: "Principal components", selected: false),
      ],
      pending: pending, smallestGroup: context.study.smallestGroupReported,
      canEdit: context.role >= .researcher)
    if let chosen {
      let state = try await SitesComparison.load(
        chosen, study: context.study, question: question.isEmpty ? nil : question, threshold: threshold, on: req.db)
      try await fill(&content, state: state, context: context, design: design, question: question, req: req)
    }
    return try await req.renderStudyPage(
      "builder/compare", context, section: .compare, content, error: error)
  }

  func fill(
    _ content: inout PageContent, state: SitesComparison.State, context: StudyContext, design: StudyTemplate,
    question: String, req: Request
  ) async throws {
    let base = "\(context.path)/compare"
    let aggregateID = state.aggregate.id?.uuidString ?? ""
    let result = state.aggregateResult
    let visible = state.locals.filter { context.grant.sees(site: $0.siteID) }
    let sites = visible.map(\.site)
    let shared = try await InterpretationStore.all(analysisID: state.aggregate.requireID(), on: req.db)
      .mapValues(\.interpretation)
    let names = SitesComparedTables.aggregateNames(result, shared)
    content.aggregate = AggregateInfo(
      id: aggregateID, name: state.aggregate.name, href: "\(context.path)/analyses/\(aggregateID)",
      summary:
        "\(result.sorts.count) sorts at \(state.locals.count) sites, \(result.factorLabels.count) factors (\(result.options.extraction.rawValue), \(result.options.rotation.rawValue))"
    )
    content.problem = state.problem
    content.locals = visible.map { local in
      let status = local.latest.map { analysis -> String in
        switch analysis.status {
        case .queued: "queued"
        case .running: "running\(analysis.stage.map { " (\($0))" } ?? "")"
        case .failed: "failed: \(analysis.failure ?? "")"
        case .done:
          local.done?.id == analysis.id
            ? "done: \(local.result?.factorLabels.count ?? 0) factors" : "done, but not of these sorts: run again"
        }
      }
      let shown = local.done ?? local.latest
      let factors = (shown.flatMap { try? AnalysisParameters.decode($0.parameters) }?.options.factors).map(String.init)
      return LocalRow(
        site: local.site, field: "factors.\(local.siteID.uuidString)", fieldID: "factors-\(local.siteID.uuidString)",
        sorts: local.sortIDs.count, state: status ?? "not run",
        href: shown.flatMap { $0.id.map { "\(context.path)/analyses/\($0)" } }, factors: factors ?? "")
    }
    content.localsWaiting = visible.contains { $0.latest?.status == .queued || $0.latest?.status == .running }
    content.localsMissing = visible.contains { $0.result == nil }

    // Aggregate: prevalence, the chosen question, the site make-up of each viewpoint.
    let rowsBySite = Dictionary(
      grouping: result.sorts.indices.filter { state.groups.site[result.sorts[$0]] != nil },
      by: { state.groups.site[result.sorts[$0]]! })
    var prevalence: [String: SitePrevalence] = [:]
    for site in sites { prevalence[site] = SitePrevalence.compute(aggregate: result, rows: rowsBySite[site] ?? []) }
    var tables = [
      SitesComparedTables.prevalence(
        result, sites: sites, rows: prevalence, names: names, total: context.seesAllSites,
        smallestGroup: context.study.smallestGroupReported)
    ]
    if !question.isEmpty {
      let values = result.sorts.map { state.groups.values[$0]?[question] }
      var byFactor: [String: [[GroupCount]]] = [:]
      for site in sites {
        byFactor[site] = GroupCount.byFactor(aggregate: result, rows: rowsBySite[site] ?? [], values: values)
      }
      let prompt = design.questions.first { $0.key == question }?.prompt ?? question
      tables.append(SitesComparedTables.groups(byFactor, sites: sites, names: names, question: prompt))
    }
    let makeup = SiteFigures.makeup(sites: sites.map { ($0, prevalence[$0]!) }, names: names)
    content.viewpoints.append(
      Block(
        id: "aggregate", title: "The aggregate viewpoints at each site",
        intro: [
          "How many of each site’s sorts define each viewpoint of the aggregate analysis (the report’s Table 11), and who they are (Table 14)."
        ], figure: makeup.svg, tables: tables, items: []))

    // Second order, once every local analysis is done.
    if let c = state.comparison {
      var matrices: [ComparedTable] = []
      var withoutArray: [String: [String]] = [:]
      for local in state.locals { withoutArray[local.site] = local.result.map(SitesComparedTables.withoutArray) }
      for (index, site) in state.locals.map(\.site).enumerated() where sites.contains(site) {
        if let table = SitesComparedTables.correlations(
          c, site: site, number: 15 + index, names: names, withoutArray: withoutArray[site] ?? [])
        {
          matrices.append(table)
        }
      }
      // A local factor without an array is named, not dropped: it cannot match or enter the
      // second-order analysis.
      let unarrayed = sites.flatMap { site in
        (withoutArray[site] ?? []).map {
          "\(site): local factor \(SiteFigures.short(site))-F\($0) — \(SitesComparedTables.noArray), so it is left out of the matching and the second-order analysis."
        }
      }
      let localOnly = sites.flatMap { site in
        (c.secondOrder.localOnly[site] ?? []).map { "\(site): local factor \(SiteFigures.short(site))-F\($0)" }
      }
      let mirrors = sites.flatMap { site in
        (c.secondOrder.mirrors[site] ?? []).map {
          "\(site): \(SiteFigures.short(site))-F\($0.local) is the mirror image of F\($0.aggregate) (r = \(ReportFormat.fixed($0.r, 2)))"
        }
      }
      content.secondOrder.append(
        Block(
          id: "second-order", title: "Local viewpoints against the aggregate ones",
          intro: [
            "Each site’s local factor arrays correlated with the aggregate arrays (Tables 15–\(14 + state.locals.count)). A local viewpoint stands for the aggregate one it correlates with most at r ≥ \(ReportFormat.fixed(c.secondOrder.threshold, 2)), one to one."
          ], figure: nil, tables: matrices,
          items: (localOnly.isEmpty
            ? ["No local viewpoint is local only at these sites."] : localOnly.map { "Local only — \($0)" })
            + mirrors + unarrayed))
      let localNames = try await localInterpretations(state, sites: sites, on: req.db)
      content.secondOrder.append(
        Block(
          id: "summary", title: "Summary",
          intro: [], figure: nil,
          tables: [
            SitesComparedTables.summary(c, sites: sites, names: names),
            SitesComparedTables.viewpoints(c, sites: sites, shared: shared, local: localNames),
          ],
          items: context.seesAllSites && !c.aggregateOnly.isEmpty
            ? [
              "Found at no site locally, only in the aggregate: \(c.aggregateOnly.map { "F\($0)" }.joined(separator: ", "))."
            ]
            : []))
      var extra: [ComparedTable] = []
      var notes: [String] = []
      if context.seesAllSites, let second = c.secondOrderAnalysis {
        extra.append(SitesComparedTables.secondOrder(second))
      } else if context.seesAllSites {
        notes.append("No second-order factor analysis: fewer than two local factors have an array.")
      } else {
        notes.append(
          "The second-order factor analysis uses every site’s local arrays: it is shown to members who see every site.")
      }
      extra += sites.compactMap { SitesComparedTables.congruence(c, site: $0, names: names) }
      content.secondOrder.append(
        Block(
          id: "second-order-analysis", title: "Second views",
          intro: [
            "The local factor arrays factor-analysed as if they were sorts (a viewpoint found at several sites gathers their arrays on one second-order factor), and Tucker’s congruence of the local and aggregate loadings over each site’s sorts.",
            SitesComparedTables.readingPhi,
          ], figure: nil, tables: extra, items: notes + unarrayed))
      content.reports = visible.map { local in
        let suffix = "?aggregate=\(aggregateID)&threshold=\(ReportFormat.fixed(c.secondOrder.threshold, 2))"
        return ReportLink(
          site: local.site, html: "\(base)/sites/\(local.siteID)/report.html\(suffix)",
          docx: "\(base)/sites/\(local.siteID)/report.docx\(suffix)")
      }
    }

    // Partnership ratings of the sorts shown.
    let ratingQuestions = PartnershipRatings.ratingQuestions(design.questions)
    if !ratingQuestions.isEmpty {
      let ratings = PartnershipRatings(
        questions: ratingQuestions, sorts: state.export.sorts.filter { sites.contains($0.site) }, sites: sites)
      let prompt = Dictionary(ratingQuestions.map { ($0.key, $0.prompt) }) { first, _ in first }
      let groups = ratings.bySite + (sites.count > 1 ? [ratings.overall] : [])
      let areas = groups.flatMap { group -> [String] in
        var lines: [String] = []
        if !group.strongest.isEmpty {
          lines.append(
            "\(group.name) — to celebrate: \(group.strongest.compactMap { prompt[$0] }.joined(separator: "; "))")
        }
        if !group.weakest.isEmpty {
          lines.append("\(group.name) — to develop: \(group.weakest.compactMap { prompt[$0] }.joined(separator: "; "))")
        }
        return lines
      }
      content.ratings.append(
        Block(
          id: "ratings", title: "Partnership ratings",
          intro: [
            "How well the partners work together, as the questionnaire’s rating items put it, per site and for everyone shown."
          ],
          figure: SiteFigures.ratings(ratings).svg,
          tables: [SitesComparedTables.ratingMeans(ratings)]
            + groups.enumerated().map { SitesComparedTables.ratingDistribution($1, id: "ratings-\($0)") },
          items: areas))
    }
  }

  /// The aggregate analyses the member may choose: those they see (as a whole, when they are limited
  /// to some sites and it used other sites' sorts too).
  static func candidates(_ context: StudyContext, on db: any Database) async throws -> [SitesComparison.Candidate] {
    let scope = try await context.grant.sortScope(on: db)
    return try await SitesComparison.candidates(studyID: context.studyID, on: db)
      .filter { scope.view(of: $0.analysis) != .hidden }
  }

  /// The interpretations of each site's done local analysis, by site.
  func localInterpretations(_ state: SitesComparison.State, sites: [String], on db: any Database) async throws
    -> [String: [Int: FactorInterpretation]]
  {
    var names: [String: [Int: FactorInterpretation]] = [:]
    for local in state.locals where sites.contains(local.site) {
      guard let id = local.done?.id else { continue }
      names[local.site] = try await InterpretationStore.all(analysisID: id, on: db).mapValues(\.interpretation)
    }
    return names
  }

  /// Queues an aggregate analysis of every site's sorts (factors by the eigenvalue rule unless given).
  func runAggregate(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    guard context.seesAllSites else {
      throw Abort(.forbidden, reason: "An analysis of every site's sorts is run by a member who sees every site.")
    }
    let fields = FormBody.fields(of: req)
    func value(_ name: String) -> String {
      fields.first { $0.name == name }?.value.trimmingCharacters(in: .whitespaces) ?? ""
    }
    return try await performEdit(
      req, success: "The aggregate analysis is queued: it can be chosen here once its run is done.",
      redirect: "\(context.path)/compare",
      render: { try await render(req, context, error: $0) },
      edit: {
        let selection = AnalysisSelection()
        let data = try await AnalysisRuns.selectedData(context.grant, selection: selection, on: req.db).data
        var options = AnalysisOptions()
        options.extraction = value("extraction") == "pca" ? .pca : .centroid
        options.rotation = .varimax
        let factors = value("factors")
        if !factors.isEmpty {
          guard let count = Int(factors), (1...min(data.sortCount, 8)).contains(count) else {
            throw AnalysisSelection.invalid("factors", "keep 1 to \(min(data.sortCount, 8)) factors, not “\(factors)”")
          }
          options.factors = count
        }
        _ = try await AnalysisRuns.queued(
          name: "All sites (aggregate)", parameters: AnalysisParameters(options: options, selection: selection),
          data: data, study: context.study, by: context.userID, on: req.db)
        req.application.analysisRunner.wake()
      })
  }

  /// Queues one local analysis per site the member sees, for the chosen aggregate.
  func runLocal(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    let fields = FormBody.fields(of: req)
    let aggregateID = fields.first { $0.name == "aggregate" }?.value ?? ""
    let candidates = try await Self.candidates(context, on: req.db)
    guard let chosen = candidates.first(where: { $0.analysis.id?.uuidString == aggregateID }) else {
      throw Abort(.notFound, reason: "There is no such aggregate analysis of this study.")
    }
    let redirect = "\(context.path)/compare?aggregate=\(aggregateID)"
    return try await performEdit(
      req, success: "Local analyses queued; their state shows below.", redirect: redirect,
      render: { try await render(req, context, error: $0) },
      edit: {
        let state = try await SitesComparison.load(
          chosen, study: context.study, question: nil, threshold: 0.5, on: req.db)
        let visible = state.locals.filter { context.grant.sees(site: $0.siteID) }
        var factors: [String: Int] = [:]
        for local in visible {
          let text =
            fields.first { $0.name == "factors.\(local.siteID.uuidString)" }?.value
            .trimmingCharacters(in: .whitespaces) ?? ""
          guard !text.isEmpty else { continue }
          guard let count = Int(text) else {
            throw AnalysisSelection.invalid("factors.\(local.site)", "write a whole number of factors, not “\(text)”")
          }
          factors[local.site] = count
        }
        try await SitesComparison.queueLocal(
          state, sites: visible.map(\.site), factors: factors, study: context.study, by: context.userID, on: req.db)
        req.application.analysisRunner.wake()
      })
  }

  /// Saves the study's "smallest group reported" (1–50): site reports and per-site counts name no
  /// viewpoint held by fewer people at a site.
  func saveSmallestGroup(req: Request) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .researcher)
    struct Form: Content { var smallestGroup: String? }
    return try await performEdit(
      req, success: "Site reports now describe viewpoints held by at least that many people at a site.",
      redirect: "\(context.path)/compare#reports", render: { try await render(req, context, error: $0) },
      edit: {
        let text = try req.content.decode(Form.self).smallestGroup?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let value = Int(text), StudyEditor.smallestGroupRange.contains(value) else {
          throw Abort(
            .unprocessableEntity,
            reason: "Smallest group reported: give a whole number of people from 1 to 50, not “\(text)”.")
        }
        try await StudyEditor.setSmallestGroup(value, of: context.study, by: context.userID, on: req.db)
      })
  }

  /// A site's feedback report, HTML (inline, prints to A4) or DOCX.
  static func report(req: Request, docx: Bool) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    guard let siteID = req.parameters.get("site", as: UUID.self), context.grant.sees(site: siteID),
      let site = try await Site.query(on: req.db).filter(\.$id == siteID).filter(\.$study.$id == context.studyID)
        .first()
    else { throw Abort(.notFound, reason: "There is no such site in this study.") }
    let query = (try? req.query.decode(Query.self)) ?? Query()
    let candidates = try await Self.candidates(context, on: req.db)
    guard let chosen = candidates.first(where: { $0.analysis.id?.uuidString == query.aggregate }) ?? candidates.first
    else { throw Abort(.conflict, reason: "Run an aggregate analysis of every site first.") }
    let threshold = query.threshold.flatMap(Double.init).flatMap { (0.05...0.99).contains($0) ? $0 : nil } ?? 0.5
    let state = try await SitesComparison.load(
      chosen, study: context.study, question: nil, threshold: threshold, on: req.db)
    guard let comparison = state.comparison, let local = state.locals.first(where: { $0.siteID == siteID }) else {
      throw Abort(.conflict, reason: "Run the local analyses of every site first (Sites compared page).")
    }
    let design = try await StudyDesign.load(context.study, on: req.db)
    let shared = try await InterpretationStore.all(analysisID: state.aggregate.requireID(), on: req.db)
      .mapValues(\.interpretation)
    var localNames: [Int: FactorInterpretation] = [:]
    if let done = local.done {
      localNames = try await InterpretationStore.all(analysisID: done.requireID(), on: req.db)
        .mapValues(\.interpretation)
    }
    let seen = state.export.sorts.filter { context.grant.sees(site: nil) || context.siteNames.contains($0.site) }
    let ratingQuestions = PartnershipRatings.ratingQuestions(design.questions)
    let ratings =
      ratingQuestions.isEmpty
      ? nil : PartnershipRatings(questions: ratingQuestions, sorts: seen, sites: state.locals.map(\.site))
    let feedback = SiteFeedback.make(
      site: site.name, studyTitle: context.study.title, comparison: comparison, statements: design.statements,
      sorts: state.export.sorts.filter { $0.site == site.name }.map(SortMetadata.init), sharedNames: shared,
      localNames: localNames, ratings: ratings, smallestGroup: context.study.smallestGroupReported)
    try await AuditEvent(
      studyID: context.studyID, userID: context.userID, action: "sites.report",
      detail: "\(site.name) (\(docx ? "docx" : "html")) for \(state.aggregate.name)"
    ).save(on: req.db)
    let body = try await req.application.threadPool.runIfActive {
      try docx ? SiteFeedbackDOCX.data(feedback) : Data(SiteFeedbackHTML.render(feedback).utf8)
    }
    let file = "\(context.study.slug)-\(Slug.make(site.name, fallback: "site"))-feedback.\(docx ? "docx" : "html")"
    let response = Response.download(
      body, name: file,
      type: docx
        ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document" : "text/html; charset=utf-8",
      disposition: docx ? .attachment : .inline)
    if !docx { response.headers.replaceOrAdd(name: "Content-Security-Policy", value: AnalysisDownload.reportPolicy) }
    return response
  }
}
