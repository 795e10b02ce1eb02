import Fluent
import Foundation
import Vapor

/// The browser sessions, in Fluent's `_fluent_sessions` table with an expiry (``AddSessionExpiry``).
/// Sessions only when needed: one with nothing in it is never stored, so a visitor who only opens
/// the sign-in page (its CSRF token travels in a cookie, ``CSRF``) leaves no row, nor does a
/// request with a made-up session cookie. Every request that uses a session moves its expiry on
/// (as the cookie's 12-hour age is); an expired one is not read, and expired rows are deleted at
/// each sign-in (``Vapor/Request/rotateSession()``).
struct SessionStore: AsyncSessionDriver {
  /// How long a session lasts after its last use: the session cookie's `Max-Age`.
  static let lifetime: TimeInterval = 60 * 60 * 12

  func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
    let id = Self.newID()
    guard !data.snapshot.isEmpty else { return id }
    try await StoredSession(key: id, data: data, expiresAt: Date().addingTimeInterval(Self.lifetime))
      .create(on: request.db)
    return id
  }

  func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
    guard let stored = try await StoredSession.query(on: request.db).filter(\.$key == sessionID).first() else {
      return nil
    }
    if let expiresAt = stored.expiresAt, expiresAt < Date() {
      try await stored.delete(on: request.db)
      return nil
    }
    return stored.data
  }

  func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
    guard !data.snapshot.isEmpty else {
      try await deleteSession(sessionID, for: request)
      return sessionID
    }
    try await StoredSession.query(on: request.db).filter(\.$key == sessionID)
      .set(\.$data, to: data).set(\.$expiresAt, to: Date().addingTimeInterval(Self.lifetime))
      .update()
    return sessionID
  }

  func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
    try await StoredSession.query(on: request.db).filter(\.$key == sessionID).delete()
  }

  /// Deletes every session past its expiry.
  static func purgeExpired(on db: any Database, now: Date = Date()) async throws {
    try await StoredSession.query(on: db).filter(\.$expiresAt < now).delete()
  }

  private static func newID() -> SessionID {
    SessionID(string: Data([UInt8].random(count: 32)).base64EncodedString())
  }
}

/// A row of `_fluent_sessions`: Fluent's `SessionRecord` with the expiry POETQ adds.
final class StoredSession: Model, @unchecked Sendable {
  static let schema = "_fluent_sessions"

  @ID(key: .id) var id: UUID?
  @Field(key: "key") var key: SessionID
  @Field(key: "data") var data: SessionData
  @OptionalField(key: "expires_at") var expiresAt: Date?

  init() {}

  init(key: SessionID, data: SessionData, expiresAt: Date) {
    self.key = key
    self.data = data
    self.expiresAt = expiresAt
  }
}
