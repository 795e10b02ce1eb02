import Fluent
import Vapor

/// One column of a study's grid: a score, how many statements it holds, and its label.
final class DistributionColumn: Model, @unchecked Sendable {
  static let schema = "distribution_columns"

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Field(key: "score") var score: Int
  @Field(key: "capacity") var capacity: Int
  @Field(key: "label") var label: String

  init() {}

  init(studyID: UUID, score: Int, capacity: Int, label: String) {
    self.$study.id = studyID
    self.score = score
    self.capacity = capacity
    self.label = label
  }
}
