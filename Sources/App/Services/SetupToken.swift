import Vapor

/// The one-time token that lets whoever started the server create the first owner account. It is
/// made at start-up and printed in the server log; it is useless once any account exists.
struct SetupToken: Sendable {
  let value: String

  static func make() -> SetupToken { SetupToken(value: [UInt8].random(count: 24).base64URLEncoded) }

  func matches(_ candidate: String) -> Bool {
    Array(candidate.trimmingCharacters(in: .whitespaces).utf8).constantTimeEquals(Array(value.utf8))
  }
}

extension Application {
  private struct SetupTokenKey: StorageKey { typealias Value = SetupToken }

  /// This instance's setup token.
  var setupToken: SetupToken {
    if let token = storage[SetupTokenKey.self] { return token }
    let token = SetupToken.make()
    storage[SetupTokenKey.self] = token
    return token
  }

  /// Prints the setup link when no account exists yet.
  public func announceSetupIfNeeded() async throws {
    guard try await User.query(on: db).count() == 0 else { return }
    logger.notice(
      """
      No account exists yet. Open \(poetqConfig.baseURL)/setup and use this one-time setup token:
          \(setupToken.value)
      (or create the owner from the shell: poetq user add --email you@example.org --name "Your Name")
      """)
  }
}
