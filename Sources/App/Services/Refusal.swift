import Foundation

/// Why a service refused what it was asked, in words the person can act on: the field first, then
/// what to do ("Title: keep it under 200 characters."). Services throw it (or an error of their own
/// that is ``Refusing``) instead of HTTP errors; `Refusal+HTTP.swift` (Middleware) is the one place
/// that gives each kind its HTTP status, for the pages, the builder's forms and the JSON API alike.
struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
  enum Kind: Equatable, Sendable {
    /// The input breaks a rule (422).
    case invalid
    /// The member's role or sites do not allow it (403).
    case forbidden
    /// The thing named is not there, or not shown to this member (404).
    case notFound
    /// It clashes with the state of the study: locked, running, changed meanwhile (409).
    case conflict
    /// The server is busy or stopping: try again after `retryAfter` seconds (503).
    case busy(retryAfter: Int)
  }

  var kind: Kind
  /// The person-readable reason, naming the field.
  var message: String

  var description: String { message }

  static func invalid(_ message: String) -> Refusal { Refusal(kind: .invalid, message: message) }
  static func forbidden(_ message: String) -> Refusal { Refusal(kind: .forbidden, message: message) }
  static func notFound(_ message: String) -> Refusal { Refusal(kind: .notFound, message: message) }
  static func conflict(_ message: String) -> Refusal { Refusal(kind: .conflict, message: message) }
  static func busy(_ message: String, retryAfter seconds: Int) -> Refusal {
    Refusal(kind: .busy(retryAfter: seconds), message: message)
  }
}

/// A service's own error that is a refusal (it carries more than a message: every problem of a
/// list, the text stored now), so it is answered as its ``Refusal`` is.
protocol Refusing: Error {
  var refusal: Refusal { get }
}

extension Refusal: Refusing {
  var refusal: Refusal { self }
}

/// Something that should not happen on a working server (a database that does not speak SQL, a
/// stored value that cannot be read): answered 500, its text logged and kept from the pages.
struct ServerFault: Error, Equatable, Sendable, CustomStringConvertible {
  var message: String

  init(_ message: String) { self.message = message }

  var description: String { message }
}
