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

  /// Throws 403 unless the posted token matches the session's.
  static func verify(_ request: Request) throws {
    struct Field: Content { var csrf: String? }
    let posted = (try? request.content.decode(Field.self))?.csrf ?? ""
    guard let expected = request.session.data[sessionKey], !posted.isEmpty,
      Array(posted.utf8).constantTimeEquals(Array(expected.utf8))
    else {
      throw Abort(.forbidden, reason: "This form has expired. Go back, reload the page and try again.")
    }
  }
}

/// Checks the CSRF token on every POST, PUT, PATCH and DELETE that passes through it.
struct CSRFMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    if [.POST, .PUT, .PATCH, .DELETE].contains(request.method) { try CSRF.verify(request) }
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
