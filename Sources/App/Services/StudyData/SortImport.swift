import Fluent
import Foundation
import POETQKit
import QMethod

/// Sorts collected elsewhere, brought into a study: read and checked by the engine
/// (``SortImportScreen``), then stored as completed participants of one site.
enum SortImport {
  /// The upload as the preview and the confirmation both read it.
  struct Upload: Sendable {
    var fileName: String
    var data: Data
    var textsFileName: String?
    var texts: Data?
  }

  /// Reads and checks an upload against the study, on the import threads (``ImportParsing``).
  /// - Throws: 422 naming the file, line and field when the file itself cannot be read; 503 when
  ///   too many files are being read at once.
  static func screen(_ upload: Upload, study: Study, on db: any Database) async throws -> SortImportScreen {
    let design = try await StudyDesign.load(study, on: db)
    let studyID = try study.requireID()
    let taken = try await Participant.query(on: db).filter(\.$study.$id == studyID).filter(\.$sortID != nil).all()
    let statements = design.statements.sorted { $0.number < $1.number }
    let forced = study.distributionKind == .forced
    let takenIDs = Set(taken.compactMap(\.sortID))
    let result = try await ImportParsing.run(logger: db.logger) {
      Result { () throws(QMethodError) in
        try check(upload, design: design, statements: statements, forced: forced, takenIDs: takenIDs)
      }
    }
    do {
      return try result.get()
    } catch {
      throw Refusal.invalid(error.webMessage)
    }
  }

  private static func check(
    _ upload: Upload, design: StudyTemplate, statements: [TemplateStatement], forced: Bool, takenIDs: Set<String>
  ) throws(QMethodError) -> SortImportScreen {
    try SortImportScreen.screen(
      data: upload.data, fileName: upload.fileName, textsFile: upload.texts,
      statementNumbers: statements.map(\.number), statementTexts: statements.map(\.text),
      distribution: try StudyDataExport.distribution(of: design, forced: forced), takenIDs: takenIDs)
  }

  /// Stores the valid sorts of `screen` as completed participants at `site`, all or nothing, and
  /// records the import in the audit log (counts only).
  /// - Throws: 422 when a sort is invalid and `skipInvalid` is off, or when there is nothing to import.
  /// - Returns: how many sorts were imported.
  static func store(
    _ screen: SortImportScreen, fileName: String, site: Site, skipInvalid: Bool, study: Study, by userID: UUID,
    on db: any Database
  ) async throws -> Int {
    if screen.invalidCount > 0, !skipInvalid {
      throw Refusal.invalid(
        "\(screen.invalidCount) of the \(screen.sorts.count) sorts are invalid, so nothing was imported. "
          + "Correct the file, or choose to skip the invalid sorts.")
    }
    let valid = screen.sorts.filter(\.isValid)
    guard !valid.isEmpty else { throw Refusal.invalid("The file holds no valid sort to import.") }
    let studyID = try study.requireID()
    let siteID = try site.requireID()
    try await db.transaction { db in
      let existing = try await Participant.query(on: db).filter(\.$study.$id == studyID).all()
      var taken = Set(existing.compactMap(\.sortID))
      var number = existing.compactMap(\.sortNumber).max() ?? 0
      let now = Date()
      var participants: [Participant] = []
      var responses: [SortResponse] = []
      for sort in valid {
        number += 1
        var id = sort.sourceID
        if !SortIDs.isKeepable(id) || taken.contains(id) {
          var candidate = number
          repeat {
            id = SortIDs.make(site: site.name, number: candidate)
            candidate += 1
          } while taken.contains(id)
        }
        taken.insert(id)
        let participant = Participant(studyID: studyID, siteID: siteID, code: ParticipantCode.make())
        participant.status = .completed
        participant.sortID = id
        participant.sortNumber = number
        participant.id = UUID()
        let response = SortResponse(participantID: try participant.requireID(), stage: FlowStage.submitted.rawValue)
        response.placements = try ResponseStore.json(sort.scores)
        response.stageTimestamps = try ResponseStore.json([FlowStage.submitted.rawValue: now])
        response.submittedAt = now
        response.revision = 1
        participants.append(participant)
        responses.append(response)
      }
      // In batches of one statement each (one insert per row took 31 s for 10,000 sorts); 200 rows
      // stay well under SQLite's and PostgreSQL's limits on bound values.
      for start in stride(from: 0, to: participants.count, by: 200) {
        try await participants[start..<min(start + 200, participants.count)].create(on: db)
      }
      for start in stride(from: 0, to: responses.count, by: 200) {
        try await responses[start..<min(start + 200, responses.count)].create(on: db)
      }
      try await AuditEvent(
        studyID: studyID, userID: userID, action: "sorts.imported",
        detail:
          "\(valid.count) sort\(valid.count == 1 ? "" : "s") from \(fileName) (\(screen.format.rawValue)) at site \(site.name)"
          + (screen.invalidCount > 0 ? "; \(screen.invalidCount) invalid skipped" : "")
      ).save(on: db)
    }
    return valid.count
  }
}
