import Fluent
import Vapor

/// One counted event of a rate limit (a failed sign-in, a participant created by open access, an
/// unknown code): see ``RateLimiter``.
final class RateLimitHit: Model, @unchecked Sendable {
  static let schema = "rate_limit_hits"

  @ID(key: .id) var id: UUID?
  @Field(key: "bucket") var bucket: String
  @Field(key: "key") var key: String
  @Field(key: "created_at") var createdAt: Date

  init() {}

  init(bucket: String, key: String, createdAt: Date) {
    self.bucket = bucket
    self.key = key
    self.createdAt = createdAt
  }
}
