import Fluent
import Vapor

/// Parallel analysis computed once for a shape of data (``ParallelAnalysisCache``): the key names the
/// random data's shape, correlation, simulations, percentile and seed; the result is the engine's
/// `ParallelAnalysis.Result` as JSON.
final class ParallelAnalysisRecord: Model, @unchecked Sendable {
  static let schema = "parallel_analyses"

  @ID(key: .id) var id: UUID?
  /// `ReportInput.parallelAnalysisKey(of:)`.
  @Field(key: "key") var key: String
  /// `ParallelAnalysis.Result` as JSON.
  @Field(key: "result") var result: String
  @Timestamp(key: "created_at", on: .create) var createdAt: Date?

  init() {}

  init(key: String, result: String) {
    self.key = key
    self.result = result
  }
}
