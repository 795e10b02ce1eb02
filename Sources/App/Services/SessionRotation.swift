import Vapor

extension Request {
  /// Gives the session a new id at sign-in, keeping its data and deleting the old record, so an id
  /// planted before sign-in (session fixation) is worthless afterwards.
  func rotateSession() async throws {
    guard let oldID = session.id else { return }
    session.id = nil
    try await application.sessions.driver.deleteSession(oldID, for: self).get()
  }
}
