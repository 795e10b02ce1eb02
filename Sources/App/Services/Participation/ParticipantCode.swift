import Vapor

/// Invitation codes: 16 random bytes (128 bits), base64url without padding, 22 characters that are
/// safe in a URL path. The code is the participant's only credential, so it is never guessable.
enum ParticipantCode {
  static func make() -> String { [UInt8].random(count: 16).base64URLEncoded }

  /// Whether `text` has the shape of a code (checked before touching the database).
  static func isWellFormed(_ text: String) -> Bool {
    text.count == 22 && text.unicodeScalars.allSatisfy { CharacterSet.urlSafeCode.contains($0) }
  }
}

extension CharacterSet {
  fileprivate static let urlSafeCode = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
}
