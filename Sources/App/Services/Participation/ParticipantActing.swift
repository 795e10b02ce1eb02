import Fluent
import Foundation
import POETQKit

/// What became of the actions a participant's form posted.
enum ActOutcome {
  /// Applied and saved at a new revision.
  case saved(StoredFlow)
  /// A retry of what the last save already holds (the first attempt got through, its answer did
  /// not): nothing new is saved, and the answer is the same as the first one's.
  case alreadySaved(StoredFlow)
  /// The form was rendered at an older revision (another tab, another device, a replay): nothing
  /// is saved; the flow is the latest one.
  case stale(StoredFlow)
  /// The flow refused an action. The actions before it in the same post were saved, so the flow
  /// is after them (the typed answers of a questionnaire are kept when going on is refused).
  case refused(FlowError, StoredFlow)
}

/// Applies a participant's actions to their stored flow and saves them, once: the revision the form
/// was rendered at guards against stale and replayed posts, and a retry of the last save is
/// recognised. The controller parses the form, calls ``act(_:revision:over:)`` and maps the outcome
/// to a page or a JSON answer; status changes of the participant follow the flow here.
struct ParticipantActing {
  let participant: Participant
  let participantID: UUID
  let design: FlowDesign
  let db: any Database
  /// The language the participant read the page in, to keep with them when it is not the one
  /// they have (nil when it is): written with the action's save, in the same transaction.
  var language: StudyLanguage? = nil

  func act(_ actions: [FlowAction], revision: Int, over stored: StoredFlow, at now: Date = Date()) async throws
    -> ActOutcome
  {
    if revision != stored.revision {
      if revision == stored.revision - 1, stored.lastAction == LastAction(revision: stored.revision, actions: actions) {
        // The first attempt's answer was lost: its status may have been lost with it (a save made
        // before the two writes shared a transaction), so the status catches up with the flow here.
        try await Self.follow(participant, flow: stored.flow, on: db)
        return .alreadySaved(stored)
      }
      return .stale(stored)
    }
    var flow = stored.flow
    var applied: [FlowAction] = []
    var refusal: FlowError?
    for action in actions {
      do {
        flow = try flow.applying(action, design: design, at: now)
        applied.append(action)
      } catch {
        refusal = error
        break
      }
    }
    var saved = stored
    if !applied.isEmpty {
      // The flow and the participant's status are written together or not at all: a submitted
      // sort whose status stayed "in progress" would drop out of every analysis and export.
      // Saved only over the revision read: a concurrent save in between makes this one stale.
      let (next, done) = (flow, applied)
      let previousStatus = participant.status
      let previousLanguage = participant.language
      let language = self.language
      let written: Bool
      do {
        if Self.status(of: participant.status, following: next) == previousStatus, language == nil {
          // Most saves leave the status as it is: then the save is the one conditional UPDATE,
          // atomic on its own, with no transaction around it (two statements fewer, and on SQLite
          // no IMMEDIATE lock taken before the write itself).
          written = try await ResponseStore.save(next, actions: done, over: stored, on: db)
        } else {
          written = try await db.transaction { db in
            guard try await ResponseStore.save(next, actions: done, over: stored, on: db) else { return false }
            try await Self.follow(participant, flow: next, language: language, on: db)
            return true
          }
        }
      } catch {
        // Rolled back: the model must not claim a status (or language) the database does not hold.
        participant.status = previousStatus
        participant.language = previousLanguage
        throw error
      }
      guard written else {
        return .stale(try await ResponseStore.load(participantID: participantID, on: db) ?? stored)
      }
      saved = StoredFlow(
        responseID: stored.responseID, revision: stored.revision + 1, flow: flow,
        lastAction: LastAction(revision: stored.revision + 1, actions: applied))
    }
    if let refusal { return .refused(refusal, saved) }
    return .saved(saved)
  }

  /// The participant's status as the flow now stands: completed once submitted, in progress once
  /// the presort has begun.
  static func follow(
    _ participant: Participant, flow: ParticipantFlow, language: StudyLanguage? = nil, on db: any Database
  ) async throws {
    try await mark(participant, status(of: participant.status, following: flow), language: language, on: db)
  }

  /// The status a participant of `status` has once their flow stands at `flow`.
  static func status(of status: Participant.Status, following flow: ParticipantFlow) -> Participant.Status {
    if flow.stage == .submitted { return .completed }
    if status == .consented, !flow.presort.isEmpty { return .inProgress }
    return status
  }

  /// Sets the participant's status (and the language they take part in, when given), saving only
  /// when something changes.
  static func mark(
    _ participant: Participant, _ status: Participant.Status, language: StudyLanguage? = nil, on db: any Database
  ) async throws {
    let tag = language?.tag ?? participant.language
    guard participant.status != status || participant.language != tag else { return }
    participant.status = status
    participant.language = tag
    try await participant.save(on: db)
  }
}
