import Fluent
import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// Nothing is lost and nothing is applied twice: every action is saved with a revision, a retried
/// request is answered as done, a stale or out-of-order one is refused and changes nothing.
@Suite("Participant saving")
struct ParticipantSavingTests {
  /// A participant who has consented and answered the questions, at the first presort statement.
  static func atPresort(_ app: Application, configure: (Study) -> Void = { _ in }) async throws -> (
    Study, ParticipantClient
  ) {
    var (study, client) = try await ParticipantClient.openTemplateStudy(app, configure: configure)
    try await client.consent()
    try await client.answerAndContinue()
    #expect(client.page.contains("Statement 1 of 40"))
    return (study, client)
  }

  @Test("a retried request is answered as done; a stale or out-of-order one is refused and changes nothing")
  func revisions() async throws {
    try await withPOETQ { app in
      var (_, client) = try await Self.atPresort(app)
      let first = try #require(client.presortStatement)
      let revision = client.revision
      let sortFirst = [("action", "presort"), ("statement", String(first)), ("pile", "agree")]
      #expect(try await client.post(sortFirst, revision: revision).status == .seeOther)
      #expect(client.page.contains("Statement 2 of 40"))
      #expect(client.page.contains("Agree: “"), "the placement is announced")

      // The same request again (a retry after a lost answer): done, not applied twice.
      let retried = try await client.post(sortFirst, revision: revision)
      #expect(retried.status == .seeOther)
      var stored = try #require(try await client.response(on: app.db))
      #expect(stored.revision == revision + 1, "applied once")

      // A different action on the old revision (another tab): refused, nothing changes.
      let second = try #require(client.presortStatement)
      let stale = try await client.post(
        [("action", "presort"), ("statement", String(second)), ("pile", "disagree")], revision: revision)
      #expect(stale.status == .conflict)
      #expect(client.page.contains("This page was out of date"))
      #expect(client.page.contains("Statement 2 of 40"), "the latest progress is shown")
      stored = try #require(try await client.response(on: app.db))
      #expect(stored.revision == revision + 1)
      #expect(try JSONDecoder().decode([Int: PresortPile].self, from: Data(stored.presort.utf8)) == [first: .agree])

      // Two more steps, then the first request arrives late: refused.
      try await client.post([("action", "presort"), ("statement", String(second)), ("pile", "neutral")])
      try await client.post([("action", "undo_presort")])
      #expect(client.page.contains("Undone."))
      let late = try await client.post(sortFirst, revision: revision)
      #expect(late.status == .conflict)
      stored = try #require(try await client.response(on: app.db))
      #expect(stored.revision == revision + 3)
      #expect(try JSONDecoder().decode([Int: PresortPile].self, from: Data(stored.presort.utf8)) == [first: .agree])

      // A form that is not one the pages send.
      let odd = try await client.post([("action", "fly")])
      #expect(odd.status == .badRequest)
      #expect(try await client.response(on: app.db)?.revision == revision + 3)
    }
  }

  @Test("two requests racing on one revision: exactly one is saved")
  func race() async throws {
    try await withPOETQ { app in
      var (_, client) = try await Self.atPresort(app)
      try await client.get()
      let statement = try #require(client.presortStatement)
      let revision = client.revision
      let racers = [("agree", client), ("disagree", client)]
      let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
        for (pile, racer) in racers {
          var racer = racer
          group.addTask {
            try await racer.post(
              [("action", "presort"), ("statement", String(statement)), ("pile", pile)], revision: revision
            ).status
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(statuses.filter { $0 == .seeOther }.count == 1, "one wins: \(statuses)")
      #expect(statuses.filter { $0 == .conflict }.count == 1, "the other is told the page was out of date")
      let stored = try #require(try await client.response(on: app.db))
      #expect(stored.revision == revision + 1)
      #expect(try JSONDecoder().decode([Int: PresortPile].self, from: Data(stored.presort.utf8)).count == 1)
    }
  }

  @Test("typing is saved in the background (JSON) and what was typed survives a refused continue")
  func backgroundSave() async throws {
    try await withPOETQ { app in
      var (_, client) = try await ParticipantClient.openTemplateStudy(app)
      try await client.consent()
      let revision = client.revision
      let saved = try await client.post(
        [("asked", "role"), ("q.role", "District nurse"), ("action", "save")], json: true)
      #expect(saved.status == .ok)
      let result = try saved.content.decode(ParticipantController.SaveResult.self)
      #expect(result.revision == revision + 1)
      #expect(result.announce == "Saved.")
      let refused = try await client.post(
        [("asked", "role"), ("q.role", "Practice nurse"), ("action", "continue")], revision: result.revision)
      #expect(refused.status == .unprocessableEntity, "other required questions are unanswered")
      #expect(client.page.contains("value=\"Practice nurse\""), "the typed answer is kept on the page")
      let stored = try #require(try await client.response(on: app.db))
      #expect(stored.stage == "questions_before")
      #expect(
        try JSONDecoder().decode([String: [String]].self, from: Data(stored.answers.utf8)) == [
          "role": ["Practice nurse"]
        ])
      let invalid = try await client.post(
        [("asked", "organisation"), ("q.organisation", "Not an option"), ("action", "save")], json: true)
      #expect(invalid.status == .unprocessableEntity)
      #expect(
        try invalid.content.decode(ParticipantController.SaveResult.self).error.contains("Choose one of the options"))
    }
  }

  @Test("declining stores nothing else; unknown, closed and draft studies say so")
  func declineAndAccess() async throws {
    try await withPOETQ { app in
      var (study, client) = try await ParticipantClient.openTemplateStudy(app)
      try await client.get("?step=consent")
      let asked = try await client.post([("choice", "decline_ask"), ("version", "1")], to: "/consent")
      #expect(asked.status == .ok, "declining is asked once more")
      #expect(client.page.contains("Nothing you entered will be kept"))
      #expect(try await client.participant(on: app.db).status != .declined)
      let declined = try await client.post([("choice", "decline"), ("version", "1")], to: "/consent")
      #expect(declined.status == .seeOther)
      #expect(client.page.contains("You chose not to take part"))
      #expect(client.page.contains("Take part after all"))
      #expect(try await client.participant(on: app.db).status == .declined)
      #expect(try await client.response(on: app.db) == nil)
      let agreeLater = try await client.post([("choice", "agree"), ("version", "1")], to: "/consent")
      #expect(agreeLater.status == .seeOther)
      #expect(try await client.response(on: app.db) == nil, "a decision stands")

      // The participant changes their mind from the same link: the consent form again.
      let reconsidered = try await client.post([("choice", "reconsider")], to: "/consent")
      #expect(reconsidered.status == .seeOther)
      #expect(try await client.participant(on: app.db).status == .opened)
      #expect(client.page.contains("I agree to take part."))

      var unknown = ParticipantClient(app, code: ParticipantCode.make())
      #expect(try await unknown.get().status == .notFound)
      #expect(unknown.page.contains("This link does not work"))
      var malformed = ParticipantClient(app, code: "x'; drop table")
      #expect(try await malformed.get().status == .notFound)

      // Consent to a text that changed after it was shown is refused.
      var other = try await ParticipantClient.invite(app, to: study)
      try await other.get("?step=consent")
      study.consentVersion = 2
      try await study.save(on: app.db)
      let outdated = try await other.post([("choice", "agree"), ("version", "1")], to: "/consent")
      #expect(outdated.status == .conflict)
      #expect(other.page.contains("Consent form version 2"))
      #expect(try await other.response(on: app.db) == nil)

      study.status = .closed
      try await study.save(on: app.db)
      try await other.get()
      #expect(other.page.contains("This study has closed"))
    }
  }

  @Test("grid mode: a full column and an incomplete grid are refused with the reason; nothing changes")
  func gridMode() async throws {
    try await withPOETQ { app in
      var (_, client) = try await Self.atPresort(app) { $0.sortMode = .grid }
      try await client.presortAll(agree: 15, neutral: 10)
      try await client.post([("action", "continue")])
      #expect(client.page.contains("Place the statements in the grid"))
      #expect(client.page.contains("40 statements still to place"))
      let statements = client.matches(#"name="select" value="(\d+)""#).compactMap { Int($0) }
      #expect(statements.count == 40)
      for statement in statements.prefix(2) {
        #expect(
          try await client.post([("action", "place"), ("statement", String(statement)), ("score", "4")]).status
            == .seeOther)
      }
      // The page after a placement offers the next statement of the same pile (the first two are
      // the disagree pile's), with the focus on the column just used, or the first with room.
      #expect(client.page.contains(#"name="statement" value="\#(statements[2])""#), "the next one to place")
      #expect(client.page.contains(#"data-focus="to-col-m4""#), "+4 is full: the first column with room")
      #expect(client.page.contains(#"id="to-col-p4" disabled"#))
      let full = try await client.post([("action", "place"), ("statement", String(statements[2])), ("score", "4")])
      #expect(full.status == .unprocessableEntity)
      #expect(client.page.contains("Column +4 already holds 2 statements"))
      let incomplete = try await client.post([("action", "continue")])
      #expect(incomplete.status == .unprocessableEntity)
      #expect(client.page.contains("38 statements are not placed yet."))
      let stored = try #require(try await client.response(on: app.db))
      #expect(stored.stage == "placing")
      #expect(try JSONDecoder().decode([Int: Int].self, from: Data(stored.placements.utf8)).count == 2)

      // Unplacing, then every column filled in order, goes on to the review.
      try await client.post([("action", "place"), ("statement", String(statements[0])), ("score", "")])
      #expect(client.page.contains("39 statements still to place"))
      var remaining = statements.filter { $0 != statements[1] }
      for (score, capacity) in zip(-4...4, [2, 3, 4, 6, 10, 6, 4, 3, 2]) {
        let room = score == 4 ? 1 : capacity
        for statement in remaining.prefix(room) {
          try await client.post([("action", "place"), ("statement", String(statement)), ("score", String(score))])
        }
        remaining.removeFirst(room)
      }
      #expect(client.page.contains("Every statement is placed."))
      try await client.post([("action", "continue")])
      #expect(client.page.contains("Check your grid"))
      try await client.post([("action", "back")])
      #expect(client.page.contains("Place the statements in the grid"), "grid mode can go back from the review")
    }
  }

  @Test("a required comment missing refuses the final submission; nothing changes")
  func submissionRefused() async throws {
    try await withPOETQ { app in
      var (_, client) = try await Self.atPresort(app) { $0.commentsRequired = true }
      try await client.presortAll(agree: 15, neutral: 10)
      try await client.post([("action", "continue")])
      try await client.rankAll()
      try await client.post([("action", "continue")])
      let commented = client.matches(#"name="c\.(\d+)""#)
      #expect(commented.count == 4)
      let partial = try await client.post(
        commented.dropLast().map { ("c.\($0)", "Why \($0)") } + [("action", "continue")])
      #expect(partial.status == .unprocessableEntity)
      #expect(client.page.contains("Please write a comment on “"), "the statement is quoted, not numbered")
      #expect(!client.page.contains("statement \(commented.last ?? "")"))
      #expect(client.page.contains(#"id="c\#(commented.last ?? "")-error""#), "the missing one is marked beside it")
      var stored = try #require(try await client.response(on: app.db))
      #expect(stored.stage == "comments")
      #expect(
        try JSONDecoder().decode([Int: String].self, from: Data(stored.comments.utf8)).count == 3, "typed ones kept")
      try await client.post([("c.\(commented.last ?? "")", "Last one"), ("action", "continue")])
      #expect(client.page.contains("A few questions after the sort"))
      // The one question after the sort is optional: submitting without it is accepted.
      let submitted = try await client.post([("action", "continue")] + client.answers().filter { $0.0 == "asked" })
      #expect(submitted.status == .seeOther)
      stored = try #require(try await client.response(on: app.db))
      #expect(stored.stage == "submitted")
      #expect(stored.submittedAt != nil)
    }
  }
}
