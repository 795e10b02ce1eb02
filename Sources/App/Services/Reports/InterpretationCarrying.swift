import Fluent
import Foundation
import POETQKit
import QMethod

/// Carries interpretations into an analysis from the one it was made from (``Analysis/derivedFrom``):
/// by itself when the new run is done (``InterpretationCarry``'s one-to-one matches), and one factor
/// at a time when the researcher takes a weaker match the page offers. Audited; never overwrites
/// what has been written in the new analysis.
enum InterpretationCarrying {
  /// The earlier analysis, its result and interpretations, and the matches, or `nil` when
  /// `analysis` was not made from another (or that one is gone or unfinished).
  struct Source {
    let analysis: Analysis
    let matches: [InterpretationCarry.Match]
    let interpretations: [Int: InterpretationStore.Saved]
    let result: AnalysisResult
  }

  /// - Parameter result: the analysis's result when the caller has it (the runner, before it marks
  ///   the run done); else it is read, once the analysis is done.
  static func source(of analysis: Analysis, result: AnalysisResult? = nil, on db: any Database) async throws
    -> Source?
  {
    guard let origin = analysis.derivedFrom,
      let earlier = try await Analysis.query(on: db).filter(\.$id == origin)
        .filter(\.$study.$id == analysis.$study.id).first(),
      let before = try await StoredResults.result(of: earlier, on: db)
    else { return nil }
    let after: AnalysisResult
    if let result {
      after = result
    } else {
      guard analysis.status == .done, let stored = try await StoredResults.result(of: analysis, on: db) else {
        return nil
      }
      after = stored
    }
    return Source(
      analysis: earlier, matches: InterpretationCarry.matches(from: before, to: after),
      interpretations: try await InterpretationStore.all(analysisID: origin, on: db), result: after)
  }

  /// Carries every one-to-one match of a finished analysis into factors that have nothing written.
  /// - Returns: how many factors were carried.
  @discardableResult
  static func carryAll(into analysis: Analysis, result: AnalysisResult, on db: any Database) async throws -> Int {
    guard let source = try await source(of: analysis, result: result, on: db) else { return 0 }
    var carried = 0
    for match in source.matches where match.carried {
      if try await carry(match, source, into: analysis, by: analysis.$createdBy.id, on: db) { carried += 1 }
    }
    return carried
  }

  /// Carries factor `from` of the earlier analysis to factor `to` of `analysis`, as the page offers.
  /// - Throws: 422 for factors the page did not offer; 409 when `to` has writing already.
  static func carryOne(
    from: Int, to: Int, into analysis: Analysis, study: Study, by userID: UUID, on db: any Database
  ) async throws {
    guard let source = try await source(of: analysis, on: db),
      let match = source.matches.first(where: { $0.from == from && $0.to == to })
    else {
      throw Refusal.invalid("from: that factor is not offered for carrying to this analysis.")
    }
    guard try await carry(match, source, into: analysis, by: userID, on: db) else {
      throw Refusal.conflict(
        "Factor \(source.result.factorLabels[to - 1]) has an interpretation already, or there is none to carry."
      )
    }
  }

  /// Stores the carried interpretation unless the target has writing or the source has none.
  private static func carry(
    _ match: InterpretationCarry.Match, _ source: Source, into analysis: Analysis, by userID: UUID?,
    on db: any Database
  ) async throws -> Bool {
    guard let from = source.interpretations[match.from], !from.interpretation.isEmpty else { return false }
    let analysisID = try analysis.requireID()
    let carried = InterpretationCarry.carried(from.interpretation, to: match.to, in: source.result)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let content = String(decoding: try encoder.encode(carried), as: UTF8.self)
    return try await db.transaction { db in
      if let existing = try await InterpretationRecord.query(on: db).filter(\.$analysis.$id == analysisID)
        .filter(\.$factor == match.to).first()
      {
        let written = try JSONDecoder().decode(FactorInterpretation.self, from: Data(existing.content.utf8))
        guard written.isEmpty else { return false }
        existing.content = content
        existing.revision += 1
        try await existing.save(on: db)
      } else {
        let record = InterpretationRecord()
        record.$analysis.id = analysisID
        record.factor = match.to
        record.content = content
        record.revision = 1
        record.$updatedBy.id = userID
        try await record.create(on: db)
      }
      try await AuditEvent(
        studyID: analysis.$study.id, userID: userID, action: "interpretation.carried",
        detail:
          "\(source.analysis.name) factor \(match.from) → \(analysis.name) factor \(match.to) (r = \(ReportFormat.fixed(match.r, 2)))"
      ).save(on: db)
      return true
    }
  }
}
