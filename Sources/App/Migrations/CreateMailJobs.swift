import Fluent
import SQLKit

/// Invitations and reminders as durable jobs (`mail_jobs`): one row per message to send, written in
/// the transaction of the request that asks for it and sent by ``MailWorker`` in the background.
/// Times the worker compares (`next_attempt_at`, `lease_until`) are seconds since 1970, compared as
/// plain numbers in both databases. No address is stored: the worker reads the participant's when
/// it sends, so a withdrawal (which clears it) stops the message.
struct CreateMailJobs: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("mail_jobs")
      .id()
      .field("study_id", .uuid, .required, .references("studies", "id", onDelete: .cascade))
      .field("participant_id", .uuid, .required, .references("participants", "id", onDelete: .cascade))
      .field("kind", .string, .required)
      .field("state", .string, .required)
      .field("attempts", .int, .required)
      .field("next_attempt_at", .double, .required)
      .field("lease_until", .double)
      .field("claimed_by", .string)
      .field("last_error", .string)
      // One press of a Send button: the page shows its progress.
      .field("batch_id", .uuid, .required)
      .field("created_at", .datetime)
      .field("updated_at", .datetime)
      .create()
    guard let sql = database as? any SQLDatabase else { return }
    try await sql.create(index: "mail_jobs_due").on("mail_jobs").column("state").column("next_attempt_at").run()
    try await sql.create(index: "mail_jobs_study").on("mail_jobs").column("study_id").column("batch_id").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("mail_jobs").delete()
  }
}
