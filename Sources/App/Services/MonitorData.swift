import Fluent
import Foundation
import POETQKit

/// The participants of a study as the monitoring sees them, read in two queries (participants with
/// their sites, then their responses), never one query per participant.
enum MonitorData {
  /// The question keys whose answers describe a completer in Table 10: role and organisation when
  /// the study asks them, else its first question before the sort.
  static func profileKeys(_ design: StudyTemplate) -> [String] {
    let before = design.questions(in: .before).map(\.key)
    let preferred = ["role", "organisation"].filter(before.contains)
    return preferred.isEmpty ? Array(before.prefix(1)) : preferred
  }

  /// A member limited to some sites (`sites`) sees only those sites' rows, and the overall row is theirs.
  static func load(_ study: Study, design: StudyTemplate, sites scope: Set<UUID>? = nil, on db: any Database)
    async throws -> StudyMonitor
  {
    let studyID = try study.requireID()
    let participants = try await Participant.query(on: db).filter(\.$study.$id == studyID)
      .filter(\.$isPreview == false).with(\.$site).all().filter { scope?.contains($0.$site.id) ?? true }
    let responses = try await SortResponse.query(on: db).join(
      Participant.self, on: \SortResponse.$participant.$id == \Participant.$id
    )
    .filter(Participant.self, \.$study.$id == studyID).filter(Participant.self, \.$isPreview == false).all()
    let byParticipant = Dictionary(responses.map { ($0.$participant.id, $0) }) { first, _ in first }
    let keys = profileKeys(design)
    let monitored = participants.map { participant -> MonitoredParticipant in
      let response = participant.id.flatMap { byParticipant[$0] }
      let times = response.flatMap {
        try? ResponseStore.value([String: Date].self, $0.stageTimestamps, field: "stage_timestamps")
      }
      let answers =
        response.flatMap { try? ResponseStore.value([String: [String]].self, $0.answers, field: "answers") } ?? [:]
      var sortTime: TimeInterval?
      if let start = times?[FlowStage.presort.rawValue], let end = times?[ParticipantFlow.gridConfirmedKey] {
        sortTime = end.timeIntervalSince(start)
      }
      return MonitoredParticipant(
        site: participant.site.name,
        language: languageName(StudySorts.language(of: participant.language, study: study.language)),
        progress: progress(participant.status),
        stage: response.flatMap { FlowStage(rawValue: $0.stage) }, sortTime: sortTime,
        profile: keys.map { answers[$0]?.joined(separator: ", ") ?? "" })
    }
    let siteNames =
      scope == nil
      ? design.sites
      : Array(Set(participants.map(\.site.name))).sorted {
        (design.sites.firstIndex(of: $0) ?? .max) < (design.sites.firstIndex(of: $1) ?? .max)
      }
    return StudyMonitor(
      participants: monitored, siteNames: siteNames, languageNames: [languageName(study.language)])
  }

  /// A language tag as the dashboard names it ("French"); an unknown tag as it is.
  static func languageName(_ tag: String) -> String {
    StudyLanguage(tag: tag)?.englishName ?? tag
  }

  private static func progress(_ status: Participant.Status) -> MonitoredParticipant.Progress {
    switch status {
    case .invited: .invited
    case .opened: .opened
    case .declined: .declined
    case .consented, .inProgress: .inProgress
    case .completed: .completed
    case .withdrawn: .withdrawn
    }
  }
}
