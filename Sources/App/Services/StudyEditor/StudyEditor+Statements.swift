import Fluent
import Foundation
import POETQKit

extension StudyEditor {
  /// Adds a statement at the end; an absent number becomes one more than the highest.
  @discardableResult
  static func addStatement(
    number: Int?, text: String, codes: [String], to study: Study, by userID: UUID, on db: any Database
  ) async throws -> StudyStatement {
    let studyID = try study.requireID()
    return try await db.transaction { db in
      try await StudyLock.ensureUnlocked(studyID: studyID, on: db)
      let existing = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).all()
      let next = (existing.map(\.number).max() ?? 0) + 1
      var all = existing.map(\.design)
      let clean = try QSetRules.checked(TemplateStatement(number: number ?? next, text: text, codes: codes))
      all.append(clean)
      _ = try QSetRules.checked(all)
      let statement = StudyStatement(
        studyID: studyID, number: clean.number, text: clean.text, codes: clean.codes,
        position: (existing.map(\.position).max() ?? -1) + 1)
      try await statement.save(on: db)
      try await auditDesignChange(study, by: userID, "statement.add", "statement \(clean.number)", on: db)
      return statement
    }
  }

  /// Changes one statement's number, text and codes.
  static func updateStatement(
    id: UUID, number: Int, text: String, codes: [String], in study: Study, by userID: UUID, on db: any Database
  ) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      try await StudyLock.ensureUnlocked(studyID: studyID, on: db)
      let existing = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).all()
      guard let statement = existing.first(where: { $0.id == id }) else {
        throw Refusal.notFound("That statement is not in this study (it may have been deleted).")
      }
      let clean = try QSetRules.checked(TemplateStatement(number: number, text: text, codes: codes))
      _ = try QSetRules.checked(existing.map { $0.id == id ? clean : $0.design })
      statement.number = clean.number
      statement.text = clean.text
      statement.codes = clean.codes.joined(separator: "; ")
      try await statement.save(on: db)
      try await auditDesignChange(study, by: userID, "statement.update", "statement \(clean.number)", on: db)
    }
  }

  static func deleteStatement(id: UUID, in study: Study, by userID: UUID, on db: any Database) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      try await StudyLock.ensureUnlocked(studyID: studyID, on: db)
      guard
        let statement = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).filter(\.$id == id)
          .first()
      else { throw Refusal.notFound("That statement is not in this study (it may have been deleted).") }
      try await statement.delete(on: db)
      try await auditDesignChange(study, by: userID, "statement.delete", "statement \(statement.number)", on: db)
    }
  }

  /// Moves a statement one place up (`offset` −1) or down (+1) in the display order.
  static func moveStatement(id: UUID, offset: Int, in study: Study, by userID: UUID, on db: any Database)
    async throws
  {
    let studyID = try study.requireID()
    try await db.transaction { db in
      try await StudyLock.ensureUnlocked(studyID: studyID, on: db)
      let ordered = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
      guard let index = ordered.firstIndex(where: { $0.id == id }) else {
        throw Refusal.notFound("That statement is not in this study (it may have been deleted).")
      }
      let target = index + offset
      guard ordered.indices.contains(target) else { return }
      var reordered = ordered
      reordered.swapAt(index, target)
      for (position, statement) in reordered.enumerated() where statement.position != position {
        statement.position = position
        try await statement.save(on: db)
      }
      try await auditDesignChange(study, by: userID, "statement.move", "statement \(ordered[index].number)", on: db)
    }
  }

  /// Gives the statements the numbers 1…n in their display order.
  static func renumberStatements(in study: Study, by userID: UUID, on db: any Database) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      try await StudyLock.ensureUnlocked(studyID: studyID, on: db)
      let ordered = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
      // Two passes so the unique (study, number) index never sees a clash mid-way.
      let offset = (ordered.map(\.number).max() ?? 0) + ordered.count + 1
      for (index, statement) in ordered.enumerated() {
        statement.number = offset + index
        try await statement.save(on: db)
      }
      for (index, statement) in ordered.enumerated() {
        statement.number = index + 1
        statement.position = index
        try await statement.save(on: db)
      }
      try await auditDesignChange(study, by: userID, "statement.renumber", "\(ordered.count) statements", on: db)
    }
  }

  /// Adds a pasted or uploaded list, or replaces the whole Q-set with it. All or nothing.
  static func importStatements(
    _ statements: [TemplateStatement], replacing: Bool, into study: Study, by userID: UUID, on db: any Database
  ) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      try await StudyLock.ensureUnlocked(studyID: studyID, on: db)
      let existing = try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
      let kept = replacing ? [] : existing
      let added = try QSetRules.checked(kept.map(\.design) + statements).suffix(statements.count)
      if replacing {
        try await StudyStatement.query(on: db).filter(\.$study.$id == studyID).delete()
      }
      let start = (kept.map(\.position).max() ?? -1) + 1
      for (index, statement) in added.enumerated() {
        try await StudyStatement(
          studyID: studyID, number: statement.number, text: statement.text, codes: statement.codes,
          position: start + index
        ).save(on: db)
      }
      try await auditDesignChange(
        study, by: userID, replacing ? "statement.replace_all" : "statement.import", "\(statements.count) statements",
        on: db)
    }
  }
}
