import Vapor

/// Counts the unknown participant codes (and open-access links) an address tries: past
/// ``RateLimiter/unknownCodes`` within its window, every code from that address is refused (429)
/// until the window has passed, so guessing codes gets nowhere. Counted in the database, so every
/// instance sees the same count.
struct UnknownCodeLimit: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    let limiter = request.rateLimiter
    guard try await limiter.allows(RateLimiter.unknownCodes, request.clientAddress) else {
      throw Abort(
        .tooManyRequests,
        reason: "Too many unknown links were tried from your connection. Wait 15 minutes, then open your "
          + "personal link exactly as you received it.")
    }
    let response = try await next.respond(to: request)
    if response.status == .notFound { try await limiter.record(RateLimiter.unknownCodes, request.clientAddress) }
    return response
  }
}

/// Limits the participants an open-access link creates: per address and study, and per study.
struct OpenAccessLimit: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard request.method == .POST else { return try await next.respond(to: request) }
    let slug = request.parameters.get("slug") ?? ""
    let addressKey = "\(request.clientAddress)|\(slug)"
    let limiter = request.rateLimiter
    guard try await limiter.allows(RateLimiter.openAccessPerAddress, addressKey),
      try await limiter.allows(RateLimiter.openAccessPerStudy, slug)
    else {
      throw Abort(
        .tooManyRequests,
        reason: "This study's public link has been used very often in the last hour. Wait a while and try "
          + "again, or ask the research team for a personal link.")
    }
    let response = try await next.respond(to: request)
    if response.status == .seeOther || response.status == .found {
      try await limiter.record(RateLimiter.openAccessPerAddress, addressKey)
      try await limiter.record(RateLimiter.openAccessPerStudy, slug)
    }
    return response
  }
}
