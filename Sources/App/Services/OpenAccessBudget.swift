import Fluent
import Foundation

/// What the researcher is told when the open-access link's hourly budget for the whole study
/// (``RateLimiter/openAccessPerStudy``) was used up: new people were refused until the hour passes.
enum OpenAccessBudget {
  static func notice(slug: String, on db: any Database, now: Date = Date()) async throws -> String? {
    let rule = RateLimiter.openAccessPerStudy
    guard let state = try await RateLimiter(db: db).state(rule, slug, now: now), state.count > rule.limit
    else { return nil }
    let refused = state.count - rule.limit
    let reopens = state.since.addingTimeInterval(rule.window)
    let minutes = max(1, Int((reopens.timeIntervalSince(now) / 60).rounded(.up)))
    return
      "The open-access link reached its limit of \(rule.limit) new participants an hour and has refused "
      + "\(refused) \(refused == 1 ? "person" : "people") since; it takes new participants again in about "
      + "\(minutes) minute\(minutes == 1 ? "" : "s"). If these were not real participants (a flood of automated "
      + "requests), nothing needs doing; if they were, send personal links from the Participants page."
  }
}
