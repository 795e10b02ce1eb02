import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Sends the queued invitations and reminders (``MailJob``) in the background, through the
/// configured ``Mailer``, logging every try in the send log.
///
/// The queue is the `mail_jobs` table, shared by every instance: a worker claims a few due jobs in
/// one conditional UPDATE that stamps them with a token of its own (on PostgreSQL the rows are
/// picked `FOR UPDATE SKIP LOCKED`, so two instances never pick the same row; on SQLite the single
/// writer makes the statement atomic), then reads back the rows carrying its token. A claim holds
/// for ``lease``: a job left `sending` by an instance that died is claimed again once its lease has
/// run out, so a message may go out twice in that case, never zero times. A failed try is tried
/// again after ``backoff`` (1 min, 5 min, 30 min, 2 h), then given up with its error shown; one the
/// relay refused for good (a 5xx reply to the message: no such mailbox) is given up at once.
///
/// The worker starts with the server (``Lifecycle``) and looks for due jobs when a request queued
/// some and every ``pollInterval``. In tests it is off: a test sends with ``runDueJobs(now:)``.
final class MailWorker: Sendable {
  /// Waits before the 2nd, 3rd, 4th and 5th tries.
  static let backoff: [TimeInterval] = [60, 5 * 60, 30 * 60, 2 * 60 * 60]
  /// Tries before a job is given up.
  static let maxAttempts = backoff.count + 1
  /// How long a claim holds: far longer than ``defaultClaimSize`` messages take over one
  /// connection (each waits at most the SMTP timeout).
  static let lease: TimeInterval = 10 * 60
  static let defaultClaimSize = 20
  static let pollInterval: Duration = .seconds(15)

  let instance = UUID().uuidString
  private let database: @Sendable () -> any Database
  private let mailer: @Sendable () -> (any Mailer)?
  private let baseURL: String
  /// The catalogues, for a message's words in its own language (a missing name or contact).
  private let locales: Locales
  private let logger: Logger
  /// Jobs claimed (and sent over one connection) at a time.
  let claimSize: Int
  private let state = NIOLockedValueBox(State())

  private struct State {
    var started = false
    var stopped = false
    var poller: Task<Void, Never>?
    var round: Task<Void, Never>?
    var again = false
  }

  init(
    database: @escaping @Sendable () -> any Database, mailer: @escaping @Sendable () -> (any Mailer)?,
    baseURL: String, locales: Locales = .none, logger: Logger, claimSize: Int = MailWorker.defaultClaimSize
  ) {
    self.claimSize = claimSize
    self.locales = locales
    self.database = database
    self.mailer = mailer
    self.baseURL = baseURL
    self.logger = logger
  }

  /// Starts looking for due jobs now and every ``pollInterval``.
  func start() {
    state.withLockedValue { state in
      guard !state.started, !state.stopped else { return }
      state.started = true
      state.poller = Task { [weak self] in
        while !Task.isCancelled {
          self?.wake()
          try? await Task.sleep(for: Self.pollInterval)
        }
      }
    }
  }

  /// Sends the due jobs now, in the background (a round under way looks once more when it ends).
  /// Does nothing unless the worker was started.
  func wake() {
    state.withLockedValue { state in
      guard state.started, !state.stopped else { return }
      guard state.round == nil else {
        state.again = true
        return
      }
      state.round = Task { [self] in
        while true {
          do {
            try await runDueJobs()
          } catch {
            logger.report(error: error)
          }
          let again = self.state.withLockedValue { state -> Bool in
            if state.again && !state.stopped {
              state.again = false
              return true
            }
            state.round = nil
            return false
          }
          if !again { return }
        }
      }
    }
  }

  /// Stops polling and waits for the claim under way to be sent (its jobs are finished; any not
  /// claimed stay queued for the next start or another instance).
  func stop() async {
    let (poller, round) = state.withLockedValue { state in
      state.stopped = true
      return (state.poller, state.round)
    }
    poller?.cancel()
    await round?.value
  }

  /// Claims and sends due jobs until none is due at `now` (the clock's time unless a test gives one).
  /// - Returns: how many jobs were claimed.
  @discardableResult
  func runDueJobs(now fixed: Date? = nil) async throws -> Int {
    guard let mailer = mailer() else { return 0 }
    var claimed = 0
    while !state.withLockedValue(\.stopped) {
      let now = fixed ?? Date()
      let (token, jobs) = try await claim(now: now, limit: claimSize)
      guard !jobs.isEmpty else { break }
      try await send(jobs, token: token, mailer: mailer, now: now)
      claimed += jobs.count
    }
    return claimed
  }

  /// Claims up to `limit` jobs due at `now` (queued and due, or `sending` with an expired lease)
  /// for this worker, counting a try each.
  func claim(now: Date, limit: Int) async throws -> (token: String, jobs: [MailJob]) {
    let db = database()
    guard let sql = db as? any SQLDatabase else { return ("", []) }
    let token = "\(instance) \(UUID().uuidString)"
    let time = now.timeIntervalSince1970
    let skipLocked = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
    try await sql.raw(
      """
      UPDATE mail_jobs SET state = 'sending', claimed_by = \(bind: token), lease_until = \(bind: time + Self.lease),
      attempts = attempts + 1, updated_at = \(bind: now)
      WHERE id IN (SELECT id FROM mail_jobs
      WHERE (state = 'queued' AND next_attempt_at <= \(bind: time)) OR (state = 'sending' AND lease_until < \(bind: time))
      ORDER BY next_attempt_at LIMIT \(literal: limit)\(unsafeRaw: skipLocked))
      AND ((state = 'queued' AND next_attempt_at <= \(bind: time)) OR (state = 'sending' AND lease_until < \(bind: time)))
      """
    ).run()
    let jobs = try await MailJob.query(on: db).filter(\.$claimedBy == token).filter(\.$state == .sending)
      .sort(\.$nextAttemptAt).all()
    return (token, jobs)
  }

  /// Sends the claimed `jobs` over one connection; a job whose participant is no longer due it
  /// (completed, declined, withdrawn, already invited, no address) or whose study is not open any
  /// more is skipped with the reason.
  private func send(_ jobs: [MailJob], token: String, mailer: any Mailer, now: Date) async throws {
    let db = database()
    let participants = try await Participant.query(on: db).filter(\.$id ~~ jobs.map { $0.$participant.id }).all()
    let byID = Dictionary(
      participants.compactMap { participant in participant.id.map { ($0, participant) } },
      uniquingKeysWith: { first, _ in first })
    var studies: [UUID: Study] = [:]
    var sites: [UUID: String] = [:]
    var templates: [String: InvitationLanguage.Template] = [:]
    var messages: [MailMessage] = []
    var sending: [(job: MailJob, participant: Participant)] = []
    for job in jobs {
      let studyID = job.$study.id
      if studies[studyID] == nil {
        studies[studyID] = try await Study.find(studyID, on: db)
        for site in try await Site.query(on: db).filter(\.$study.$id == studyID).all() {
          if let id = site.id { sites[id] = site.name }
        }
      }
      guard let study = studies[studyID], let participant = byID[job.$participant.id] else {
        try await skip(job, token: token, "the participant is no longer in the study", on: db)
        continue
      }
      guard study.status == .open else {
        try await skip(job, token: token, "the study is not open any more", on: db)
        continue
      }
      guard InvitationSender.isDue(participant, job.kind) else {
        try await skip(job, token: token, "no longer due (taken part, declined, withdrawn or already sent)", on: db)
        continue
      }
      // In the participant's language when the study is complete in it (``InvitationLanguage``).
      let key = "\(studyID)/\(job.kind.rawValue)/\(participant.language ?? "")"
      if templates[key] == nil {
        templates[key] = try await InvitationLanguage.template(
          job.kind, study: study, language: participant.language, on: db)
      }
      guard let template = templates[key] else { continue }
      messages.append(
        InvitationSender.message(
          template, to: participant, texts: locales.texts(for: template.language),
          siteName: sites[participant.$site.id] ?? "", from: mailer.from, baseURL: baseURL))
      sending.append((job, participant))
    }
    guard !messages.isEmpty else { return }
    try await mailer.send(messages) { index, outcome in
      try await self.finish(
        sending[index].job, participant: sending[index].participant, address: messages[index].to.address, outcome,
        token: token, now: now)
    }
  }

  /// Records a try's outcome under this worker's claim: the job sent (and the participant's
  /// invited or reminded time), or queued for its next try, or failed after its last; and the send
  /// log's line. The log of the service gets the job's id and try, never the address or the
  /// server's reply (which often quotes the address).
  private func finish(
    _ job: MailJob, participant: Participant, address: String, _ outcome: MailOutcome, token: String, now: Date
  ) async throws {
    guard let id = job.id, let participantID = participant.id else { return }
    try await database().transaction { db in
      let mine = MailJob.query(on: db).filter(\.$id == id).filter(\.$claimedBy == token).filter(\.$state == .sending)
        .set(\.$leaseUntil, to: nil)
      let entry = MailLogEntry(
        studyID: job.$study.id, participantID: participantID, address: address, kind: job.kind, result: .sent,
        error: nil)
      switch outcome {
      case .sent:
        try await mine.set(\.$state, to: .sent).set(\.$lastError, to: nil).update()
        let stamp = Date()
        let participantRow = Participant.query(on: db).filter(\.$id == participantID)
        switch job.kind {
        case .invitation: try await participantRow.set(\.$invitedAt, to: stamp).update()
        case .reminder: try await participantRow.set(\.$remindedAt, to: stamp).update()
        }
      case .failed(let reason, let permanent):
        let error = String(reason.prefix(1000))
        entry.result = .failed
        entry.error = error
        mine.set(\.$lastError, to: error)
        if permanent || job.attempts >= Self.maxAttempts {
          try await mine.set(\.$state, to: .failed).update()
          self.logger.warning(
            "mail job \(id): try \(job.attempts) failed\(permanent ? " (refused for good)" : ""); given up")
        } else {
          let wait = Self.backoff[min(max(job.attempts - 1, 0), Self.backoff.count - 1)]
          try await mine.set(\.$state, to: .queued).set(\.$nextAttemptAt, to: now.timeIntervalSince1970 + wait)
            .update()
          self.logger.notice(
            "mail job \(id): try \(job.attempts) of \(Self.maxAttempts) failed; next in \(Int(wait)) s")
        }
      }
      try await entry.save(on: db)
    }
  }

  private func skip(_ job: MailJob, token: String, _ reason: String, on db: any Database) async throws {
    guard let id = job.id else { return }
    try await MailJob.query(on: db).filter(\.$id == id).filter(\.$claimedBy == token).filter(\.$state == .sending)
      .set(\.$state, to: .skipped).set(\.$lastError, to: "Not sent: \(reason).").set(\.$leaseUntil, to: nil).update()
  }

  /// Starts the worker when the server boots (not in tests, which drive it) and stops it on shutdown.
  struct Lifecycle: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
      guard application.environment != .testing else { return }
      application.mailWorker.start()
    }

    /// Before the databases close, so the messages under way are recorded.
    func shutdownAsync(_ application: Application) async {
      await application.existingMailWorker?.stop()
    }
  }
}

extension Application {
  private struct MailWorkerKey: StorageKey, LockKey { typealias Value = MailWorker }

  /// This instance's mail worker, made on first use; ``MailWorker/Lifecycle`` (registered in
  /// `configure`) starts it with the server and stops it before the databases close.
  var mailWorker: MailWorker {
    locks.lock(for: MailWorkerKey.self).withLock {
      if let worker = storage[MailWorkerKey.self] { return worker }
      let worker = MailWorker(
        database: { [unowned self] in self.db }, mailer: { [unowned self] in self.mailer },
        baseURL: poetqConfig.baseURL, locales: locales, logger: logger)
      storage[MailWorkerKey.self] = worker
      return worker
    }
  }

  /// The worker if one was made.
  var existingMailWorker: MailWorker? {
    locks.lock(for: MailWorkerKey.self).withLock { storage[MailWorkerKey.self] }
  }
}
