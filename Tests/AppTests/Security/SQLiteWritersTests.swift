import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// Writers wait their turn, never fail with "database is locked" (issues 24 and 26): transactions
/// that read and then write, on several connections at once, while participants save over a real
/// port.
@Suite("SQLite: writers wait their turn")
struct SQLiteWritersTests {
  /// `count` transactions at once that each read, then write: the shape that SQLite refused with
  /// "database is locked" when another connection wrote between the read and the write.
  static func readThenWrite(_ app: Application, count: Int, tag: String) async -> [String] {
    let errors = NIOLockedValueBox([String]())
    await withTaskGroup(of: Void.self) { group in
      for index in 0..<count {
        group.addTask {
          do {
            try await app.db.transaction { db in
              let existing = try await User.query(on: db).count()
              try await User(
                email: "\(tag)-\(index)@example.org", name: "Writer \(existing)", passwordHash: "x", isAdmin: false
              ).create(on: db)
            }
          } catch {
            errors.withLockedValue { $0.append(String(describing: error)) }
          }
        }
      }
    }
    return errors.withLockedValue { $0 }
  }

  @Test("200 read-then-write transactions at once on a SQLite file: every one is stored, none fails")
  func concurrentTransactions() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-writers-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("poetq.sqlite").path
    try await run(on: .sqlite(path: file)) { app in
      let errors = await Self.readThenWrite(app, count: 200, tag: "w")
      #expect(errors.isEmpty, "\(errors.count) failed, e.g. \(errors.first ?? "")")
      let stored = try await User.query(on: app.db).count()
      #expect(stored == 200)
    }
  }

  @Test("16 participants saving over a real port while 200 other transactions write: 0 errors, every save kept")
  func participantsAndWriters() async throws {
    try await withRunningPOETQ { app, baseURL in
      let (study, first) = try await ParticipantClient.openTemplateStudy(app)
      var clients = [first]
      for _ in 1..<16 { clients.append(try await ParticipantClient.invite(app, to: study)) }
      for index in clients.indices {
        try await clients[index].consent()
        try await clients[index].answerAndContinue()
      }
      let port = SocketSession(baseURL: baseURL).port
      let saves = NIOLockedValueBox(0)
      let codes = clients.map(\.code)
      async let writerErrors = Self.readThenWrite(app, count: 200, tag: "load")
      let acknowledged = await withTaskGroup(of: (String, ShutdownUnderLoadTests.Acknowledged).self) { group in
        for code in codes {
          group.addTask { (code, await ShutdownUnderLoadTests.placeUntilGone(code: code, port: port, saves: saves)) }
        }
        return await group.reduce(into: [String: ShutdownUnderLoadTests.Acknowledged]()) { $0[$1.0] = $1.1 }
      }
      let errors = await writerErrors
      #expect(errors.isEmpty, "\(errors.count) writers failed, e.g. \(errors.first ?? "")")
      for (code, saved) in acknowledged {
        #expect(saved.placements.count == 40, "\(code) placed every statement: \(saved.placements.count)")
        let participant = try #require(try await Participant.query(on: app.db).filter(\.$code == code).first())
        let response = try #require(
          try await SortResponse.query(on: app.db).filter(\.$participant.$id == participant.requireID()).first())
        #expect(response.revision >= saved.revision)
      }
    }
  }
}
