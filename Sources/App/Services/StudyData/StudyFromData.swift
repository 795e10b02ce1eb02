import Fluent
import Foundation
import POETQKit
import QMethod

/// A new study made from a data file of another tool (a PQMethod .DAT with its .STA, a CSV, a KADE
/// workbook): the engine's readers give the title, the Q-set and the grid, ``SortImportScreen``
/// checks every sort against that grid, and one transaction creates the study, its grid, one site
/// and the imported sorts, or nothing. The study is closed to participants: its sorts were
/// collected elsewhere, and it is there to be analysed.
enum StudyFromData {
  /// What the file would make, shown before anything is created.
  struct Plan: Sendable {
    var title: String
    var format: QDataFormat
    var statements: [TemplateStatement]
    var columns: [TemplateColumn]
    var forced: Bool
    var siteName: String
    /// Every sort of the file, valid or with the reason it would be left out.
    var screen: SortImportScreen
    /// How the text was decoded ("UTF-8", or the engine's note on a guessed encoding).
    var encoding: [String]
    /// What else the reader noted (differing texts, a free grid chosen, …).
    var notes: [String]
    /// The numbers of the statements the file gives no text for (a .DAT without its .STA, a CSV of
    /// scores only): they are called "Statement <n>".
    var untitledStatements: [Int] = []
  }

  /// Reads `upload` on the import threads (``ImportParsing``) and plans the study.
  /// - Throws: 422 naming the file, line and field when the file cannot make a study; 503 when too
  ///   many files are being read at once.
  static func plan(_ upload: SortImport.Upload, logger: Logger) async throws -> Plan {
    let result = try await ImportParsing.run(logger: logger) {
      Result { () throws(PlanError) in try read(upload) }
    }
    do {
      return try result.get()
    } catch {
      throw Refusal.invalid(error.description)
    }
  }

  /// A problem with the upload: the engine's own message (file, line, field) or a design rule's.
  struct PlanError: Error, Sendable, CustomStringConvertible {
    var description: String
  }

  static func read(_ upload: SortImport.Upload) throws(PlanError) -> Plan {
    do {
      return try readChecked(upload)
    } catch let error as QMethodError {
      throw PlanError(description: error.description)
    } catch let error as DesignError {
      throw PlanError(description: "\(upload.fileName): \(error.description)")
    } catch let error as PlanError {
      throw error
    } catch {
      throw PlanError(description: "\(upload.fileName): \(error)")
    }
  }

  private static func readChecked(_ upload: SortImport.Upload) throws -> Plan {
    let format = try QDataFormat.detect(data: upload.data, fileName: upload.fileName)
    var encoding: [String] = []
    var texts: [String]? = nil
    if let textsData = upload.texts {
      let textsName = upload.textsFileName ?? "the statement texts file"
      let read = try QDataReader.readStatementTexts(data: textsData, fileName: textsName)
      texts = read.texts
      while texts?.last?.isEmpty == true { texts?.removeLast() }
      if let note = read.note { encoding.append(note) }
    }
    let data = try readSorts(upload, format: format, texts: texts)
    let guessed = data.notes.filter { note in TextEncoding.allCases.contains { note.contains($0.displayName) } }
    encoding += guessed
    if encoding.isEmpty { encoding = [format == .kadeXLSX ? "UTF-8 (an Excel workbook)" : "UTF-8"] }

    guard data.statementCount <= QSetRules.maxStatements else {
      throw PlanError(
        description:
          "\(upload.fileName): the file has \(data.statementCount) statements; a study holds at most \(QSetRules.maxStatements)."
      )
    }
    var statements: [TemplateStatement] = []
    var untitled: [Int] = []
    for (offset, statement) in data.statements.enumerated() {
      // A .DAT without its .STA, or a CSV of scores only, names no statement: "Statement 7".
      let text = statement.text.trimmingCharacters(in: .whitespacesAndNewlines)
      if text.isEmpty { untitled.append(offset + 1) }
      statements.append(
        try QSetRules.checked(
          TemplateStatement(number: offset + 1, text: text.isEmpty ? "Statement \(offset + 1)" : text, codes: []),
          line: offset + 1))
    }
    let (columns, forced) = try grid(data)
    let checked = try GridRules.checked(columns, statementCount: statements.count, forced: forced)
    let distribution =
      forced
      ? try Distribution(
        minScore: data.distribution.minScore, maxScore: data.distribution.maxScore,
        capacities: checked.map(\.capacity))
      : try Distribution.free(minScore: data.distribution.minScore, maxScore: data.distribution.maxScore)
    let screen = try SortImportScreen.screen(
      data: upload.data, fileName: upload.fileName, textsFile: upload.texts,
      statementNumbers: statements.map(\.number), statementTexts: statements.map(\.text),
      distribution: distribution, takenIDs: [])
    let title = data.title.trimmingCharacters(in: .whitespacesAndNewlines)
    let stem = (upload.fileName as NSString).deletingPathExtension.trimmingCharacters(in: .whitespacesAndNewlines)
    return Plan(
      title: String((title.isEmpty ? (stem.isEmpty ? "Imported study" : stem) : title).prefix(200)),
      format: format, statements: statements, columns: checked, forced: forced,
      siteName: String((stem.isEmpty ? "Imported" : stem).prefix(60)), screen: screen, encoding: encoding,
      notes: screen.notes.filter { note in !encoding.contains(note) }, untitledStatements: untitled)
  }

  /// The file read by the engine, leaving out (and naming) the records it cannot use.
  private static func readSorts(_ upload: SortImport.Upload, format: QDataFormat, texts: [String]?)
    throws(QMethodError) -> QSortData
  {
    do {
      return try QDataReader.read(
        data: upload.data, fileName: upload.fileName, format: format, statementTexts: texts,
        options: ReadOptions(skipInvalid: true))
    } catch {
      // The engine names the texts file only when it read it from disk; name the uploaded one.
      switch error {
      case .malformedInput("statement texts", let line, let field, let message):
        throw .malformedInput(
          file: upload.textsFileName ?? "statement texts", line: line, field: field, message: message)
      default: throw error
      }
    }
  }

  /// The grid of the file: PQMethod's header or the KADE pattern, else the shape the sorts share
  /// (forced); when they share none, a free grid whose columns hold as many statements as the
  /// fullest sort puts there.
  private static func grid(_ data: QSortData) throws -> ([TemplateColumn], Bool) {
    let range = data.distribution.minScore...data.distribution.maxScore
    guard abs(range.lowerBound) <= GridRules.scoreLimit, abs(range.upperBound) <= GridRules.scoreLimit else {
      throw DesignError(
        field: "Grid",
        "the scores run \(GridRules.scoreName(range.lowerBound))…\(GridRules.scoreName(range.upperBound)); "
          + "a POETQ grid runs from −\(GridRules.scoreLimit) to +\(GridRules.scoreLimit) at most.")
    }
    if let capacities = data.distribution.capacities {
      return (zip(range, capacities).map { TemplateColumn(score: $0, capacity: $1, label: "") }, true)
    }
    var fullest = [Int](repeating: 0, count: range.count)
    for index in 0..<data.sortCount {
      var counts = [Int](repeating: 0, count: range.count)
      for score in data.sort(index) where range.contains(score) { counts[score - range.lowerBound] += 1 }
      fullest = zip(fullest, counts).map { max($0, $1) }
    }
    return (zip(range, fullest).map { TemplateColumn(score: $0, capacity: $1, label: "") }, false)
  }

  /// Creates the study `plan` describes, owned by `owner`, with its valid sorts imported at one site,
  /// all in one transaction, and audits the creation (and the import, as the Data tab does).
  /// - Throws: 422 when the file holds no valid sort (nothing is created).
  static func create(_ plan: Plan, fileName: String, owner: User, on db: any Database) async throws -> Study {
    let ownerID = try owner.requireID()
    return try await db.transaction { db in
      let study = Study(slug: try await StudyAccess.uniqueSlug(for: plan.title, on: db), title: plan.title)
      study.description = "Created from \(fileName): sorts collected elsewhere, imported for analysis."
      study.status = .closed
      study.distributionKind = plan.forced ? .forced : .free
      study.minScore = plan.columns.first?.score ?? -4
      study.maxScore = plan.columns.last?.score ?? 4
      try await study.save(on: db)
      let studyID = try study.requireID()
      try await StudyMembership(studyID: studyID, userID: ownerID, role: .owner).save(on: db)
      for (position, statement) in plan.statements.enumerated() {
        try await StudyStatement(
          studyID: studyID, number: statement.number, text: statement.text, codes: [], position: position
        ).save(on: db)
      }
      for column in plan.columns {
        try await DistributionColumn(studyID: studyID, score: column.score, capacity: column.capacity, label: "")
          .save(on: db)
      }
      let site = Site(studyID: studyID, name: plan.siteName, position: 0)
      try await site.save(on: db)
      try await AuditEvent(
        studyID: studyID, userID: ownerID, action: "study.create",
        detail: "from data file \(fileName) (\(plan.format.rawValue))"
      ).save(on: db)
      // The Data tab's import, joined to this transaction: a failure there leaves no study behind.
      _ = try await SortImport.store(
        plan.screen, fileName: fileName, site: site, skipInvalid: true, study: study, by: ownerID, on: db)
      return study
    }
  }
}
