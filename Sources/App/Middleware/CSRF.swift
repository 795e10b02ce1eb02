import Vapor

/// Synchroniser-token CSRF protection for forms: each session holds a random token, every form
/// carries it in a hidden `csrf` field, and every state-changing form post must match it.
enum CSRF {
  static let sessionKey = "csrf"
  static let fieldName = "csrf"

  /// The session's token, created on first use.
  static func token(for request: Request) -> String {
    if let token = request.session.data[sessionKey] { return token }
    let token = [UInt8].random(count: 32).base64URLEncoded
    request.session.data[sessionKey] = token
    return token
  }

  /// Whether the posted token matches the session's. The body must have been collected.
  static func isValid(_ request: Request) -> Bool {
    struct Field: Content { var csrf: String? }
    let posted = (try? request.content.decode(Field.self))?.csrf ?? ""
    guard let expected = request.session.data[sessionKey], !posted.isEmpty else { return false }
    return Array(posted.utf8).constantTimeEquals(Array(expected.utf8))
  }

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
      "errors/resubmit", title: "Send the form again",
      ResubmitContent(
        action: request.url.path, reason: reason, fields: fields, hadFile: isMultipart,
        back: request.headers.first(name: .referer) ?? request.url.path),
      status: status)
  }

  struct ResubmitContent: Encodable {
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
