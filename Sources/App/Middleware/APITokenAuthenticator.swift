import Vapor

/// Logs in the ``APIToken`` named by `Authorization: Bearer <token>`. Leaves the request
/// unauthenticated for a missing, unknown or revoked token; ``APITokenGuard`` then refuses it.
struct APITokenAuthenticator: AsyncBearerAuthenticator {
  func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
    if let token = try await APITokens.authenticate(bearer.token, on: request.db) {
      request.auth.login(token)
    }
  }
}
