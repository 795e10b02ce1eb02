import Fluent
import Foundation
import SQLKit

/// Invitations and reminders as jobs (`mail_jobs`): queueing them in the request that asks (which
/// answers at once), retrying the failed ones, and what the Participants page shows of their
/// progress. ``MailWorker`` sends them.
enum MailJobs {
  /// Queues `kind` for everyone it is due to who has no such message queued or being sent already,
  /// in one transaction, audited with the count. A member limited to some sites (`sites`) queues
  /// only for those sites' participants.
  /// - Returns: how many messages were queued.
  /// - Throws: 409 when mail is off or the study is not open.
  static func enqueue(
    _ kind: MailTemplate.Kind, for study: Study, sites scope: Set<UUID>? = nil, mailOn: Bool, by userID: UUID,
    on db: any Database
  ) async throws -> Int {
    try InvitationSender.ready(study, mailOn: mailOn)
    let studyID = try study.requireID()
    return try await db.transaction { db in
      let open = try await openParticipants(kind, studyID: studyID, on: db)
      let due = try await ParticipantRoster.rows(of: study, sites: scope, baseURL: "", on: db)
        .filter { $0.isDue(kind) && !open.contains($0.id) }
      guard !due.isEmpty else { return 0 }
      let batch = UUID()
      let now = Date()
      let rows = due.map { row -> [FieldKey: DatabaseQuery.Value] in
        [
          "id": .bind(UUID()), "study_id": .bind(studyID), "participant_id": .bind(row.id),
          "kind": .bind(kind.rawValue), "state": .bind(MailJob.State.queued.rawValue), "attempts": .bind(0),
          "next_attempt_at": .bind(now.timeIntervalSince1970), "batch_id": .bind(batch), "created_at": .bind(now),
          "updated_at": .bind(now),
        ]
      }
      for first in stride(from: 0, to: rows.count, by: ParticipantRoster.batchSize) {
        try await MailJob.query(on: db).set(Array(rows[first..<min(first + ParticipantRoster.batchSize, rows.count)]))
          .create()
      }
      try await StudyEditor.audit(
        study, by: userID, kind == .invitation ? "mail.invitations" : "mail.reminders", "\(due.count) queued", on: db)
      return due.count
    }
  }

  /// The participants with a message of `kind` queued or being sent (not to be queued again).
  static func openParticipants(_ kind: MailTemplate.Kind, studyID: UUID, on db: any Database) async throws
    -> Set<UUID>
  {
    guard let sql = db as? any SQLDatabase else { return [] }
    let rows = try await sql.select().column("participant_id").from(MailJob.schema)
      .where("study_id", .equal, studyID).where("kind", .equal, kind.rawValue)
      .where("state", .in, [MailJob.State.queued.rawValue, MailJob.State.sending.rawValue]).all()
    return Set(try rows.map { try $0.decode(column: "participant_id", as: UUID.self) })
  }

  /// The jobs whose last try failed: given up (`failed`) or waiting for their next try.
  static func failures(of studyID: UUID, sites scope: Set<UUID>? = nil, on db: any Database) async throws -> [MailJob] {
    let jobs = try await MailJob.query(on: db).filter(\.$study.$id == studyID)
      .group(.or) { either in
        either.filter(\.$state == .failed).group(.and) { $0.filter(\.$state == .queued).filter(\.$attempts > 0) }
      }
      .with(\.$participant).sort(\.$updatedAt, .descending).all()
    return jobs.filter { job in scope?.contains(job.participant.$site.id) ?? true }
  }

  /// Queues again, for a try now with a fresh count of tries, every failed job (given up or waiting
  /// for its next try) whose participant is still due it. Audited with the count.
  /// - Returns: how many were queued again.
  static func retryFailed(
    for study: Study, sites scope: Set<UUID>? = nil, mailOn: Bool, by userID: UUID, on db: any Database
  ) async throws -> Int {
    try InvitationSender.ready(study, mailOn: mailOn)
    let studyID = try study.requireID()
    return try await db.transaction { db in
      let failed = try await failures(of: studyID, sites: scope, on: db)
        .filter { InvitationSender.isDue($0.participant, $0.kind) }
      let now = Date().timeIntervalSince1970
      for job in failed {
        guard let id = job.id else { continue }
        // Guarded by the state read, so a job a worker has just claimed is left to it.
        try await MailJob.query(on: db).filter(\.$id == id).filter(\.$state == job.state)
          .filter(\.$attempts == job.attempts).set(\.$state, to: .queued).set(\.$attempts, to: 0)
          .set(\.$nextAttemptAt, to: now).update()
      }
      if !failed.isEmpty {
        try await StudyEditor.audit(study, by: userID, "mail.retry", "\(failed.count) queued again", on: db)
      }
      return failed.count
    }
  }

  /// How the latest sending of one kind is going.
  struct Progress: Sendable, Equatable {
    var kind: MailTemplate.Kind
    var total = 0
    var sent = 0
    /// Queued or being sent, including those waiting for another try.
    var waiting = 0
    /// Waiting for another try after a failure.
    var retrying = 0
    var failed = 0
    var skipped = 0
    var startedAt: Date?

    var finished: Bool { waiting == 0 }
  }

  /// The progress of the latest batch of each kind, counting only `participants` when given (the
  /// ones a member limited to some sites sees).
  static func progress(of studyID: UUID, participants: Set<UUID>? = nil, on db: any Database) async throws
    -> [Progress]
  {
    guard let sql = db as? any SQLDatabase else { return [] }
    var all: [Progress] = []
    for kind in MailTemplate.Kind.allCases {
      guard
        let latest = try await MailJob.query(on: db).filter(\.$study.$id == studyID).filter(\.$kind == kind)
          .sort(\.$createdAt, .descending).first()
      else { continue }
      let rows = try await sql.select().columns("participant_id", "state", "attempts").from(MailJob.schema)
        .where("batch_id", .equal, latest.batchID).all()
      var progress = Progress(kind: kind, startedAt: latest.createdAt)
      for row in rows {
        if let participants, !participants.contains(try row.decode(column: "participant_id", as: UUID.self)) {
          continue
        }
        let state = MailJob.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .queued
        progress.total += 1
        switch state {
        case .sent: progress.sent += 1
        case .failed: progress.failed += 1
        case .skipped: progress.skipped += 1
        case .queued, .sending:
          progress.waiting += 1
          if try row.decode(column: "attempts", as: Int.self) > 0, state == .queued { progress.retrying += 1 }
        }
      }
      if progress.total > 0 { all.append(progress) }
    }
    return all
  }

  /// "Invitations: 12 of 40 sent, 27 waiting (1 to try again), 1 failed."
  static func summary(_ progress: Progress) -> String {
    var parts = ["\(progress.sent) of \(progress.total) sent"]
    if progress.waiting > 0 {
      parts.append(
        "\(progress.waiting) waiting" + (progress.retrying > 0 ? " (\(progress.retrying) to try again)" : ""))
    }
    if progress.failed > 0 { parts.append("\(progress.failed) failed") }
    if progress.skipped > 0 { parts.append("\(progress.skipped) no longer due") }
    return (progress.kind == .invitation ? "Invitations: " : "Reminders: ") + parts.joined(separator: ", ") + "."
  }
}
