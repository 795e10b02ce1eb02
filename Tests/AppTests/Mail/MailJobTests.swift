import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Invitations and reminders as durable jobs: queued in the request, sent by the worker (driven
/// here with `runDueJobs(now:)`, never by waiting on its timer), tried again with backoff, claimed
/// once across instances, taken over after a dead instance's lease, kept over a restart.
@Suite("Mail jobs")
struct MailJobTests {
  /// `count` participants with addresses at Site A.
  static func list(_ count: Int) -> String {
    "email,name,site\n" + (1...count).map { "person\($0)@example.org,Person \($0),Site A" }.joined(separator: "\n")
  }

  /// The opened template study with `count` listed participants.
  static func study(with count: Int, _ app: Application) async throws -> TestBrowser {
    var (browser, _, _) = try await ParticipantClient.openedTemplate(app)
    #expect(try await browser.post("/studies/poetq/participants/import", ["list": list(count)]).status == .seeOther)
    return browser
  }

  static func jobs(_ app: Application) async throws -> [MailJob] { try await MailJob.query(on: app.db).all() }

  static func metric(_ app: Application, _ state: MailJob.State) async throws -> Int? {
    let metrics = ServiceMetrics()
    try await MetricsController.readCounts(into: metrics, on: app.db)
    return MetricsTests.value(metrics.text(), "poetq_mail_jobs", ["state=\"\(state.rawValue)\""])
  }

  /// A second instance on `app`'s database (not migrated again), as another server process would be.
  static func instance(like app: Application, environment: Environment = .testing) async throws -> Application {
    let other = try await Application.make(environment)
    other.directory = app.directory
    try await configure(other, config: app.poetqConfig)
    return other
  }

  @Test("sending 40 invitations answers at once with 40 queued jobs; the worker sends them; /metrics counts them")
  func fortyQueued() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        var browser = try await Self.study(with: 40, app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        let queued = try await Self.jobs(app)
        #expect(queued.count == 40)
        #expect(queued.allSatisfy { $0.state == .queued && $0.attempts == 0 && $0.kind == .invitation })
        #expect(Set(queued.map(\.batchID)).count == 1, "one batch")
        #expect(try sink.messages().isEmpty, "nothing is sent inside the request")
        #expect(try await MailLogEntry.query(on: app.db).count() == 0)
        var page = try await browser.get("/studies/poetq/participants").body.string
        #expect(page.contains("40 invitations queued"))
        #expect(page.contains("Invitations: 0 of 40 sent, 40 waiting."))
        #expect(page.contains("Still sending: reload the page"))
        #expect(page.contains("Send invitations (0)"), "a queued participant is not due again")
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        #expect(try await MailJob.query(on: app.db).count() == 40, "pressing again queues no one twice")
        #expect(try await Self.metric(app, .queued) == 40)

        #expect(try await app.mailWorker.runDueJobs() == 40)
        let received = try sink.messages()
        #expect(received.count == 40)
        #expect(Set(received.flatMap(\.rcptTos)).count == 40, "each participant once")
        #expect(try await Self.jobs(app).allSatisfy { $0.state == .sent && $0.attempts == 1 && $0.lastError == nil })
        #expect(try await MailLogEntry.query(on: app.db).filter(\.$result == .sent).count() == 40)
        #expect(
          try await Participant.query(on: app.db).filter(\.$email != nil).filter(\.$invitedAt == nil).count() == 0)
        page = try await browser.get("/studies/poetq/participants").body.string
        #expect(page.contains("Invitations: 40 of 40 sent."))
        #expect(!page.contains("Still sending"))
        #expect(try await Self.metric(app, .queued) == 0)
        #expect(try await Self.metric(app, .sent) == 40)
      }
    }
  }

  @Test(
    "a server that refuses connections: every try logged, tried again after 1, 5, 30 min and 2 h, then failed with the error shown"
  )
  func backoffThenFailed() async throws {
    try await withPOETQ { app in
      app.mailer = InvitationMailTests.mailer(app, port: try closedPort())
      var browser = try await Self.study(with: 2, app)
      #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
      var now = Date()
      #expect(try await app.mailWorker.runDueJobs(now: now) == 2)
      for (index, wait) in MailWorker.backoff.enumerated() {
        let jobs = try await Self.jobs(app)
        #expect(jobs.allSatisfy { $0.state == .queued && $0.attempts == index + 1 }, "try \(index + 1) failed")
        #expect(
          jobs.allSatisfy { abs($0.nextAttemptAt - (now.timeIntervalSince1970 + wait)) < 0.01 },
          "the next try \(Int(wait)) s later")
        #expect(try await app.mailWorker.runDueJobs(now: now.addingTimeInterval(wait - 1)) == 0, "not before")
        now = now.addingTimeInterval(wait)
        #expect(try await app.mailWorker.runDueJobs(now: now) == 2)
      }
      let jobs = try await Self.jobs(app)
      #expect(jobs.allSatisfy { $0.state == .failed && $0.attempts == MailWorker.maxAttempts })
      #expect(jobs.allSatisfy { $0.lastError?.hasPrefix("Could not connect to 127.0.0.1:") == true })
      #expect(try await app.mailWorker.runDueJobs(now: now.addingTimeInterval(86_400)) == 0, "given up")
      let log = try await MailLogEntry.query(on: app.db).all()
      #expect(log.count == 2 * MailWorker.maxAttempts && log.allSatisfy { $0.result == .failed }, "every try logged")
      #expect(try await Self.metric(app, .failed) == 2)
      let page = try await browser.get("/studies/poetq/participants").body.string
      #expect(page.contains("Invitations: 0 of 2 sent, 2 failed."))
      #expect(page.contains("gave up after 5 tries"))
      #expect(page.contains("Could not connect to 127.0.0.1:"), "the error shown")
      #expect(page.contains("Retry failed (2)"))
    }
  }

  @Test("a 450 (try again later) is tried again after its backoff and then sent; a 550 is failed at once")
  func temporaryAndPermanentRefusals() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        var browser = try await Self.study(with: 3, app)
        try sink.deferring(["person1@example.org"])
        try sink.refuse(["person2@example.org"])
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        let now = Date()
        #expect(try await app.mailWorker.runDueJobs(now: now) == 3)
        #expect(try sink.messages().flatMap(\.rcptTos) == ["person3@example.org"])
        let page = try await browser.get("/studies/poetq/participants").body.string
        #expect(page.contains("Invitations: 1 of 3 sent, 1 waiting (1 to try again), 1 failed."))
        #expect(page.contains("Mailbox busy, try again later"), "the deferral's reason is shown")
        #expect(page.contains("Recipient address rejected"), "the refusal's reason is shown")

        try sink.deferring([])
        try sink.refuse([])
        #expect(try await app.mailWorker.runDueJobs(now: now.addingTimeInterval(59)) == 0)
        #expect(try await app.mailWorker.runDueJobs(now: now.addingTimeInterval(60)) == 1, "only the deferred one")
        #expect(try sink.messages().flatMap(\.rcptTos) == ["person3@example.org", "person1@example.org"])
        let states = Dictionary(
          try await MailJob.query(on: app.db).with(\.$participant).all().map { ($0.participant.email ?? "", $0) },
          uniquingKeysWith: { first, _ in first })
        #expect(states["person1@example.org"]?.state == .sent && states["person1@example.org"]?.attempts == 2)
        #expect(states["person2@example.org"]?.state == .failed && states["person2@example.org"]?.attempts == 1)
      }
    }
  }

  @Test("two instances' workers on one database never send a job twice")
  func twoWorkers() async throws {
    try await withRunningPOETQ { app, _ in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        var browser = try await Self.study(with: 40, app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        let other = try await Self.instance(like: app)
        do {
          let mailer = InvitationMailTests.mailer(app, port: sink.port)
          // Small claims, so the two take turns many times over the 40 jobs.
          let workers = [
            MailWorker(
              database: { app.db }, mailer: { mailer }, baseURL: "http://127.0.0.1", logger: app.logger, claimSize: 3),
            MailWorker(
              database: { other.db }, mailer: { mailer }, baseURL: "http://127.0.0.1", logger: other.logger,
              claimSize: 3),
          ]
          let claimed = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in workers { group.addTask { try await worker.runDueJobs() } }
            return try await group.reduce(0, +)
          }
          #expect(claimed == 40, "each job claimed once")
          let received = try sink.messages().flatMap(\.rcptTos)
          #expect(received.count == 40 && Set(received).count == 40, "each participant received one message")
          #expect(try await Self.jobs(app).allSatisfy { $0.state == .sent && $0.attempts == 1 })
          #expect(try await MailLogEntry.query(on: app.db).count() == 40)
        } catch {
          try? await other.asyncShutdown()
          throw error
        }
        try await other.asyncShutdown()
      }
    }
  }

  @Test("a job claimed by an instance that died is sent by another once its lease has run out")
  func expiredLease() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        var browser = try await Self.study(with: 3, app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        let now = Date()
        // Another instance claims the three, then dies before sending.
        let dead = MailWorker(database: { app.db }, mailer: { nil }, baseURL: "", logger: app.logger)
        #expect(try await dead.claim(now: now, limit: 10).jobs.count == 3)
        #expect(try await app.mailWorker.runDueJobs(now: now) == 0, "a live claim is left alone")
        #expect(try await app.mailWorker.runDueJobs(now: now.addingTimeInterval(MailWorker.lease - 1)) == 0)
        #expect(try await app.mailWorker.runDueJobs(now: now.addingTimeInterval(MailWorker.lease + 1)) == 3)
        #expect(try sink.messages().count == 3)
        let jobs = try await Self.jobs(app)
        #expect(jobs.allSatisfy { $0.state == .sent && $0.attempts == 2 })
        #expect(jobs.allSatisfy { $0.claimedBy?.hasPrefix(app.mailWorker.instance) == true }, "sent by the live one")
      }
    }
  }

  @Test("queued jobs survive a restart: a new instance, started as a server starts, sends them")
  func restart() async throws {
    try await withRunningPOETQ { app, _ in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        var browser = try await Self.study(with: 3, app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        #expect(try await Self.jobs(app).filter { $0.state == .queued }.count == 3)
        // The instance that queued them never sends (a test's worker is off); a new one boots as
        // `poetq serve` does, and its worker starts with it.
        let restarted = try await Self.instance(like: app, environment: .development)
        do {
          restarted.mailer = InvitationMailTests.mailer(restarted, port: sink.port)
          try await restarted.asyncBoot()
          // Waits for the outcome (at most a minute), asserting nothing about how long it took.
          let deadline = ContinuousClock.now + .seconds(60)
          while try await Self.jobs(app).contains(where: { $0.state != .sent }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
          }
        } catch {
          try? await restarted.asyncShutdown()
          throw error
        }
        try await restarted.asyncShutdown()
        #expect(try await Self.jobs(app).allSatisfy { $0.state == .sent })
        #expect(Set(try sink.messages().flatMap(\.rcptTos)).count == 3)
      }
    }
  }

  @Test("a participant who withdrew before their turn is skipped, not sent")
  func skippedWhenNoLongerDue() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        var browser = try await Self.study(with: 2, app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        let gone = try #require(
          try await Participant.query(on: app.db).filter(\.$email == "person1@example.org").first())
        gone.status = .withdrawn
        gone.email = nil
        try await gone.save(on: app.db)
        #expect(try await app.mailWorker.runDueJobs() == 2)
        #expect(try sink.messages().flatMap(\.rcptTos) == ["person2@example.org"])
        let skipped = try #require(try await MailJob.query(on: app.db).filter(\.$state == .skipped).first())
        #expect(skipped.$participant.id == gone.id)
        #expect(
          try await browser.get("/studies/poetq/participants").body.string.contains(
            "Invitations: 1 of 2 sent, 1 no longer due."))
      }
    }
  }
}
