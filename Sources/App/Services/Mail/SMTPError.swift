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

  init(_ scope: Scope, _ description: String) {
    self.scope = scope
    self.description = description
  }

  /// A reply whose code was not the one expected. 421 (closing) ends the connection whatever the
  /// step; a refusal before the first message does too.
  static func refused(_ step: String, _ reply: SMTPReply, scope: Scope) -> SMTPError {
    SMTPError(reply.code == 421 ? .connection : scope, "\(step) refused: \(reply.code) \(reply.text)")
  }
}

/// One reply of the server: its code and the text of its lines.
struct SMTPReply: Sendable, Equatable {
  var code: Int
  var lines: [String]
  var text: String { lines.joined(separator: " ").trimmingCharacters(in: .whitespaces) }
}
