import Fluent
import Vapor

/// A questionnaire item asked before or after the sort.
final class Question: Model, @unchecked Sendable {
  static let schema = "questions"

  enum Phase: String, Codable, CaseIterable, Sendable { case before, after }
  enum Kind: String, Codable, CaseIterable, Sendable {
    case singleChoice = "single_choice"
    case multipleChoice = "multiple_choice"
    case ratingScale = "rating_scale"
    case number
    case shortText = "short_text"
    case longText = "long_text"
  }

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Field(key: "phase") var phase: Phase
  @Field(key: "position") var position: Int
  @Field(key: "kind") var kind: Kind
  /// A stable name for exports (e.g. "role").
  @Field(key: "key") var key: String
  @Field(key: "prompt") var prompt: String
  /// Choices or labelled scale points, one per line.
  @Field(key: "options") var options: String
  @Field(key: "required") var required: Bool

  init() {}

  init(
    studyID: UUID, phase: Phase, position: Int, kind: Kind, key: String, prompt: String, options: [String],
    required: Bool
  ) {
    self.$study.id = studyID
    self.phase = phase
    self.position = position
    self.kind = kind
    self.key = key
    self.prompt = prompt
    self.options = options.joined(separator: "\n")
    self.required = required
  }
}
