import Vapor

/// Turns every error into a page in the product's layout (or JSON under `/api/` and for clients that
/// prefer it): the status, a heading, and the reason when it is meant for the user. A server error
/// shows only a reference that is also in the log, never a stack trace, a path or SQL.
struct ErrorPageMiddleware: AsyncMiddleware {
  struct ErrorContent: Encodable, Sendable {
    var status: Int
    var heading: String
    var reason: String
    var reference: String?
  }

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    do {
      return try await next.respond(to: request)
    } catch {
      return await Self.response(for: error, to: request)
    }
  }

  static func response(for error: any Error, to request: Request) async -> Response {
    if request.answersInJSON { return APIErrorMiddleware.response(for: error, to: request) }
    var status = HTTPResponseStatus.internalServerError
    var reason = "Something went wrong on the server. Nothing you sent was saved."
    var headers = HTTPHeaders()
    switch error {
    case let decoding as DecodingError:
      status = .badRequest
      reason = "The form could not be read: \(APIErrorMiddleware.reason(for: decoding))"
    // 503: the server is busy or stopping, and said so where it refused (``BusyRefusals``): the
    // reason and Retry-After are for the reader, and one log line per burst is enough.
    case let abort as any AbortError where abort.status.code < 500 || abort.status == .serviceUnavailable:
      status = abort.status
      reason = abort.reason
      headers = abort.headers
    default: break
    }
    var reference: String?
    if status.code >= 500, status != .serviceUnavailable {
      let id = [UInt8].random(count: 6).base64URLEncoded
      reference = id
      // The route pattern, not the path: a participant's path carries their code.
      request.logger.error("Error \(id) on \(request.method) \(request.routePattern): \(String(reflecting: error))")
    }
    // A participant's page fails in the participant's words and layout (their language's catalogue).
    if ParticipantErrorPage.serves(request.url.path) {
      let language = ParticipantErrorPage.language(of: request)
      let texts = request.application.locales.texts(for: language)
      if let response = try? await ParticipantErrorPage.page(
        status: status, reference: reference, texts: texts, language: language
      ).response(for: request, status: status) {
        for (name, value) in headers where name.lowercased() != "content-type" {
          response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
      }
    }
    let content = ErrorContent(
      status: Int(status.code), heading: heading(for: status), reason: reason, reference: reference)
    do {
      let response = try await request.renderPage(
        ErrorPage.template, title: content.heading, content, status: status, sessionRead: false)
      for (name, value) in headers where name.lowercased() != "content-type" {
        response.headers.replaceOrAdd(name: name, value: value)
      }
      return response
    } catch {
      request.logger.error("The error page itself failed: \(String(reflecting: error))")
      var plain = HTTPHeaders()
      plain.contentType = .plainText
      return Response(status: status, headers: plain, body: .init(string: "\(status.code) \(content.heading)\n"))
    }
  }

  static func heading(for status: HTTPResponseStatus) -> String {
    switch status.code {
    case 400: "This request could not be read"
    case 401: "Please sign in"
    case 403: "Not allowed"
    case 404: "Not found"
    case 405: "Not possible here"
    case 409: "This conflicts with a change already made"
    case 413: "Too large"
    case 414: "This address is too long"
    case 422: "Not accepted"
    case 429: "Too many attempts"
    case 500..<600: "Something went wrong"
    default: status.reasonPhrase
    }
  }
}
