import Fluent
import Vapor

/// Turns every error under `/api/v1` into JSON `{"error": true, "reason": "…"}` with its status, so
/// API clients never see an HTML page whatever the app-wide error handling becomes. Malformed JSON
/// becomes a 400 whose reason names the field; a clash on a unique index (two changes at once) a 409.
struct APIErrorMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    do {
      return try await next.respond(to: request)
    } catch {
      return Self.response(for: error, to: request)
    }
  }

  static func response(for error: any Error, to request: Request) -> Response {
    let status: HTTPResponseStatus
    let reason: String
    var headers = HTTPHeaders()
    switch error {
    case let decoding as DecodingError:
      status = .badRequest
      reason = Self.reason(for: decoding, body: request.body.data)
    case let abort as any AbortError:
      status = abort.status
      reason = abort.reason
      headers = abort.headers
    case let database as any DatabaseError where database.isConstraintFailure:
      status = .conflict
      reason = "The change clashed with another change made at the same time. Reload and try again."
    default:
      status = .internalServerError
      reason = "Something went wrong on the server; the change was not saved."
    }
    if status.code >= 500, status != .serviceUnavailable {  // 503s are logged once per burst where refused
      request.logger.report(error: error)
    } else {
      request.logger.debug("API \(status.code): \(reason)")
    }
    headers.contentType = .json
    let body = (try? JSONEncoder().encode(APIErrorDTO(error: true, reason: reason))) ?? Data("{\"error\":true}".utf8)
    return Response(status: status, headers: headers, body: .init(data: body))
  }

  /// "columns[2].capacity: expected a whole number." — the path in the JSON body, then the problem.
  /// - Parameter body: the request's body, when it is at hand.
  static func reason(for error: DecodingError, body: ByteBuffer? = nil) -> String {
    switch error {
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath + [key])): this field is required."
    case .typeMismatch(let type, let context):
      return "\(path(context.codingPath)): expected \(describe(type))."
    case .valueNotFound(let type, let context):
      return "\(path(context.codingPath)): expected \(describe(type)), not null."
    case .dataCorrupted(let context):
      // Only texts POETQ wrote are passed on; the decoder's own ("Cannot initialize
      // ExtractionMethod from invalid String value …") name Swift types, not the API's fields.
      if context.underlyingError is APIFieldProblem {
        return "\(path(context.codingPath)): \(context.debugDescription)"
      }
      if context.codingPath.isEmpty {
        // The decoder reports a number that fits no field's type (2.5 for a whole number) as
        // invalid JSON, without saying where: told apart by reading the body as plain JSON.
        if let body, (try? JSONSerialization.jsonObject(with: Data(buffer: body), options: .fragmentsAllowed)) != nil {
          return "Body: a number does not fit its field (a whole number is expected there, or it is too large)."
        }
        return "Body: the request body is not valid JSON."
      }
      if context.debugDescription.hasPrefix("Cannot initialize") {
        return "\(path(context.codingPath)): this is not one of the values the field accepts."
      }
      return "\(path(context.codingPath)): this value cannot be read (a number too large, or text that is not valid)."
    @unknown default:
      return "Body: the request body could not be read."
    }
  }

  static func path(_ keys: [any CodingKey]) -> String {
    guard !keys.isEmpty else { return "Body" }
    var result = ""
    for key in keys {
      if let index = key.intValue {
        result += "[\(index)]"
      } else {
        result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
      }
    }
    return result.hasPrefix("[") ? "Body\(result)" : result
  }

  private static func describe(_ type: Any.Type) -> String {
    if type == Int.self { return "a whole number" }
    if type == String.self { return "a string" }
    if type == Bool.self { return "true or false" }
    if type == Double.self { return "a number" }
    let name = String(describing: type)
    if name.hasPrefix("Array") { return "a list" }
    if name.hasPrefix("Dictionary") { return "an object" }
    return "a value of another kind"
  }
}
