import Fluent
import Vapor

/// One piece of an analysis's result JSON (``StoredResults``). A result is stored in parts of at
/// most ``StoredResults/partSize`` bytes, each in a write of its own, because one 6 MB write (the
/// result of 10,000 sorts) holds SQLite's only write lock long enough to stall participants' saves.
/// `run` is the claim of the runner that wrote it, so the parts of a run that lost its claim are
/// never read as the result.
final class AnalysisResultPart: Model, @unchecked Sendable {
  static let schema = "analysis_result_parts"

  @ID(key: .id) var id: UUID?
  @Parent(key: "analysis_id") var analysis: Analysis
  /// ``Analysis/claimedBy`` of the run that wrote it ("" for a result stored outside a run).
  @Field(key: "run") var run: String
  /// 0, 1, 2, …: the order in which the parts join up.
  @Field(key: "position") var position: Int
  @Field(key: "text") var text: String

  init() {}

  init(analysisID: UUID, run: String, position: Int, text: String) {
    self.$analysis.id = analysisID
    self.run = run
    self.position = position
    self.text = text
  }
}
