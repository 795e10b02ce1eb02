import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// Participants of the demo study at the presort, saving in the background over real sockets (JSON,
/// as the page's script saves): presort the statement on screen, undo it, again, until told to stop.
/// Every acknowledged save is written down with its revision and the moment its answer arrived.
final class SavingParticipants: Sendable {
  struct Acknowledged: Sendable {
    var code: String
    var revision: Int
    var at: ContinuousClock.Instant
  }

  private let state = NIOLockedValueBox((acknowledged: [Acknowledged](), failures: [String](), stopped: false))

  var acknowledged: [Acknowledged] { state.withLockedValue { $0.acknowledged } }
  var failures: [String] { state.withLockedValue { $0.failures } }
  func stop() { state.withLockedValue { $0.stopped = true } }
  private var stopped: Bool { state.withLockedValue { $0.stopped } }

  /// `count` new participants of `study`, consented and past the questions (in process).
  static func atPresort(_ app: Application, study: Study, count: Int) async throws -> [ParticipantClient] {
    var clients: [ParticipantClient] = []
    for _ in 0..<count {
      var client = try await ParticipantClient.invite(app, to: study)
      try await client.consent()
      try await client.answerAndContinue()
      clients.append(client)
    }
    return clients
  }

  /// Saves for `client` until `stop()` or `limit` saves, whichever comes first.
  func save(port: Int, _ client: ParticipantClient, limit: Int = .max) async throws {
    guard let statement = client.presortStatement else {
      state.withLockedValue { $0.failures.append("\(client.code) is not at the presort") }
      return
    }
    var revision = client.revision
    var index = 0
    while !stopped, index < limit {
      var fields =
        index % 2 == 0
        ? [("action", "presort"), ("statement", String(statement)), ("pile", "agree")] : [("action", "undo_presort")]
      fields.append(("revision", String(revision)))
      let body = fields.map { "\(SocketSession.encode($0.0))=\(SocketSession.encode($0.1))" }.joined(separator: "&")
      let response = try await SocketHTTP.send(
        port: port, method: "POST", path: client.path,
        headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
        body: Data(body.utf8))
      struct Saved: Decodable { var revision: Int }
      guard response.status == 200, let saved = try? JSONDecoder().decode(Saved.self, from: Data(response.body.utf8))
      else {
        let failure = "save \(index) of \(client.code): \(response.status) \(response.body.prefix(200))"
        state.withLockedValue { $0.failures.append(failure) }
        return
      }
      revision = saved.revision
      let acknowledged = Acknowledged(code: client.code, revision: revision, at: .now)
      state.withLockedValue { $0.acknowledged.append(acknowledged) }
      index += 1
    }
  }
}
