import Fluent
import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// The service behind every participant post: saved, already saved (a retry), stale, refused.
@Suite("Participant acting")
struct ParticipantActingTests {
  @Test("saves once, recognises a retry, refuses a stale revision and what the flow refuses, changing nothing")
  func outcomes() async throws {
    try await withPOETQ { app in
      let (_, client) = try await ParticipantSavingTests.atPresort(app)
      let participant = try await client.participant(on: app.db)
      let id = try participant.requireID()
      let study = try await participant.$study.get(on: app.db)
      let design = try FlowDesign(study: study, design: try await StudyDesign.load(study, on: app.db))
      let acting = ParticipantActing(participant: participant, participantID: id, design: design, db: app.db)
      let stored = try #require(try await ResponseStore.load(participantID: id, on: app.db))
      let first = try #require(stored.flow.nextInPresort)
      let sortFirst: [FlowAction] = [.presort(statement: first, pile: .agree)]

      guard case .saved(let saved) = try await acting.act(sortFirst, revision: stored.revision, over: stored) else {
        Issue.record("the first post is saved")
        return
      }
      #expect(saved.revision == stored.revision + 1 && saved.flow.presort[first] == .agree)
      #expect(try await client.participant(on: app.db).status == .inProgress, "the status follows the flow")

      // The same post again (its answer was lost on the way): already saved, nothing new.
      guard case .alreadySaved(let retried) = try await acting.act(sortFirst, revision: stored.revision, over: saved)
      else {
        Issue.record("a retry is recognised")
        return
      }
      #expect(retried.revision == saved.revision)

      // A form from further back, or a different post at the old revision: stale.
      guard case .stale = try await acting.act([.undoPresort], revision: stored.revision, over: saved) else {
        Issue.record("an old form is stale")
        return
      }

      // The flow refuses: the first statement is sorted already.
      guard
        case .refused(.notNextInPresort, let unchanged) = try await acting.act(
          sortFirst, revision: saved.revision, over: saved)
      else {
        Issue.record("the flow's refusal is passed on")
        return
      }
      #expect(unchanged.revision == saved.revision)
      #expect(try await ResponseStore.load(participantID: id, on: app.db)?.revision == saved.revision)

      // Two saves over the same revision (two tabs at once): the second is stale, with the latest flow.
      let second = try #require(saved.flow.nextInPresort)
      guard
        case .saved(let latest) = try await acting.act(
          [.presort(statement: second, pile: .neutral)], revision: saved.revision, over: saved)
      else {
        Issue.record("the second statement is saved")
        return
      }
      guard
        case .stale(let found) = try await acting.act(
          [.presort(statement: second, pile: .disagree)], revision: saved.revision, over: saved)
      else {
        Issue.record("a save over a revision already superseded is stale")
        return
      }
      #expect(found.revision == latest.revision && found.flow.presort[second] == .neutral)
    }
  }
}
