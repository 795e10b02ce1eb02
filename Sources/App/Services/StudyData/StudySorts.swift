import Fluent
import POETQKit
import QMethod
import Vapor

/// A study's completed, real (non-preview) sorts as plain values, read in two queries (participants
/// with their sites, then their responses), never one query per participant.
enum StudySorts {
  /// How much of each sort to read.
  enum Detail {
    /// Everything: answers, comments, times (the Data tab's exports, reports with quotes).
    case full
    /// The sort id, site, answers and scores; comments and times left empty. What analyses read:
    /// decoding the rest took a second of a 10,000-sort run.
    case forAnalysis
  }

  /// The completed sorts in the order of their sort numbers, each with its sort id (given now to
  /// those that have none, see ``assignSortIDs(studyID:on:)``).
  /// Limited to `sites` for a member who sees only some sites.
  static func completed(
    _ study: Study, sites scope: Set<UUID>? = nil, detail: Detail = .full, on db: any Database
  ) async throws -> [CompletedSort] {
    let studyID = try study.requireID()
    try await assignSortIDs(studyID: studyID, on: db)
    let participants = try await Participant.query(on: db).filter(\.$study.$id == studyID)
      .filter(\.$isPreview == false).filter(\.$status == .completed).with(\.$site).all()
      .filter { scope?.contains($0.$site.id) ?? true }
    let responses = try await SortResponse.query(on: db)
      .join(Participant.self, on: \SortResponse.$participant.$id == \Participant.$id)
      .filter(Participant.self, \.$study.$id == studyID).filter(Participant.self, \.$isPreview == false)
      .filter(Participant.self, \.$status == .completed).all()
    let byParticipant = Dictionary(responses.map { ($0.$participant.id, $0) }) { first, _ in first }
    return try participants.sorted { ($0.sortNumber ?? .max) < ($1.sortNumber ?? .max) }.compactMap { participant in
      guard let id = participant.id, let response = byParticipant[id] else { return nil }
      return try completedSort(participant, response, detail: detail)
    }
  }

  /// How many completed real sorts the study has (within `sites`), without reading them.
  static func count(_ study: Study, sites scope: Set<UUID>? = nil, on db: any Database) async throws -> Int {
    var query = Participant.query(on: db).filter(\.$study.$id == (try study.requireID()))
      .filter(\.$isPreview == false).filter(\.$status == .completed)
    if let scope { query = query.filter(\.$site.$id ~~ scope) }
    return try await query.count()
  }

  /// One participant's sort as plain values.
  static func completedSort(_ participant: Participant, _ response: SortResponse, detail: Detail = .full) throws
    -> CompletedSort
  {
    let scores = try ResponseStore.scores(response.placements, field: "placements")
    let answers = try ResponseStore.value([String: [String]].self, response.answers, field: "answers")
    guard detail == .full else {
      return CompletedSort(
        sortID: participant.sortID ?? "", site: participant.site.name, status: participant.status.rawValue,
        answers: answers, scores: scores)
    }
    let times = try ResponseStore.value([String: Date].self, response.stageTimestamps, field: "stage_timestamps")
    return CompletedSort(
      sortID: participant.sortID ?? "", site: participant.site.name,
      status: participant.status.rawValue, consentedAt: response.consentedAt,
      presortStartedAt: times[FlowStage.presort.rawValue], gridConfirmedAt: times[ParticipantFlow.gridConfirmedKey],
      submittedAt: response.submittedAt, answers: answers,
      comments: try ResponseStore.value([Int: String].self, response.comments, field: "comments"), scores: scores)
  }

  /// Gives every completed real sort without an id the next running number of the study, in the
  /// order they were submitted, and the id `<site initial><number>` (see ``SortIDs``), skipping an
  /// id an imported sort already holds. Numbers are never reused.
  static func assignSortIDs(studyID: UUID, on db: any Database) async throws {
    // Nearly always every sort has its id: one count instead of a transaction reading every participant.
    let without = try await Participant.query(on: db).filter(\.$study.$id == studyID).filter(\.$isPreview == false)
      .filter(\.$status == .completed).filter(\.$sortID == nil).count()
    guard without > 0 else { return }
    try await db.transaction { db in
      let all = try await Participant.query(on: db).filter(\.$study.$id == studyID).filter(\.$isPreview == false)
        .with(\.$site).all()
      let waiting = all.filter { $0.status == .completed && $0.sortID == nil }
      guard !waiting.isEmpty else { return }
      let ids = waiting.compactMap(\.id)
      let submitted = try await SortResponse.query(on: db).filter(\.$participant.$id ~~ ids).all()
        .reduce(into: [UUID: Date]()) { $0[$1.$participant.id] = $1.submittedAt ?? .distantFuture }
      var taken = Set(all.compactMap(\.sortID))
      var number = all.compactMap(\.sortNumber).max() ?? 0
      let ordered = waiting.sorted {
        let (a, b) = (submitted[$0.id!] ?? .distantFuture, submitted[$1.id!] ?? .distantFuture)
        return a != b ? a < b : $0.code < $1.code
      }
      for participant in ordered {
        var id: String
        repeat {
          number += 1
          id = SortIDs.make(site: participant.site.name, number: number)
        } while taken.contains(id)
        taken.insert(id)
        participant.sortID = id
        participant.sortNumber = number
        try await participant.save(on: db)
      }
    }
  }

  /// The study's export as the pure export type works it.
  static func export(
    _ study: Study, sites scope: Set<UUID>? = nil, detail: Detail = .full, on db: any Database
  ) async throws -> StudyDataExport {
    let design = try await StudyDesign.load(study, on: db)
    return StudyDataExport(
      title: study.title, statements: design.statements,
      distribution: try StudyDataExport.distribution(of: design, forced: study.distributionKind == .forced),
      questionKeys: design.questions.map(\.key), sorts: try await completed(study, sites: scope, detail: detail, on: db)
    )
  }
}
