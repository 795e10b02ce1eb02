import Fluent
import FluentSQL
import Foundation
import SQLKit

/// What a participant's request reads from the database, in one statement: the participant of the
/// code, the version of their study's design in force, their response (nil before consent), and
/// how many unknown codes the client's address has tried in the current window (the limit that
/// stops code guessing, ``RateLimiter/unknownCodes``, applies to known codes as well).
struct ParticipantVisitRead {
  let participant: Participant
  let designVersion: Int
  let stored: StoredFlow?
  let unknownCodeTries: Int

  /// The read for `code`, or nil when no participant has it.
  static func read(code: String, address: String, now: Date = Date(), on db: any Database) async throws
    -> ParticipantVisitRead?
  {
    let rule = RateLimiter.unknownCodes
    guard
      let row = try await Statement(
        code: code, bucket: rule.bucket, address: address, windowStart: now.timeIntervalSince1970 - rule.window
      ).rows(on: db).first
    else { return nil }
    let stored: StoredFlow? =
      try row.decodeNil(column: "r_id")
      ? nil
      : try ResponseStore.stored(
        ResponseStore.Columns(
          id: row.decode(column: "r_id", as: UUID.self), stage: row.decode(column: "r_stage", as: String.self),
          revision: row.decode(column: "r_revision", as: Int.self),
          presortOrder: row.decode(column: "r_presort_order", as: String.self),
          presort: row.decode(column: "r_presort", as: String.self),
          rankingChoices: row.decode(column: "r_ranking_choices", as: String.self),
          placements: row.decode(column: "r_placements", as: String.self),
          comments: row.decode(column: "r_comments", as: String.self),
          answers: row.decode(column: "r_answers", as: String.self),
          stageTimestamps: row.decode(column: "r_stage_timestamps", as: String.self),
          lastAction: row.decode(column: "r_last_action", as: String?.self)))
    return ParticipantVisitRead(
      participant: try row.decode(fluentModel: Participant.self),
      designVersion: try row.decode(column: "visit_design_version", as: Int.self), stored: stored,
      unknownCodeTries: try row.decode(column: "visit_unknown_code_tries", as: Int?.self) ?? 0)
  }

  /// The one statement, prepared once per connection on PostgreSQL (``NumberedStatement``).
  struct Statement: NumberedStatement {
    static let sql = """
      SELECT p.*, s.design_version AS visit_design_version,
      r.id AS r_id, r.stage AS r_stage, r.revision AS r_revision, r.presort_order AS r_presort_order,
      r.presort AS r_presort, r.ranking_choices AS r_ranking_choices, r.placements AS r_placements,
      r.comments AS r_comments, r.answers AS r_answers, r.stage_timestamps AS r_stage_timestamps,
      r.last_action AS r_last_action,
      (SELECT c.count FROM rate_limit_counters c WHERE c.bucket = $1 AND c."key" = $2
      AND c.window_start > $3) AS visit_unknown_code_tries
      FROM participants p JOIN studies s ON s.id = p.study_id LEFT JOIN responses r ON r.participant_id = p.id
      WHERE p.code = $4
      """

    let code: String
    let bucket: String
    let address: String
    let windowStart: Double

    var values: [StatementValue] { [.text(bucket), .text(address), .real(windowStart), .text(code)] }
  }
}
