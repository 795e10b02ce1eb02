import Fluent
import Foundation
import POETQKit
import QMethod

/// Reads and saves the interpretations of a stored analysis. A save names the revision it was made
/// from (as a participant's autosave does): a save from the current revision is stored and raises it;
/// the same text again is answered as saved; a save from an older revision is refused (409) with the
/// stored text, so nothing typed elsewhere is silently overwritten. Every save is audit-logged.
enum InterpretationStore {
  struct Saved: Sendable {
    var interpretation: FactorInterpretation
    var revision: Int
  }

  /// A conflict (409): the save was made from an older revision; carries what is stored now.
  struct Stale: Refusing {
    var current: Saved
    var refusal: Refusal {
      .conflict("revision: this factor was saved elsewhere since (now revision \(current.revision)); reload to see it.")
    }
  }

  static func all(analysisID: UUID, on db: any Database) async throws -> [Int: Saved] {
    let records = try await InterpretationRecord.query(on: db).filter(\.$analysis.$id == analysisID).all()
    var result: [Int: Saved] = [:]
    for record in records {
      result[record.factor] = Saved(interpretation: try decode(record.content), revision: record.revision)
    }
    return result
  }

  static func one(analysisID: UUID, factor: Int, on db: any Database) async throws -> Saved {
    try await all(analysisID: analysisID, on: db)[factor] ?? Saved(interpretation: FactorInterpretation(), revision: 0)
  }

  /// Validates and stores the interpretation of `factor`.
  /// - Parameter baseRevision: the revision the text was written from; `nil` overwrites (the API's
  ///   plain PUT).
  /// - Throws: 422 naming the field (``InterpretationError``), ``Stale`` (409).
  static func save(
    _ interpretation: FactorInterpretation, factor: Int, baseRevision: Int?, analysis: Analysis,
    result: AnalysisResult, codes: [String], study: Study, by userID: UUID, on db: any Database
  ) async throws -> Saved {
    let validated: FactorInterpretation
    do {
      validated = try interpretation.validated(factor: factor, in: result, codes: codes)
    } catch {
      throw Refusal.invalid(error.description)
    }
    // A withdrawn participant's words never come back, whatever an old page or a script sends.
    let withdrawn = Set(analysis.withdrawnSortIDs)
    if let index = validated.quotes.firstIndex(where: { withdrawn.contains($0.sort) }) {
      throw Refusal.invalid(
        "quotes[\(index)].sort: the participant of sort “\(validated.quotes[index].sort)” withdrew")
    }
    let analysisID = try analysis.requireID()
    return try await db.transaction { db in
      let record = try await InterpretationRecord.query(on: db).filter(\.$analysis.$id == analysisID)
        .filter(\.$factor == factor).first()
      let stored = try record.map { Saved(interpretation: try decode($0.content), revision: $0.revision) }
      // What was removed without the researcher's hand is the server's to keep, not the client's.
      var checked = validated
      checked.removedQuotes = stored?.interpretation.removedQuotes ?? []
      if let stored, stored.interpretation == checked { return stored }  // a retry, or nothing changed
      if let baseRevision, baseRevision != (stored?.revision ?? 0) {
        throw Stale(current: stored ?? Saved(interpretation: FactorInterpretation(), revision: 0))
      }
      let content = try encode(checked)
      let revision = (stored?.revision ?? 0) + 1
      if let record {
        // Compare-and-swap on the revision: of two saves at once, the second finds the row moved on.
        try await InterpretationRecord.query(on: db).filter(\.$id == record.requireID())
          .filter(\.$revision == record.revision).set(\.$content, to: content).set(\.$revision, to: revision)
          .set(\.$updatedBy.$id, to: userID).update()
        let now = try await InterpretationRecord.find(record.requireID(), on: db)
        guard let now, now.revision == revision, now.content == content else {
          throw Stale(
            current: Saved(
              interpretation: try now.map { try decode($0.content) } ?? checked, revision: now?.revision ?? revision))
        }
      } else {
        try await InterpretationRecord(
          analysisID: analysisID, factor: factor, content: content, revision: revision, updatedBy: userID
        ).create(on: db)
      }
      try await StudyEditor.audit(
        study, by: userID, "interpretation.save",
        "analysis \(analysis.name), factor \(result.factorLabels[factor - 1]), revision \(revision)", on: db)
      return Saved(interpretation: checked, revision: revision)
    }
  }

  /// Takes every quote of `sortID` out of the interpretations of the study's analyses, recording
  /// each as removed for `reason` (the factor page says so) and raising the revision, so an open
  /// page cannot save the words back. Part of a withdrawal's transaction.
  /// - Returns: how many quotes were removed.
  @discardableResult
  static func removeQuotes(
    ofSort sortID: String, studyID: UUID, reason: RemovedQuote.Reason, on db: any Database
  ) async throws -> Int {
    let analyses = try await Analysis.query(on: db).filter(\.$study.$id == studyID).all().compactMap(\.id)
    guard !analyses.isEmpty else { return 0 }
    var removed = 0
    for record in try await InterpretationRecord.query(on: db).filter(\.$analysis.$id ~~ analyses).all() {
      let stored = try decode(record.content)
      guard let changed = stored.removingQuotes(of: [sortID], reason: reason) else { continue }
      removed += stored.quotes.count - changed.quotes.count
      record.content = try encode(changed)
      record.revision += 1
      try await record.save(on: db)
    }
    return removed
  }

  private static func decode(_ content: String) throws -> FactorInterpretation {
    try JSONDecoder().decode(FactorInterpretation.self, from: Data(content.utf8))
  }

  private static func encode(_ interpretation: FactorInterpretation) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: try encoder.encode(interpretation), as: UTF8.self)
  }
}
