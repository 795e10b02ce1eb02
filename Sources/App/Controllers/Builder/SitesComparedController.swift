import Fluent
import POETQKit
import QMethod
import Vapor

/// The "Sites compared" page (section 3.5 and chapter 4 of the POETQ report): choose the aggregate
/// analysis of every site's sorts, read its prevalence by site (Table 11), by a questionnaire answer
/// (Table 14) and each viewpoint's site make-up; run one local analysis per site; then the
/// second-order comparison (Tables 15–19), the second-order factor analysis, Tucker's congruence and
/// the summaries (Tables 20–21); the partnership ratings; and each site's feedback report
/// (`SitesComparedController+Report.swift`). The page's blocks are built in `Views/Compare/`.
///
/// A member limited to some sites sees only their sites' rows, runs only their sites' local
/// analyses and downloads only their sites' reports; totals and the second-order factor analysis
/// (made of every site's arrays) are left out for them.
struct SitesComparedController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    let area = BuilderRoutes(routes)
    area.page(.compare(), use: show)
    area.form(.compare(.aggregate), use: runAggregate)
    area.form(.compare(.local), use: runLocal)
    area.form(.compare(.smallestGroup), use: saveSmallestGroup)
    area.page(.compare(.reportHTML(site: .key))) { try await Self.report(req: $0, docx: false) }
    area.page(.compare(.reportDOCX(site: .key))) { try await Self.report(req: $0, docx: true) }
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
    var options = ComparePage.Options(aggregateID: query.aggregate, question: query.question)
    if let text = query.threshold, !text.isEmpty {
      if let value = Double(text.replacingOccurrences(of: ",", with: ".")), (0.05...0.99).contains(value) {
        options.threshold = value
      } else {
        error = error ?? "threshold: give a number from 0.05 to 0.99, not “\(text)”; 0.50 is used."
      }
    }
    let model = try await ComparePage.query(context, options: options, on: req.db)
    return try await req.renderStudyPage(ComparePage.template, context, section: .compare, model, error: error)
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
      redirect: context.href(.compare()),
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
    let candidates = try await ComparePage.candidates(context, on: req.db)
    guard let chosen = candidates.first(where: { $0.analysis.id?.uuidString == aggregateID }) else {
      throw Abort(.notFound, reason: "There is no such aggregate analysis of this study.")
    }
    let redirect = StudyRoute.compare().href(slug: context.study.slug, query: [("aggregate", aggregateID)])
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
      redirect: context.href(.compare()) + "#reports", render: { try await render(req, context, error: $0) },
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
}
