import Fluent
import Foundation
import POETQKit
import QMethod
import SQLKit

/// A study's completed, real (non-preview) sorts as plain values, read in two queries (participants
/// with their sites, then their responses), never one query per participant.
enum StudySorts {
  /// How much of each sort to read.
  enum Detail {
    /// Everything: answers, comments, times (the Data tab's exports, reports with quotes).
    case full
    /// The sort id, site, answers and scores; comments and times left empty (forms that choose
    /// sorts by answer, analyses filtered by one).
    case forAnalysis
    /// The sort id, site and scores only: what a run reads.
    case scores
  }

  /// The completed sorts in the order of their sort numbers, each with its sort id (given now to
  /// those that have none, see ``assignSortIDs(studyID:on:)``).
  /// Limited to `sites` for a member who sees only some sites.
  static func completed(
    _ study: Study, sites scope: Set<UUID>? = nil, detail: Detail = .full, on db: any Database
  ) async throws -> [CompletedSort] {
    let studyID = try study.requireID()
    try await assignSortIDs(studyID: studyID, on: db)
    guard let sql = db as? any SQLDatabase else {
      throw ServerFault("Sorts are read with SQL; this database does not speak it.")
    }
    // Only the columns wanted, read without models: hydrating 10,000 participants and responses as
    // models took two seconds, during which their connection's event loop served no one's save.
    var columns = ["sort_id", "sort_number", "status", "language"].map {
      SQLColumn($0, table: "participants") as any SQLExpression
    }
    columns += [SQLAlias(SQLColumn("name", table: "sites"), as: SQLIdentifier("site_name")), SQLColumn("placements")]
    if detail != .scores { columns.append(SQLColumn("answers")) }
    if detail == .full {
      columns += ["comments", "stage_timestamps", "consented_at", "submitted_at"].map { SQLColumn($0) }
    }
    // In pages of 250 by sort number (unique in a study), each read as it comes: a page holds its
    // connection (one per event loop on SQLite) for some 5 ms, so participants' saves waiting for it
    // go in between; a sort completed meanwhile has no number yet and is not read twice.
    var sorts: [CompletedSort] = []
    var after = Int.min
    while true {
      var select = sql.select().columns(columns).from("participants")
        .join(
          "responses", on: SQLColumn("participant_id", table: "responses"), .equal,
          SQLColumn("id", table: "participants")
        )
        .join("sites", on: SQLColumn("id", table: "sites"), .equal, SQLColumn("site_id", table: "participants"))
        .where(SQLColumn("study_id", table: "participants"), .equal, SQLBind(studyID))
        .where(SQLColumn("is_preview", table: "participants"), .equal, SQLBind(false))
        .where(SQLColumn("status", table: "participants"), .equal, SQLBind(Participant.Status.completed.rawValue))
        .where(SQLColumn("sort_number", table: "participants"), .greaterThan, SQLBind(after))
      if let scope {
        select = select.where(SQLColumn("site_id", table: "participants"), .in, SQLBind.group(Array(scope)))
      }
      let page = try await select.orderBy(SQLColumn("sort_number", table: "participants")).limit(pageSize).all()
      sorts += try page.map { try completedSort($0, detail: detail, studyLanguage: study.language) }
      guard page.count == pageSize, let last = try page.last?.decode(column: "sort_number", as: Int.self) else {
        return sorts
      }
      after = last
      await Task.yield()
    }
  }

  /// Rows read per query.
  static let pageSize = 250

  /// How many completed real sorts the study has (within `sites`), without reading them.
  static func count(_ study: Study, sites scope: Set<UUID>? = nil, on db: any Database) async throws -> Int {
    var query = Participant.query(on: db).filter(\.$study.$id == (try study.requireID()))
      .filter(\.$isPreview == false).filter(\.$status == .completed)
    if let scope { query = query.filter(\.$site.$id ~~ scope) }
    return try await query.count()
  }

  /// A row of ``completed(_:sites:detail:on:)``'s query as a sort.
  private static func completedSort(_ row: any SQLRow, detail: Detail, studyLanguage: String) throws -> CompletedSort {
    func text(_ column: String, _ wanted: Bool) throws -> String? {
      wanted ? try row.decode(column: column, as: String.self) : nil
    }
    let full = detail == .full
    return try sort(
      sortID: try row.decode(column: "sort_id", as: String?.self),
      site: try row.decode(column: "site_name", as: String.self),
      language: language(of: try row.decode(column: "language", as: String?.self), study: studyLanguage),
      status: try row.decode(column: "status", as: String.self),
      StoredColumns(
        placements: try row.decode(column: "placements", as: String.self),
        answers: try text("answers", detail != .scores),
        comments: try text("comments", full), stageTimestamps: try text("stage_timestamps", full),
        consentedAt: full ? try row.decode(column: "consented_at", as: Date?.self) : nil,
        submittedAt: full ? try row.decode(column: "submitted_at", as: Date?.self) : nil))
  }

  /// One participant's sort as plain values.
  static func completedSort(_ participant: Participant, _ response: SortResponse, studyLanguage: String) throws
    -> CompletedSort
  {
    try sort(
      sortID: participant.sortID, site: participant.site.name,
      language: language(of: participant.language, study: studyLanguage), status: participant.status.rawValue,
      StoredColumns(
        placements: response.placements, answers: response.answers, comments: response.comments,
        stageTimestamps: response.stageTimestamps, consentedAt: response.consentedAt,
        submittedAt: response.submittedAt))
  }

  /// A response's stored columns as read for a sort; `nil` for a JSON column not read.
  private struct StoredColumns {
    var placements: String
    var answers: String?
    var comments: String?
    var stageTimestamps: String?
    var consentedAt: Date?
    var submittedAt: Date?
  }

  /// The one place a sort is made from its stored columns (models or a bare SQL row).
  private static func sort(
    sortID: String?, site: String, language: String, status: String, _ columns: StoredColumns
  ) throws -> CompletedSort {
    let times = try columns.stageTimestamps.map {
      try ResponseStore.value([String: Date].self, $0, field: "stage_timestamps")
    }
    return CompletedSort(
      sortID: sortID ?? "", site: site, language: language, status: status, consentedAt: columns.consentedAt,
      presortStartedAt: times?[FlowStage.presort.rawValue], gridConfirmedAt: times?[ParticipantFlow.gridConfirmedKey],
      submittedAt: columns.submittedAt,
      answers: try columns.answers.map { try ResponseStore.value([String: [String]].self, $0, field: "answers") }
        ?? [:],
      comments: try columns.comments.map { try ResponseStore.value([Int: String].self, $0, field: "comments") } ?? [:],
      scores: try ResponseStore.scores(columns.placements, field: "placements"))
  }

  /// The language a sort was made in: the participant's, else (never chosen, or imported) the
  /// study's own.
  static func language(of participant: String?, study: String) -> String {
    guard let participant, !participant.isEmpty else { return study }
    return participant
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
