import Vapor

/// Refuses API requests without a valid token with 401. A session cookie is not enough: the API
/// accepts only bearer tokens, so it needs no CSRF protection.
struct APITokenGuard: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard request.auth.has(APIToken.self) else {
      let reason =
        request.headers.bearerAuthorization == nil
        ? "Authorization: send an API token as \"Authorization: Bearer <token>\" (make one with `poetq user token`)."
        : "Authorization: the API token is not valid (it may have been revoked)."
      throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer realm=\"poetq\""], reason: reason)
    }
    return try await next.respond(to: request)
  }
}
