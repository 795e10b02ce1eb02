import Fluent
import Vapor

/// A stored analysis of a study's sorts: its parameters, the hash of the data it ran on, the
/// engine version and the result. `needsRerun` is set when the sorts it may have used change.
final class Analysis: Model, @unchecked Sendable {
  static let schema = "analyses"

  @ID(key: .id) var id: UUID?
  @Parent(key: "study_id") var study: Study
  @Field(key: "name") var name: String
  @Field(key: "parameters") var parameters: String
  @Field(key: "data_hash") var dataHash: String
  @Field(key: "engine_version") var engineVersion: String
  @Field(key: "result") var result: String
  @Field(key: "needs_rerun") var needsRerun: Bool
  @OptionalParent(key: "created_by") var createdBy: User?
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?

  init() {}

  init(studyID: UUID, name: String, parameters: String, dataHash: String, engineVersion: String, result: String) {
    self.$study.id = studyID
    self.name = name
    self.parameters = parameters
    self.dataHash = dataHash
    self.engineVersion = engineVersion
    self.result = result
    self.needsRerun = false
  }
}
