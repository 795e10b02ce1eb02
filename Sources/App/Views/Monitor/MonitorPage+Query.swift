import Fluent
import Foundation
import POETQKit

extension MonitorPage {
  /// The figures of `study` over the sites of `siteIDs` (`nil`: every site).
  static func query(study: Study, siteIDs: Set<UUID>?, on db: any Database) async throws -> Model {
    let design = try await StudyDesign.load(study, on: db)
    let monitor = try await MonitorData.load(study, design: design, sites: siteIDs, on: db)
    let stages = try FlowDesign(study: study, design: design).stages
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
    let inUse = monitor.languages.filter { $0.invited > 0 }
    let offered = try await offeredLanguageCount(study, design: design, on: db)
    return Model(
      rows: monitor.sites.map(row),
      languageRows: inUse.count > 1 || offered > 1 ? monitor.languages.map(row) : [],
      total: row(monitor.overall), stages: stages.map { stageNames[$0] ?? $0.rawValue },
      funnel: monitor.overall.funnel(stages: stages).map { step in
        FunnelStep(
          step: funnelNames[step.step] ?? "Reached "
            + (FlowStage(rawValue: step.step).flatMap { stageNames[$0] } ?? step.step).lowercased(),
          count: step.count, percent: Int((Double(step.count) * 100 / Double(invited)).rounded()))
      },
      profileTitle: MonitorData.profileKeys(design).joined(separator: " and "),
      openAccessNotice: study.openAccess ? try await OpenAccessBudget.notice(slug: study.slug, on: db) : nil)
  }

  /// How many languages the study is offered in: its own and each complete translation.
  static func offeredLanguageCount(_ study: Study, design: StudyTemplate, on db: any Database) async throws -> Int {
    let texts = try await TranslatableTexts.load(study, design: design, on: db)
    let translations = try await StudyTranslations.load(studyID: try study.requireID(), on: db)
    return translations.offered(source: StudyLanguage(tag: study.language) ?? .en, texts: texts).count
  }
}
