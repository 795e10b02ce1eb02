import POETQKit
import Vapor

// The one place where the services' refusals become HTTP: each kind's status (and a busy server's
// Retry-After). ErrorPageMiddleware, APIErrorMiddleware and the builder's `performEdit` read every
// error through `AbortError`, so a refusal is the same 4xx page, JSON answer or re-rendered form
// wherever it is thrown.

extension Refusal.Kind {
  var status: HTTPResponseStatus {
    switch self {
    case .invalid: .unprocessableEntity
    case .forbidden: .forbidden
    case .notFound: .notFound
    case .conflict: .conflict
    case .busy: .serviceUnavailable
    }
  }

  var headers: HTTPHeaders {
    guard case .busy(let seconds) = self else { return [:] }
    return ["Retry-After": String(seconds)]
  }
}

extension Refusal: AbortError {
  var status: HTTPResponseStatus { kind.status }
  var reason: String { message }
  var headers: HTTPHeaders { kind.headers }
}

/// A 500: the error page shows a reference, never this text; the log has it.
extension ServerFault: AbortError {
  var status: HTTPResponseStatus { .internalServerError }
  var reason: String { message }
}

/// A refused design change (POETQKit's rules) is a 422 whose reason names the field (and line).
extension DesignError: AbortError {
  public var status: HTTPResponseStatus { refusal.status }
  public var reason: String { refusal.message }
}

extension ParticipantListError: AbortError {
  var status: HTTPResponseStatus { refusal.status }
  var reason: String { refusal.message }
}

extension InterpretationStore.Stale: AbortError {
  var status: HTTPResponseStatus { refusal.status }
  var reason: String { refusal.message }
}
