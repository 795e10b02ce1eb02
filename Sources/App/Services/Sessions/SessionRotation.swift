import Vapor

extension Request {
  /// Gives the session a new id at sign-in, keeping its data and deleting the old record, so an id
  /// planted before sign-in (session fixation) is worthless afterwards. Sign-in is also when
  /// expired sessions are deleted (``SessionStore/purgeExpired(on:now:)``): the table then holds
  /// at most the sessions of the last 12 hours' sign-ins.
  func rotateSession() async throws {
    try await SessionStore.purgeExpired(on: db)
    guard hasSession, let oldID = session.id else { return }
    session.id = nil
    try await application.sessions.driver.deleteSession(oldID, for: self).get()
  }
}
