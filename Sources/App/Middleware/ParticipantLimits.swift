import Vapor

/// Counts the unknown participant codes (and open-access links) an address tries: past
/// ``RateLimiter/unknownCodes`` within its window, every code from that address is refused (429)
/// until the window has passed, so guessing codes gets nowhere. Counted in the database, so every
/// instance sees the same count. A known code costs no statement of its own; an unknown one is counted and checked
/// in one statement, and the one past the limit is answered 429 instead of 404, so simultaneous
/// guesses cannot all be answered on the same old count.
struct UnknownCodeLimit: AsyncMiddleware {
  static let refusal =
    "Too many unknown links were tried from your connection. Wait 15 minutes, then open your "
    + "personal link exactly as you received it."

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    let limiter = request.rateLimiter
    let address = request.clientAddress
    let rule = RateLimiter.unknownCodes
    // A participant's own link (`/p/:code`) reads the count with the participant, in the same
    // statement (``ParticipantVisit/load(_:)``), so a known participant's request costs no read
    // here; only an unknown code is checked, after it was found unknown.
    let checkedWithParticipant = request.parameters.get("code") != nil
    if !checkedWithParticipant, try await Self.blocked(limiter, rule, address) {
      throw Abort(.tooManyRequests, reason: Self.refusal)
    }
    let response = try await next.respond(to: request)
    guard response.status == .notFound else { return response }
    // Refused without being counted once the limit is reached, as before the code was looked up.
    if checkedWithParticipant, try await Self.blocked(limiter, rule, address) {
      throw Abort(.tooManyRequests, reason: Self.refusal)
    }
    if !(try await limiter.take(rule, address)) { throw Abort(.tooManyRequests, reason: Self.refusal) }
    return response
  }

  private static func blocked(_ limiter: RateLimiter, _ rule: RateLimiter.Rule, _ address: String) async throws
    -> Bool
  {
    guard let state = try await limiter.state(rule, address) else { return false }
    return state.count >= rule.limit
  }
}

/// Limits the participants an open-access link creates: per address, per network, then per study.
/// The address and network budgets come first and are small, so a flood from a few addresses is
/// refused before it can use up the study's budget and close the link for everyone else; when the
/// study's budget is reached the researcher sees it on the monitor (``OpenAccessBudget``).
struct OpenAccessLimit: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard request.method == .POST else { return try await next.respond(to: request) }
    let slug = request.parameters.get("slug") ?? ""
    let address = request.clientAddress
    let addressKey = "\(address)|\(slug)"
    let networkKey = "\(TrustedProxies.network(of: address))|\(slug)"
    let limiter = request.rateLimiter
    var taken: [(RateLimiter.Rule, String)] = []
    for (rule, key) in [
      (RateLimiter.openAccessPerAddress, addressKey), (RateLimiter.openAccessPerNetwork, networkKey),
      (RateLimiter.openAccessPerStudy, slug),
    ] {
      guard try await limiter.take(rule, key) else {
        // Refused: the budgets before this one are given back (nothing was created), this one keeps
        // its count past the limit (how many were refused).
        for (rule, key) in taken { try await limiter.giveBack(rule, key) }
        let yours = rule.bucket != RateLimiter.openAccessPerStudy.bucket
        throw Abort(
          .tooManyRequests,
          reason: yours
            ? "Many people have joined this study from your connection in the last hour. Wait a while and try "
              + "again, or ask the research team for a personal link."
            : "This study's public link has been used very often in the last hour. Wait a while and try "
              + "again, or ask the research team for a personal link.")
      }
      taken.append((rule, key))
    }
    let response = try await next.respond(to: request)
    if response.status != .seeOther && response.status != .found {
      for (rule, key) in taken { try await limiter.giveBack(rule, key) }
    }
    return response
  }
}
