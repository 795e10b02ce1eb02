import Fluent
import Vapor

/// A case-study location; every participant belongs to one.
final class Site: Model, @unchecked Sendable {
  static let schema = "sites"

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Field(key: "name") var name: String
  @Field(key: "position") var position: Int

  init() {}

  init(studyID: UUID, name: String, position: Int) {
    self.$study.id = studyID
    self.name = name
    self.position = position
  }
}
