import Vapor

/// The study's dashboard: who is where, per site and overall; the report's Table 9 (sort times)
/// and Table 10 (who completed); the drop-off funnel (``MonitorPage``). The page refreshes its
/// figures in place.
struct MonitorController: RouteCollection {
  func boot(routes: any RoutesBuilder) throws {
    BuilderRoutes(routes).page(.monitor, use: show)
  }

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let model = try await MonitorPage.query(study: context.study, siteIDs: context.grant.siteIDs, on: req.db)
    return try await req.renderStudyPage(MonitorPage.template, context, section: .monitor, model)
  }
}
