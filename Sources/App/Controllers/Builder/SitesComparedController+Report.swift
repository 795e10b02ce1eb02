import Fluent
import POETQKit
import QMethod
import Vapor

extension SitesComparedController {
  /// A site's feedback report, HTML (inline, prints to A4) or DOCX.
  static func report(req: Request, docx: Bool) async throws -> Response {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    guard let siteID = req.parameters.get("site", as: UUID.self), context.grant.sees(site: siteID),
      let site = try await Site.query(on: req.db).filter(\.$id == siteID).filter(\.$study.$id == context.studyID)
        .first()
    else { throw Abort(.notFound, reason: "There is no such site in this study.") }
    let query = (try? req.query.decode(Query.self)) ?? Query()
    let candidates = try await ComparePage.candidates(context, on: req.db)
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
