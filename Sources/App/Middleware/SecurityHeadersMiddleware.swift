import Vapor

/// Headers every response carries: a strict Content-Security-Policy (no inline script, nothing from
/// other origins), no framing, no MIME sniffing, no referrer leaking invitation codes.
struct SecurityHeadersMiddleware: AsyncMiddleware {
  static let contentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

  static func isStaticAsset(_ path: String) -> Bool {
    path.hasPrefix("/css/") || path.hasPrefix("/js/") || path == "/favicon.svg"
  }

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    // Outermost middleware: ErrorMiddleware inside it has already turned errors into responses.
    let response = try await next.respond(to: request)
    // A response that sets a stricter policy of its own (the self-contained HTML report) keeps it.
    if !response.headers.contains(name: "Content-Security-Policy") {
      response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
    }
    response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
    response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
    response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
    // Pages and exports hold personal data and credentials: no cache keeps them. Static assets may be.
    if !response.headers.contains(name: .cacheControl) && !Self.isStaticAsset(request.url.path) {
      response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
    }
    return response
  }
}
