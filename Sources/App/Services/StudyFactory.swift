import Fluent
import Foundation
import POETQKit

/// Creates studies: blank drafts or copies of a built-in template, owned by their creator, in one
/// transaction so a failure leaves nothing half-made.
enum StudyFactory {
  /// The built-in templates, by the name the "new study" form posts.
  static let templates: [String: StudyTemplate] = ["poetq": .poetqJointCommissioning]

  /// - Parameter settingsFrom: a study whose texts and settings the new one takes (for copies).
  static func create(
    title: String, template: StudyTemplate?, owner: User, settingsFrom source: Study? = nil, on db: any Database
  ) async throws -> Study {
    let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw Refusal.invalid("Title: please give the study a title.") }
    guard trimmed.count <= 200 else {
      throw Refusal.invalid("Title: keep it under 200 characters.")
    }
    let ownerID = try owner.requireID()
    return try await db.transaction { db in
      let study = Study(slug: try await StudyAccess.uniqueSlug(for: trimmed, on: db), title: trimmed)
      if let template {
        study.description = template.description
        study.instruction = template.instruction
        study.disagreeLabel = template.disagreeLabel
        study.agreeLabel = template.agreeLabel
        study.minScore = template.columns.map(\.score).min() ?? -4
        study.maxScore = template.columns.map(\.score).max() ?? 4
        study.commentScores = template.commentScores.map(String.init).joined(separator: ",")
      }
      if let source {
        study.informationSheet = source.informationSheet
        study.consentText = source.consentText
        study.thankYouText = source.thankYouText
        study.contactDetails = source.contactDetails
        study.sortMode = source.sortMode
        study.distributionKind = source.distributionKind
        study.commentsRequired = source.commentsRequired
        study.openAccess = source.openAccess
      }
      try await study.save(on: db)
      let studyID = try study.requireID()
      try await StudyMembership(studyID: studyID, userID: ownerID, role: .owner).save(on: db)
      guard let template else { return study }
      for (position, statement) in template.statements.enumerated() {
        try await StudyStatement(
          studyID: studyID, number: statement.number, text: statement.text, codes: statement.codes, position: position
        ).save(on: db)
      }
      for column in template.columns {
        try await DistributionColumn(
          studyID: studyID, score: column.score, capacity: column.capacity, label: column.label
        )
        .save(on: db)
      }
      for (position, question) in template.questions.enumerated() {
        guard let phase = Question.Phase(rawValue: question.phase.rawValue),
          let kind = Question.Kind(rawValue: question.kind.rawValue)
        else { throw ServerFault("The template has a question the server cannot store.") }
        try await Question(
          studyID: studyID, phase: phase, position: position, kind: kind, key: question.key, prompt: question.prompt,
          options: question.options, required: question.required
        ).save(on: db)
      }
      for (position, name) in template.sites.enumerated() {
        try await Site(studyID: studyID, name: name, position: position).save(on: db)
      }
      try await AuditEvent(
        studyID: studyID, userID: ownerID, action: "study.create",
        detail: source == nil ? "from template \(template.title)" : "copy of \(template.title)"
      )
      .save(on: db)
      return study
    }
  }
}
