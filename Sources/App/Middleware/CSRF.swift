import Vapor

/// Synchroniser-token CSRF protection for forms: each session holds a random token, every form
/// carries it in a hidden `csrf` field, and every state-changing form post must match it. A visitor
/// without a session (the sign-in, setup and join pages) gets the token in a cookie instead, which
/// the form's field must match (double submit), so looking at the sign-in page stores no session.
enum CSRF {
  static let sessionKey = "csrf"
  static let fieldName = "csrf"
  /// The cookie holding the token of a visitor without a session.
  static let cookieName = "poetq_form"

  /// The token for the forms on this request's page: the session's (created on first use) when
  /// someone is signed in or the session holds one already; otherwise the visitor's cookie token,
  /// new ones sent with the response (``attachCookie(to:for:)``).
  static func token(for request: Request) -> String {
    if request.hasSession, let token = request.session.data[sessionKey] { return token }
    if request.auth.has(User.self) {
      let token = newToken()
      request.session.data[sessionKey] = token
      return token
    }
    if let token = request.cookies[cookieName]?.string, token.count == 43 { return token }
    if let pending = request.storage[PendingCookie.self] { return pending }
    let token = newToken()
    request.storage[PendingCookie.self] = token
    return token
  }

  /// Sets the cookie of a token ``token(for:)`` made for a visitor without a session.
  static func attachCookie(to response: Response, for request: Request) {
    guard let token = request.storage[PendingCookie.self] else { return }
    response.cookies[cookieName] = HTTPCookies.Value(
      string: token, maxAge: Int(SessionStore.lifetime), path: "/",
      isSecure: request.application.poetqConfig.secureCookies, isHTTPOnly: true, sameSite: .lax)
  }

  /// Whether the posted token matches the session's, or for a visitor whose session holds none, the
  /// cookie's. The body must have been collected.
  static func isValid(_ request: Request) -> Bool {
    struct Field: Content { var csrf: String? }
    let posted = (try? request.content.decode(Field.self))?.csrf ?? ""
    let sessionToken = request.hasSession ? request.session.data[sessionKey] : nil
    guard let expected = sessionToken ?? request.cookies[cookieName]?.string, !expected.isEmpty, !posted.isEmpty
    else { return false }
    return Array(posted.utf8).constantTimeEquals(Array(expected.utf8))
  }

  /// 32 random bytes, base64url: 43 characters.
  private static func newToken() -> String { [UInt8].random(count: 32).base64URLEncoded }

  private struct PendingCookie: StorageKey { typealias Value = String }

  static let expiredReason =
    "This form has expired (you were signed out, or the page was open for a long time or in another tab). "
    + "Nothing was saved."

  /// The answer to a post whose token does not match: for a page, the form's input again with a
  /// fresh token, to send once more after reading why (403); for a script, JSON.
  static func expired(_ request: Request) async throws -> Response {
    if request.answersInJSON { throw Abort(.forbidden, reason: expiredReason) }
    return try await offerAgain(request, reason: expiredReason, status: .forbidden)
  }

  private static func offerAgain(_ request: Request, reason: String, status: HTTPResponseStatus) async throws
    -> Response
  {
    let isMultipart = request.headers.contentType?.type == "multipart"
    let fields = isMultipart ? [] : FormBody.fields(of: request).filter { $0.name != fieldName }
    return try await request.renderPage(
      ResubmitPage.template, title: "Send the form again",
      ResubmitContent(
        action: request.url.path, reason: reason, fields: fields, hadFile: isMultipart,
        back: request.headers.first(name: .referer) ?? request.url.path),
      status: status)
  }

  struct ResubmitContent: Encodable, Sendable {
    var action: String
    var reason: String
    var fields: [FormBody.Field]
    var hadFile: Bool
    var back: String
  }
}

/// Checks the CSRF token on every POST, PUT, PATCH and DELETE that passes through it, after
/// collecting the body (up to `maxBody` bytes): a form that arrives in several pieces is read whole.
/// A body over the limit is refused (413) as soon as it passes it, and nothing of it is sent back.
struct CSRFMiddleware: AsyncMiddleware {
  var maxBody = BodyLimit.text

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else { return try await next.respond(to: request) }
    try await BodyLimit.collect(request, max: maxBody)
    guard CSRF.isValid(request) else { return try await CSRF.expired(request) }
    return try await next.respond(to: request)
  }
}

extension Array where Element == UInt8 {
  /// Base64 without padding, with `-` and `_`: safe in URLs and form fields.
  var base64URLEncoded: String {
    Data(self).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  /// Compares without an early exit, so timing does not reveal how much matched.
  func constantTimeEquals(_ other: [UInt8]) -> Bool {
    guard count == other.count else { return false }
    var difference: UInt8 = 0
    for index in indices { difference |= self[index] ^ other[index] }
    return difference == 0
  }
}
