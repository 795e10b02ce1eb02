import Fluent
import POETQKit
import Vapor

/// The study's dashboard: who is where, per site and overall; the report's Table 9 (sort times)
/// and Table 10 (who completed); the drop-off funnel. The page refreshes its figures in place.
struct MonitorController: RouteCollection {
  struct PageContent: Encodable {
    var rows: [Row]
    var total: Row
    var stages: [String]
    var funnel: [FunnelStep]
    var profileTitle: String
    /// Said when the open-access link refused people this hour (its budget was used up).
    var openAccessNotice: String?
  }

  struct Row: Encodable {
    var name: String
    var invited: Int
    var opened: Int
    var consented: Int
    var declined: Int
    var inProgress: Int
    var completed: Int
    var withdrawn: Int
    var responseRate: String
    var byStage: [Int]
    var sortRange: String
    var sortMean: String
    var sortTotal: String
    var profiles: [String]
  }

  struct FunnelStep: Encodable {
    var step: String
    var count: Int
    var percent: Int
  }

  static let stageNames: [FlowStage: String] = [
    .questionsBefore: "Questions before", .presort: "Presort", .ranking: "Ranking", .placing: "Placing",
    .review: "Review", .comments: "Comments", .questionsAfter: "Questions after", .submitted: "Submitted",
  ]

  func boot(routes: any RoutesBuilder) throws {
    BuilderRoutes(routes, "studies", ":slug", "monitor").pages.get(use: show)
  }

  func show(req: Request) async throws -> View {
    let context = try await StudyContext.load(req, atLeast: .viewer)
    let design = try await StudyDesign.load(context.study, on: req.db)
    let monitor = try await MonitorData.load(context.study, design: design, sites: context.grant.siteIDs, on: req.db)
    let stages = try FlowDesign(study: context.study, design: design).stages
    func row(_ figures: StudyMonitor.Figures) -> Row {
      Row(
        name: figures.name, invited: figures.invited, opened: figures.opened, consented: figures.consented,
        declined: figures.declined,
        inProgress: figures.inProgress, completed: figures.completed, withdrawn: figures.withdrawn,
        responseRate: figures.responseRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "–",
        byStage: stages.map { figures.inProgressByStage[$0, default: 0] }, sortRange: figures.sortTimes.rangeText,
        sortMean: figures.sortTimes.meanText, sortTotal: figures.sortTimes.totalText,
        profiles: figures.profiles.map { $0.count > 1 ? "\($0.profile) ×\($0.count)" : $0.profile })
    }
    let invited = max(monitor.overall.invited, 1)
    let funnelNames = [
      "invited": "Invited", "opened": "Opened the link", "consented": "Consented", "completed": "Completed",
    ]
    let content = PageContent(
      rows: monitor.sites.map(row),
      total: row(monitor.overall), stages: stages.map { Self.stageNames[$0] ?? $0.rawValue },
      funnel: monitor.overall.funnel(stages: stages).map { step in
        FunnelStep(
          step: funnelNames[step.step] ?? "Reached "
            + (FlowStage(rawValue: step.step).flatMap { Self.stageNames[$0] } ?? step.step).lowercased(),
          count: step.count, percent: Int((Double(step.count) * 100 / Double(invited)).rounded()))
      },
      profileTitle: MonitorData.profileKeys(design).joined(separator: " and "),
      openAccessNotice: context.study.openAccess
        ? try await OpenAccessBudget.notice(slug: context.study.slug, on: req.db) : nil)
    return try await req.renderStudyPage("builder/monitor", context, section: .monitor, content)
  }
}
