import Fluent
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
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
    // SQLite's blocking work runs on its own threads (``SQLiteThreads``), not the application's pool.
    let sqliteDatabases = Databases(threadPool: SQLiteThreads.pool, on: databases.eventLoopGroup)
    return WaitingWritersDriver(wrapped: wrapped.makeDriver(for: sqliteDatabases))
  }
}

/// The threads SQLite does its blocking work on: one pool for the process, never shut down, like
/// NIO's own blocking pool but larger.
///
/// Larger, because a writer waiting for SQLite's lock sleeps on one of these threads: on two cores
/// NIO's shared two-thread pool was taken by two waiting writers, so the transaction holding the lock
/// never ran its next statement and every connection timed out (a full test run hung). Each
/// application holds at most one SQLite connection per event loop, so at most that many threads wait
/// per application; 64 serve many applications at once (the test process runs dozens).
///
/// Never shut down, because Vapor stops the application's pool among its shutdown handlers while work
/// still in flight (a run storing its parts, a request finishing) may hold a connection: handed back
/// afterwards, the connection must be closed on a pool that still runs, or SQLiteNIO cannot call
/// `sqlite3_close` and traps in debug builds ("SQLiteConnection was not closed before
/// deinitializing": three test runs crashed so while the machine was busy).
enum SQLiteThreads {
  static let pool: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: 64)
    pool.start()
    return pool
  }()
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
      return SleepingBusyTimeout.ensure(on: connection).flatMap { inside.run("BEGIN IMMEDIATE TRANSACTION") }.flatMap {
        closure(inside).flatMap { result in inside.run("COMMIT TRANSACTION").map { result } }
      }.flatMapError { error in
        // A failed BEGIN leaves no transaction to roll back; SQLite then answers the ROLLBACK with an
        // error of its own, which is dropped so that the first error is the one reported.
        inside.run("ROLLBACK TRANSACTION").flatMapErrorThrowing { _ in }.flatMapThrowing { throw error }
      }
    }
  }

  func run(_ statement: String) -> EventLoopFuture<Void> {
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

/// SQLite's own busy timeout on each connection, set once, by its first transaction.
///
/// SQLiteNIO's busy handler retries at once, so a writer waiting for the lock keeps a core and a
/// blocking thread spinning; SQLite's busy timeout sleeps between tries (60 s at most, then
/// `SQLITE_BUSY`, which a connection-wide wait of ten minutes never reaches in practice). The setting
/// lasts as long as the connection, so it is not sent again with every transaction: before, each
/// transaction began with `PRAGMA busy_timeout`, one more round trip (event loop → SQLite thread →
/// event loop) while holding one of the process's two connections (issue 26).
enum SleepingBusyTimeout {
  private static let done = NIOLockedValueBox<Set<ObjectIdentifier>>([])

  /// Sets the timeout on `database`'s connection unless this connection already has it.
  static func ensure(on database: any Database) -> EventLoopFuture<Void> {
    guard let sqlite = database as? any SQLiteDatabase else { return database.eventLoop.makeSucceededVoidFuture() }
    return sqlite.withConnection { connection in
      let id = ObjectIdentifier(connection)
      guard done.withLockedValue({ !$0.contains(id) }) else { return connection.eventLoop.makeSucceededVoidFuture() }
      return connection.query("PRAGMA busy_timeout = 60000", [], logger: connection.logger) { _ in }.map {
        _ = done.withLockedValue { $0.insert(id) }
      }
    }
  }
}
