import Foundation

/// Why an SMTP exchange failed, worded for the send log: the step, and the server's reply text
/// when it gave one.
struct SMTPError: Error, CustomStringConvertible, Sendable {
  enum Scope: Sendable {
    /// The server refused this message (a recipient, the sender, the content); the connection can
    /// go on with the next message after RSET.
    case message
    /// The connection cannot be used any further.
    case connection
  }

  var scope: Scope
  var description: String
  /// The server refused this message for good (a 5xx reply to it, RFC 5321 §4.2.1): trying again
  /// later would get the same answer. A 4xx reply, a lost connection or a refusal of the session
  /// (sign-in, TLS) may pass later.
  var permanent = false

  init(_ scope: Scope, _ description: String) {
    self.scope = scope
    self.description = description
  }

  /// A reply whose code was not the one expected. 421 (closing) ends the connection whatever the
  /// step; a refusal before the first message does too.
  static func refused(_ step: String, _ reply: SMTPReply, scope: Scope) -> SMTPError {
    var error = SMTPError(reply.code == 421 ? .connection : scope, "\(step) refused: \(reply.code) \(reply.text)")
    error.permanent = error.scope == .message && (500..<600).contains(reply.code)
    return error
  }
}

/// One reply of the server: its code and the text of its lines.
struct SMTPReply: Sendable, Equatable {
  var code: Int
  var lines: [String]
  var text: String { lines.joined(separator: " ").trimmingCharacters(in: .whitespaces) }
}
