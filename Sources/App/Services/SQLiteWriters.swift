import FluentKit
import NIOCore
import SQLKit

/// SQLite whose writers wait their turn instead of failing with "database is locked".
///
/// Fluent starts a transaction with a plain `BEGIN`, which takes no lock until its first write. A
/// transaction that reads and then writes (most do: read the participant, save the response) can
/// then find that another connection wrote in between: in WAL mode SQLite answers `SQLITE_BUSY`
/// at once, without waiting (waiting could never help, its snapshot is stale), and the request
/// failed. Here every transaction starts with `BEGIN IMMEDIATE`, taking the write lock first, and
/// a connection waits for a lock held elsewhere (`busy_timeout`) rather than failing. Readers
/// outside transactions are not held up: WAL lets them read beside the writer.
struct SQLiteWritersWait: DatabaseConfiguration {
  /// How long a writer waits for another's lock before giving up.
  static let busyTimeoutMilliseconds = 60_000

  var base: any DatabaseConfiguration

  var middleware: [any AnyModelMiddleware] {
    get { base.middleware }
    set { base.middleware = newValue }
  }

  func makeDriver(for databases: Databases) -> any DatabaseDriver {
    Driver(base: base.makeDriver(for: databases))
  }

  struct Driver: DatabaseDriver {
    let base: any DatabaseDriver

    func makeDatabase(with context: DatabaseContext) -> any Database {
      let database = base.makeDatabase(with: context)
      guard let sql = database as? any SQLDatabase else { return database }
      return WaitingDatabase(base: database, sql: sql, inTransaction: false)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
  }

  /// Fluent's SQLite database with its transactions begun `IMMEDIATE`; everything else passes through.
  struct WaitingDatabase: Database, SQLDatabase {
    let base: any Database
    let sql: any SQLDatabase
    let inTransaction: Bool

    var context: DatabaseContext { base.context }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void)
      -> EventLoopFuture<Void>
    {
      base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
      let inTransaction = inTransaction
      return base.withConnection { connection in closure(Self.wrap(connection, inTransaction: inTransaction)) }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
      guard !inTransaction else { return closure(self) }
      return base.withConnection { connection in
        let db = Self.wrap(connection, inTransaction: true)
        guard let sql = db as? any SQLDatabase else { return connection.transaction(closure) }
        return sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(SQLiteWritersWait.busyTimeoutMilliseconds))").run()
          .flatMap { sql.raw("BEGIN IMMEDIATE").run() }
          .flatMap {
            closure(db).flatMap { result in sql.raw("COMMIT").run().map { result } }
              .flatMapError { error in
                sql.raw("ROLLBACK").run().flatMapThrowing { throw error }.flatMapErrorThrowing { _ in throw error }
              }
          }
      }
    }

    static func wrap(_ database: any Database, inTransaction: Bool) -> any Database {
      guard let sql = database as? any SQLDatabase else { return database }
      return WaitingDatabase(base: database, sql: sql, inTransaction: inTransaction)
    }

    // SQLDatabase: straight through.
    var dialect: any SQLDialect { sql.dialect }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
      -> EventLoopFuture<Void>
    {
      sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
      try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
      try await sql.withSession(closure)
    }
  }
}

extension DatabaseConfigurationFactory {
  /// `factory` (Fluent's SQLite) with writers that wait their turn (``SQLiteWritersWait``).
  static func writersWait(_ factory: DatabaseConfigurationFactory) -> DatabaseConfigurationFactory {
    DatabaseConfigurationFactory { SQLiteWritersWait(base: factory.make()) }
  }
}
