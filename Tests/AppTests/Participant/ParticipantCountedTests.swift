import Fluent
import Foundation
import NIOConcurrencyHelpers
import POETQKit
import Testing
import VaporTesting

@testable import App

/// Every submitted sort is counted: the flow and the participant's status are saved together, a
/// retry brings a lagging status up to date, and the start-up check completes any participant
/// left behind by a failure between the two writes (analyses and exports read completed ones only).
@Suite("Participant: every submitted sort counted")
struct ParticipantCountedTests {
  /// A database hook that fails the participant's status write to `completed` while armed: the
  /// failure (a lost connection, a killed process) between the flow's save and the status's.
  struct FailingCompletion: AsyncModelMiddleware {
    let armed = NIOLockedValueBox(true)

    func update(model: Participant, on db: any Database, next: any AnyAsyncModelResponder) async throws {
      if armed.withLockedValue({ $0 }), model.status == .completed {
        throw Abort(.internalServerError, reason: "Test: the status write fails.")
      }
      try await next.update(model, on: db)
    }
  }

  /// A participant of the template study on the last page, the questions after the sort: the
  /// fields of its final submission and the revision it posts at.
  static func atSubmission(_ app: Application) async throws -> (ParticipantClient, [(String, String)], Int) {
    var (_, client) = try await ParticipantSavingTests.atPresort(app)
    try await client.presortAll(agree: 15, neutral: 10)
    try await client.post([("action", "continue")])
    try await client.rankAll()
    try await client.post([("action", "continue")])
    try await client.post([("action", "continue")])
    #expect(client.page.contains("Submit my sort"), "at the last page")
    return (client, client.answers() + [("action", "continue")], client.revision)
  }

  @Test("a status write that fails after the flow's save saves nothing; the retry submits and counts the sort")
  func failingStatusWrite() async throws {
    try await withPOETQ { app in
      var (client, submission, revision) = try await Self.atSubmission(app)
      let failing = FailingCompletion()
      app.databases.middleware.use(failing)

      let failed = try await client.post(submission, revision: revision)
      #expect(failed.status == .internalServerError)
      let stored = try #require(try await client.response(on: app.db))
      #expect(stored.stage == "questions_after" && stored.revision == revision, "not half saved: \(stored.stage)")
      #expect(try await client.participant(on: app.db).status == .inProgress)

      // The participant tries again (the page says to): the same post, at the same revision.
      failing.armed.withLockedValue { $0 = false }
      let retried = try await client.post(submission, revision: revision)
      #expect(retried.status == .seeOther)
      #expect(client.page.contains("Your sort has been submitted."))
      #expect(try await client.response(on: app.db)?.stage == "submitted")
      #expect(try await client.participant(on: app.db).status == .completed, "the sort counts")
    }
  }

  @Test("a retry of a submission whose status lagged (saved before the transaction) completes the participant")
  func retryRepairsStatus() async throws {
    try await withPOETQ { app in
      var (client, submission, revision) = try await Self.atSubmission(app)
      #expect(try await client.post(submission, revision: revision).status == .seeOther)
      // What a failure between the two writes used to leave behind.
      try await Participant.query(on: app.db).filter(\.$code == client.code).set(\.$status, to: .inProgress).update()

      // The first answer was lost; the browser sends the same post again.
      let retried = try await client.post(submission, revision: revision)
      #expect(retried.status == .seeOther)
      #expect(try await client.participant(on: app.db).status == .completed)
    }
  }

  @Test("the start-up check completes every participant whose stored sort is submitted, and only those")
  func repairOfExistingRows() async throws {
    try await withPOETQ { app in
      var (client, submission, revision) = try await Self.atSubmission(app)
      #expect(try await client.post(submission, revision: revision).status == .seeOther)
      try await Participant.query(on: app.db).filter(\.$code == client.code).set(\.$status, to: .inProgress).update()
      // A second participant midway through the sort: in progress, rightly.
      let study = try await client.participant(on: app.db).$study.get(on: app.db)
      var midway = try await ParticipantClient.invite(app, to: study)
      try await midway.consent()
      try await midway.answerAndContinue()
      try await midway.presortAll(agree: 15, neutral: 10)
      #expect(try await midway.participant(on: app.db).status == .inProgress)

      #expect(try await SubmittedStatusRepair.run(on: app.db, logger: app.logger) == 1, "one lagging sort")
      #expect(try await client.participant(on: app.db).status == .completed)
      #expect(try await midway.participant(on: app.db).status == .inProgress, "an unfinished sort stays in progress")
      #expect(try await SubmittedStatusRepair.run(on: app.db, logger: app.logger) == 0, "nothing left to repair")

      // The same check runs with the migrations, at start-up and in `poetq migrate`.
      try await Participant.query(on: app.db).filter(\.$code == client.code).set(\.$status, to: .consented).update()
      try await app.migrateSafely()
      #expect(try await client.participant(on: app.db).status == .completed)
    }
  }
}
