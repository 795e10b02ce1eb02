import Fluent
import Vapor

/// A stored analysis of a study's sorts: its name, parameters (the engine's options and the sorts
/// selection), the ids of the sorts it used, the hash of the data it ran on, the engine version, who
/// ran it and its state. Once done, the engine's full result (docs/result-schema.md) is in
/// ``StoredResults``, not in the row: lists and status polls never read megabytes.
///
/// A run goes `queued` → `running` (with the engine's `stage`) → `done` or `failed` (with
/// `failure`). Any instance's ``AnalysisRunner`` may claim a queued row. `needsRerun` is set when a
/// sort it used is withdrawn; `rerunSortIDs` names those sorts.
final class Analysis: Model, @unchecked Sendable {
  static let schema = "analyses"

  enum Status: String, Codable, CaseIterable, Sendable {
    case queued, running, done, failed
  }

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Field(key: "name") var name: String
  /// ``AnalysisParameters`` as JSON.
  @Field(key: "parameters") var parameters: String
  @Field(key: "data_hash") var dataHash: String
  @Field(key: "engine_version") var engineVersion: String
  @Field(key: "needs_rerun") var needsRerun: Bool
  @OptionalParent(key: "created_by") var createdBy: User?
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?
  @Field(key: "status") var status: Status
  /// The engine stage of a running analysis (`AnalysisStage`'s text).
  @OptionalField(key: "stage") var stage: String?
  /// Why a failed run failed, in words a researcher can act on.
  @OptionalField(key: "failure") var failure: String?
  /// The sort ids the run used, as a JSON list, in the result's row order; `nil` for an analysis
  /// stored before runs recorded them (it may have used any sort).
  @OptionalField(key: "sort_ids") var sortIDs: String?
  /// The withdrawn sorts that made `needsRerun` true, as a JSON list.
  @Field(key: "rerun_sort_ids") var rerunSortIDs: String
  /// The runner instance that claimed the run.
  @OptionalField(key: "claimed_by") var claimedBy: String?
  @OptionalField(key: "started_at") var startedAt: Date?
  @OptionalField(key: "finished_at") var finishedAt: Date?
  /// Written every ``AnalysisQueue/heartbeatInterval`` while the run goes on; a running row whose
  /// heartbeat is older than ``AnalysisQueue/staleAfter`` lost its runner and is queued again.
  @OptionalField(key: "heartbeat_at") var heartbeatAt: Date?
  /// The analysis this one was made from (a re-run, or hand flags or rotation saved as new): its
  /// interpretations are carried over to matching factors, and it counts as superseded.
  @OptionalField(key: "derived_from") var derivedFrom: UUID?

  init() {}

  init(studyID: UUID, name: String, parameters: String, dataHash: String, engineVersion: String) {
    self.$study.id = studyID
    self.name = name
    self.parameters = parameters
    self.dataHash = dataHash
    self.engineVersion = engineVersion
    self.needsRerun = false
    self.status = .done
    self.rerunSortIDs = "[]"
  }

  /// The sort ids as a list (`nil` when unknown).
  var usedSortIDs: [String]? {
    guard let sortIDs, let data = sortIDs.data(using: .utf8) else { return nil }
    return try? JSONDecoder().decode([String].self, from: data)
  }

  /// The withdrawn sorts behind `needsRerun`.
  var withdrawnSortIDs: [String] {
    (try? JSONDecoder().decode([String].self, from: Data(rerunSortIDs.utf8))) ?? []
  }
}
