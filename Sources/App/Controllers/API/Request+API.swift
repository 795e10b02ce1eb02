import Fluent
import Vapor

extension Request {
  /// The user whose API token authenticated this request.
  var apiUser: User {
    get throws { try auth.require(APIToken.self).user }
  }

  /// The token's user's grant on the study named by the `slug` parameter, if their role is at least
  /// `minimum`: the study, the role and the sites they are limited to (which every data route must
  /// respect, see `StudyAccess+Sites.swift`).
  /// - Throws: 404 for a missing study or a non-member, 403 for a role that is too low.
  func apiGrant(atLeast minimum: StudyMembership.Role) async throws -> StudyAccess.Grant {
    try await StudyAccess.grant(slug: parameters.get("slug") ?? "", user: apiUser, atLeast: minimum, on: db)
  }

  /// The JSON body decoded as `T`. Malformed JSON, wrong, missing or unknown fields throw a
  /// `DecodingError`, which ``APIErrorMiddleware`` turns into a 400 naming the field.
  /// - Throws: 415 for a body that is declared as something other than JSON, 400 for no body.
  func decodeJSON<T: APIBody>(_ type: T.Type) throws -> T {
    try Self.decode(type, from: jsonBody())
  }

  /// The raw JSON body, for routes that accept an object or a list.
  func jsonBody() throws -> Data {
    if let contentType = headers.contentType,
      !(contentType.type == "application" && (contentType.subType == "json" || contentType.subType.hasSuffix("+json")))
    {
      throw Abort(.unsupportedMediaType, reason: "Content-Type: send the body as application/json.")
    }
    guard let buffer = body.data, buffer.readableBytes > 0 else {
      throw Abort(.badRequest, reason: "Body: this request needs a JSON body.")
    }
    return Data(buffer.readableBytesView)
  }

  /// `data` decoded as `T` (an ``APIBody``, which refuses fields it does not know).
  static func decode<T: APIBody>(_ type: T.Type, from data: Data) throws -> T {
    try JSONDecoder().decode(type, from: data)
  }
}

extension Content {
  /// A `201 Created` with `Location` and this value as JSON.
  func created(at location: String, for request: Request) async throws -> Response {
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .location, value: location)
    return try await encodeResponse(status: .created, headers: headers, for: request)
  }
}
