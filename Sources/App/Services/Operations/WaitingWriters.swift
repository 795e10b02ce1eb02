import Fluent
import FluentSQLiteDriver
import NIOCore
import SQLKit

/// SQLite with writers that wait their turn instead of failing with "database is locked".
///
/// SQLiteNIO already gives every connection a busy handler that retries for ever, so a plain
/// `PRAGMA busy_timeout` would change nothing (it would only replace "for ever" with a limit). The
/// error comes from the one case where SQLite does not call the busy handler at all: a transaction
/// opened with Fluent's `BEGIN TRANSACTION` (deferred) reads first, holding a read snapshot, and
/// then wants to write while another connection writes or has written since. SQLite cannot wait
/// there without a deadlock (rollback journal) or a stale snapshot (WAL), so it answers
/// `SQLITE_BUSY` at once. `BEGIN IMMEDIATE` takes the write lock when the transaction starts, where
/// the busy handler does apply: a transaction waits for the writer before it, then runs alone.
/// Statements outside transactions take the write lock in one step and wait the same way.
struct WaitingWritersConfiguration: DatabaseConfiguration {
  var wrapped: any DatabaseConfiguration

  var middleware: [any AnyModelMiddleware] {
    get { wrapped.middleware }
    set { wrapped.middleware = newValue }
  }

  func makeDriver(for databases: Databases) -> any DatabaseDriver {
    WaitingWritersDriver(wrapped: wrapped.makeDriver(for: databases))
  }
}

extension DatabaseConfigurationFactory {
  /// SQLite at `configuration` whose transactions begin `IMMEDIATE` (``WaitingWritersConfiguration``).
  static func sqliteWithWaitingWriters(_ configuration: SQLiteConfiguration, connectionPoolTimeout: TimeAmount)
    -> DatabaseConfigurationFactory
  {
    let plain = DatabaseConfigurationFactory.sqlite(configuration, connectionPoolTimeout: connectionPoolTimeout)
    return DatabaseConfigurationFactory { WaitingWritersConfiguration(wrapped: plain.make()) }
  }
}

struct WaitingWritersDriver: DatabaseDriver {
  let wrapped: any DatabaseDriver

  func makeDatabase(with context: DatabaseContext) -> any Database {
    let database = wrapped.makeDatabase(with: context)
    guard let sql = database as? any Database & SQLDatabase else { return database }
    return ImmediateTransactionsDatabase(wrapped: sql, inTransaction: false)
  }

  func shutdown() { wrapped.shutdown() }
  func shutdownAsync() async { await wrapped.shutdownAsync() }
}

/// Fluent's SQLite database with `transaction` beginning `IMMEDIATE`; everything else is passed on.
struct ImmediateTransactionsDatabase: Database, SQLDatabase {
  let wrapped: any Database & SQLDatabase
  let inTransaction: Bool

  var context: DatabaseContext { wrapped.context }
  var logger: Logger { wrapped.context.logger }
  var eventLoop: any EventLoop { wrapped.context.eventLoop }

  func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<
    Void
  > {
    wrapped.execute(query: query, onOutput: onOutput)
  }

  func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { wrapped.execute(schema: schema) }
  func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { wrapped.execute(enum: `enum`) }

  func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>)
    -> EventLoopFuture<T>
  {
    let inTransaction = self.inTransaction
    return wrapped.withConnection { connection in
      guard let sql = connection as? any Database & SQLDatabase else { return closure(connection) }
      return closure(ImmediateTransactionsDatabase(wrapped: sql, inTransaction: inTransaction))
    }
  }

  /// Runs `closure` in a transaction begun `IMMEDIATE` on one connection; a nested call joins it.
  func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<
    T
  > {
    guard !inTransaction else { return closure(self) }
    return wrapped.withConnection { connection in
      guard let sql = connection as? any Database & SQLDatabase else { return connection.transaction(closure) }
      let inside = ImmediateTransactionsDatabase(wrapped: sql, inTransaction: true)
      // SQLite's own busy timeout instead of SQLiteNIO's handler, which retries at once and so keeps a
      // core and a blocking thread spinning while it waits; this one sleeps between tries (60 s at most).
      return inside.run("PRAGMA busy_timeout = 60000").flatMap { inside.run("BEGIN IMMEDIATE TRANSACTION") }.flatMap {
        closure(inside).flatMap { result in inside.run("COMMIT TRANSACTION").map { result } }
      }.flatMapError { error in
        // A failed BEGIN leaves no transaction to roll back; SQLite then answers the ROLLBACK with an
        // error of its own, which is dropped so that the first error is the one reported.
        inside.run("ROLLBACK TRANSACTION").flatMapErrorThrowing { _ in }.flatMapThrowing { throw error }
      }
    }
  }

  private func run(_ statement: String) -> EventLoopFuture<Void> {
    wrapped.execute(sql: SQLRaw(statement), { _ in })
  }

  // MARK: SQLDatabase

  var dialect: any SQLDialect { wrapped.dialect }
  var version: (any SQLDatabaseReportedVersion)? { wrapped.version }
  var queryLogLevel: Logger.Level? { wrapped.queryLogLevel }

  func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
    Void
  > {
    wrapped.execute(sql: query, onRow)
  }

  func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
    try await wrapped.execute(sql: query, onRow)
  }

  func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
    try await wrapped.withSession(closure)
  }
}
