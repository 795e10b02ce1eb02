import Fluent
import Vapor

/// The researcher's writing about one factor of a stored analysis (a `FactorInterpretation` as
/// JSON), with a revision that every save raises, so an autosave from a stale page cannot overwrite
/// newer text.
final class InterpretationRecord: Model, @unchecked Sendable {
  static let schema = "factor_interpretations"

  @ID(key: .id) var id: UUID?
  @Parent(key: "analysis_id") var analysis: Analysis
  /// The factor, 1-based, as the result's columns.
  @Field(key: "factor") var factor: Int
  /// `FactorInterpretation` as JSON.
  @Field(key: "content") var content: String
  @Field(key: "revision") var revision: Int
  @OptionalParent(key: "updated_by") var updatedBy: User?
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  init() {}

  init(analysisID: UUID, factor: Int, content: String, revision: Int, updatedBy: UUID) {
    self.$analysis.id = analysisID
    self.factor = factor
    self.content = content
    self.revision = revision
    self.$updatedBy.id = updatedBy
  }
}
