import Fluent
import Foundation
import POETQKit

/// Withdrawing a participant: every contribution goes, the fact that it happened stays.
enum ParticipantWithdrawal {
  /// Who withdrew the participant.
  enum Actor: Equatable {
    case researcher(UUID)
    case participant

    var name: String {
      switch self {
      case .researcher(let id): "researcher \(id.uuidString)"
      case .participant: "participant"
      }
    }
  }

  /// In one transaction: deletes the response (placements, answers, comments, timings), clears the
  /// name and e-mail, sets the status `withdrawn` (the code stays, so the link says so and cannot
  /// start again), marks the stored analyses that used its sort as needing a re-run, and records an audit event
  /// with the site and who did it, never the content. Withdrawing twice changes nothing more.
  static func withdraw(_ participant: Participant, by actor: Actor, on db: any Database) async throws {
    let participantID = try participant.requireID()
    try await db.transaction { db in
      guard let current = try await Participant.query(on: db).filter(\.$id == participantID).with(\.$site).first(),
        current.status != .withdrawn
      else { return }
      let hadSort = current.status == .completed
      try await SortResponse.query(on: db).filter(\.$participant.$id == participantID).delete()
      current.name = nil
      current.email = nil
      current.status = .withdrawn
      try await current.save(on: db)
      // Exactly the analyses that used this sort need a re-run (see AnalysisRuns). A researcher's
      // preview and an unfinished sort never enter an analysis.
      var quotesRemoved = 0
      if !current.isPreview && hadSort {
        try await AnalysisRuns.markWithdrawn(sortID: current.sortID, studyID: current.$study.id, on: db)
        // Their words pinned to any factor of any analysis go too (the factor page says so).
        if let sortID = current.sortID {
          quotesRemoved = try await InterpretationStore.removeQuotes(
            ofSort: sortID, studyID: current.$study.id, reason: .withdrawn, on: db)
        }
      }
      var userID: UUID? = nil
      if case .researcher(let id) = actor { userID = id }
      try await AuditEvent(
        studyID: current.$study.id, userID: userID, action: "participant.withdrawn",
        detail: "site \(current.site.name); by \(actor.name)"
          + (hadSort ? "; completed sort\(current.sortID.map { " " + $0 } ?? "") deleted" : "; no completed sort")
          + (quotesRemoved > 0 ? "; \(quotesRemoved) pinned quote\(quotesRemoved == 1 ? "" : "s") removed" : "")
      ).save(on: db)
    }
    participant.status = .withdrawn
    participant.name = nil
    participant.email = nil
  }
}
