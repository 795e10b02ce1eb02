import Fluent
import POETQKit
import Vapor

/// One statement of a study's Q-set (named apart from the engine's `QMethod.Statement`).
final class StudyStatement: Model, @unchecked Sendable {
  static let schema = "statements"

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  /// The number researchers and participants know it by (unique in the study).
  @Field(key: "number") var number: Int
  @Field(key: "text") var text: String
  /// Codes from the sampling framework, separated by "; " (e.g. "Partnership; Partnership: trust").
  @Field(key: "codes") var codes: String
  /// Display order in the builder.
  @Field(key: "position") var position: Int

  init() {}

  init(studyID: UUID, number: Int, text: String, codes: [String], position: Int) {
    self.$study.id = studyID
    self.number = number
    self.text = text
    self.codes = codes.joined(separator: "; ")
    self.position = position
  }

  var codeList: [String] {
    QSetRules.codes(from: codes)
  }
}
