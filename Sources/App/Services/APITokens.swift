import Fluent
import Vapor

/// Making, listing, checking and revoking API tokens. A token is 32 random bytes, base64url-encoded;
/// the database holds only its SHA-256 hash, so a copy of the database cannot be used to call the API.
enum APITokens {
  static let maxNameLength = 80
  /// `last_used_at` is written at most this often per token.
  static let lastUsedGranularity: TimeInterval = 60

  /// A new random token (43 URL-safe characters).
  static func generate() -> String { [UInt8].random(count: 32).base64URLEncoded }

  /// The stored form of a token: lowercase hex SHA-256.
  static func hash(_ token: String) -> String {
    SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// Creates a token called `name` for the user and returns it: the only time it is ever seen.
  /// - Throws: a ``Refusal`` when the name is empty, too long or already used by this user.
  static func create(name: String, for userID: UUID, on db: any Database) async throws -> String {
    let clean = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !clean.isEmpty else { throw Refusal.invalid("Name: give the token a name (what it is for).") }
    guard clean.count <= maxNameLength else {
      throw Refusal.invalid("Name: keep it under \(maxNameLength) characters.")
    }
    let token = generate()
    try await db.transaction { db in
      let names = try await APIToken.query(on: db).filter(\.$user.$id == userID).all().map(\.name)
      guard !names.contains(where: { $0.caseInsensitiveCompare(clean) == .orderedSame }) else {
        throw Refusal.invalid("Name: you already have a token called \"\(clean)\"; revoke it or choose another.")
      }
      try await APIToken(userID: userID, name: clean, tokenHash: hash(token)).save(on: db)
      try await AuditEvent(studyID: nil, userID: userID, action: "token.create", detail: clean).save(on: db)
    }
    return token
  }

  /// The user's tokens, oldest first.
  static func list(for userID: UUID, on db: any Database) async throws -> [APIToken] {
    try await APIToken.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt).sort(\.$name).all()
  }

  /// Removes the user's token called `name`; requests that present it are refused from now on.
  /// - Throws: a ``Refusal`` when the user has no token of that name.
  static func revoke(name: String, for userID: UUID, on db: any Database) async throws {
    let clean = name.trimmingCharacters(in: .whitespacesAndNewlines)
    try await db.transaction { db in
      let tokens = try await APIToken.query(on: db).filter(\.$user.$id == userID).all()
      guard let token = tokens.first(where: { $0.name.caseInsensitiveCompare(clean) == .orderedSame }) else {
        throw Refusal.notFound("Name: there is no token called \"\(clean)\".")
      }
      try await token.delete(on: db)
      try await AuditEvent(studyID: nil, userID: userID, action: "token.revoke", detail: token.name).save(on: db)
    }
  }

  /// The stored token matching `token`, with its user loaded, or `nil`. Records the use (at most once
  /// per ``lastUsedGranularity``, with a single-column update).
  static func authenticate(_ token: String, on db: any Database, now: Date = Date()) async throws -> APIToken? {
    guard !token.isEmpty, token.count <= 200 else { return nil }
    guard let stored = try await APIToken.query(on: db).filter(\.$tokenHash == hash(token)).with(\.$user).first()
    else { return nil }
    if stored.lastUsedAt.map({ now.timeIntervalSince($0) >= lastUsedGranularity }) ?? true {
      try await APIToken.query(on: db).filter(\.$id == stored.requireID()).set(\.$lastUsedAt, to: now).update()
      stored.lastUsedAt = now
    }
    return stored
  }
}
