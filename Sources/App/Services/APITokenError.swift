import Vapor

/// Why a token could not be made, found or revoked, in words the researcher can act on.
struct APITokenError: AbortError, CustomStringConvertible {
  var status: HTTPResponseStatus
  var reason: String
  var description: String { reason }

  static func invalid(_ reason: String) -> APITokenError { APITokenError(status: .unprocessableEntity, reason: reason) }
  static func notFound(_ reason: String) -> APITokenError { APITokenError(status: .notFound, reason: reason) }
}
