import Fluent
import Foundation
import POETQKit

extension StudyEditor {
  /// Adds a question at the end of its phase, or changes the question with `id`.
  @discardableResult
  static func saveQuestion(
    id: UUID?, _ draft: TemplateQuestion, in study: Study, by userID: UUID, on db: any Database
  ) async throws -> Question {
    let studyID = try study.requireID()
    return try await db.transaction { db in
      let all = try await Question.query(on: db).filter(\.$study.$id == studyID).all()
      let otherKeys = Set(all.filter { $0.id != id || id == nil }.map(\.key))
      let clean = try QuestionRules.checked(draft, otherKeys: otherKeys)
      guard let phase = Question.Phase(rawValue: clean.phase.rawValue),
        let kind = Question.Kind(rawValue: clean.kind.rawValue)
      else { throw Refusal.invalid("Type: choose one of the listed question types.") }
      let question: Question
      if let id {
        guard let existing = all.first(where: { $0.id == id }) else {
          throw Refusal.notFound("That question is not in this study (it may have been deleted).")
        }
        question = existing
        if question.phase != phase { question.position = (all.map(\.position).max() ?? -1) + 1 }
      } else {
        question = Question()
        question.$study.id = studyID
        question.position = (all.map(\.position).max() ?? -1) + 1
      }
      question.phase = phase
      question.kind = kind
      question.key = clean.key
      question.prompt = clean.prompt
      question.options = clean.options.joined(separator: "\n")
      question.required = clean.required
      try await question.save(on: db)
      try await auditDesignChange(study, by: userID, id == nil ? "question.add" : "question.update", clean.key, on: db)
      return question
    }
  }

  static func deleteQuestion(id: UUID, in study: Study, by userID: UUID, on db: any Database) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      guard
        let question = try await Question.query(on: db).filter(\.$study.$id == studyID).filter(\.$id == id).first()
      else { throw Refusal.notFound("That question is not in this study (it may have been deleted).") }
      try await question.delete(on: db)
      try await auditDesignChange(study, by: userID, "question.delete", question.key, on: db)
    }
  }

  /// Moves a question one place up (−1) or down (+1) among the questions of its phase.
  static func moveQuestion(id: UUID, offset: Int, in study: Study, by userID: UUID, on db: any Database) async throws {
    let studyID = try study.requireID()
    try await db.transaction { db in
      let all = try await Question.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
      guard let question = all.first(where: { $0.id == id }) else {
        throw Refusal.notFound("That question is not in this study (it may have been deleted).")
      }
      var phase = all.filter { $0.phase == question.phase }
      let index = phase.firstIndex { $0.id == id }!
      guard phase.indices.contains(index + offset) else { return }
      let positions = phase.map(\.position)
      phase.swapAt(index, index + offset)
      for (slot, item) in zip(positions, phase) where item.position != slot {
        item.position = slot
        try await item.save(on: db)
      }
      try await auditDesignChange(study, by: userID, "question.move", question.key, on: db)
    }
  }
}
