import Fluent
import FluentPostgresDriver
import FluentSQL
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// How many SQL statements a participant's save costs, counted, so the number cannot creep back:
/// before issue 26's cheap path a presort save ran twelve on SQLite (the rate-limit row, the
/// participant, the study, four design tables, the response, then a transaction around the save).
@Suite("Participant statement count")
struct ParticipantStatementCountTests {
  @Test("a presort save runs two SQL statements, and the page after it one")
  func statementsPerSave() async throws {
    try await withPOETQ { app in
      let counter = StatementCounter()
      app.middleware.use(counter, at: .beginning)
      var (_, client) = try await ParticipantSavingTests.atPresort(app)
      // The first presort save also marks the participant in progress (a transaction); the second
      // is the common case: one statement reads participant, response and design version, one
      // conditional UPDATE saves.
      try await client.post([
        ("action", "presort"), ("statement", String(try #require(client.presortStatement))), ("pile", "agree"),
      ])
      counter.reset()
      let response = try await client.post([
        ("action", "presort"), ("statement", String(try #require(client.presortStatement))), ("pile", "neutral"),
      ])
      #expect(response.status == .seeOther)
      let (posts, gets) = counter.counts
      print("statements per presort save: \(posts.count), per page: \(gets.count)")
      #expect(posts.count == 2, "the save's statements: \(posts)")
      #expect(gets.count == 1, "the page's statements: \(gets)")
    }
  }

  @Test(
    "a participant's read and save are the same on both databases; on PostgreSQL each is prepared once per connection")
  func preparedStatements() async throws {
    try await withPOETQ { app in
      var (_, client) = try await ParticipantSavingTests.atPresort(app)
      try await client.post([
        ("action", "presort"), ("statement", String(try #require(client.presortStatement))), ("pile", "agree"),
      ])
      let (code, revision) = (client.code, client.revision)
      // One connection throughout, so that PostgreSQL's list of prepared statements is this one's.
      try await app.db.withConnection { db in
        for _ in 0..<2 {
          let read = try #require(try await ParticipantVisitRead.read(code: code, address: "192.0.2.1", on: db))
          #expect(read.participant.code == code)
          let stored = try #require(read.stored)
          #expect(stored.flow.presort.count == 1, "the save before is read back")
          #expect(
            try await ResponseStore.save(stored.flow, actions: [], over: stored, on: db), "saved over its revision")
          #expect(!(try await ResponseStore.save(stored.flow, actions: [], over: stored, on: db)), "a stale save")
        }
        let saved = try await SortResponse.query(on: db).filter(\.$revision == revision + 2).count()
        #expect(saved == 1, "two saves over two revisions")
        guard db is any PostgresDatabase else { return }
        let prepared = try await #require(db as? any SQLDatabase).raw(
          "SELECT name, statement FROM pg_prepared_statements"
        )
        .all().map { try $0.decode(column: "name", as: String.self) }
        #expect(prepared.contains(ParticipantVisitRead.Statement.name), "\(prepared)")
        #expect(prepared.contains(ResponseStore.Save.name), "\(prepared)")
        #expect(prepared.count == Set(prepared).count, "each prepared once")
      }
    }
  }
}

/// Counts the SQL statements the database drivers run for participant requests (`/p/…`), by POST
/// and GET, from their "Executing query" log lines on the request's logger.
final class StatementCounter: AsyncMiddleware, Sendable {
  private let statements = NIOLockedValueBox((posts: [String](), gets: [String]()))

  var counts: (posts: [String], gets: [String]) { statements.withLockedValue { $0 } }

  func reset() { statements.withLockedValue { $0 = ([], []) } }

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard request.url.path.hasPrefix("/p/") else { return try await next.respond(to: request) }
    let post = request.method == .POST
    let statements = self.statements
    var logger = Logger(label: "statements") { _ in
      Handler { sql in
        statements.withLockedValue { if post { $0.posts.append(sql) } else { $0.gets.append(sql) } }
      }
    }
    logger.logLevel = .trace
    request.logger = logger
    return try await next.respond(to: request)
  }

  struct Handler: LogHandler {
    let record: @Sendable (String) -> Void
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    func log(
      level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
      function: String, line: UInt
    ) {
      guard message.description == "Executing query" else { return }
      record(metadata?["sql"]?.description ?? "?")
    }
  }
}
