import Fluent
import FluentPostgresDriver
import SQLKit
import Vapor

/// Refuses to run against a database that a newer POETQ has migrated: its migration log names
/// migrations this binary does not know.
enum MigrationGuard {
  struct NewerDatabase: Error, CustomStringConvertible {
    var unknown: [String]
    var description: String {
      "The database was migrated by a newer POETQ (unknown migrations: \(unknown.joined(separator: ", "))). "
        + "Run that version, or restore a backup made for this one."
    }
  }

  static func check(_ database: any Database) async throws {
    guard let sql = database as? any SQLDatabase else { return }
    let rows: [SQLRow]
    do {
      rows = try await sql.raw("SELECT name FROM _fluent_migrations").all()
    } catch {
      return  // a fresh database has no migration log yet
    }
    let known = Set(POETQMigrations.all.map(\.name))
    let applied = try rows.map { try $0.decode(column: "name", as: String.self) }
    let unknown = applied.filter { !known.contains($0) }.sorted()
    if !unknown.isEmpty { throw NewerDatabase(unknown: unknown) }
  }
}

extension Application {
  /// Checks the database is not newer than this binary, then applies pending migrations.
  /// On PostgreSQL, instances started at the same moment take turns (an advisory lock held on a
  /// connection of its own): the second waits and finds nothing left to do.
  public func migrateSafely() async throws {
    if case .postgres(let url) = poetqConfig.database {
      try await withMigrationLock(url: url) {
        try await MigrationGuard.check(db)
        try await autoMigrate()
      }
    } else {
      try await MigrationGuard.check(db)
      try await autoMigrate()
    }
    // A submitted sort must count: any whose participant's status lagged behind is completed now.
    try await SubmittedStatusRepair.run(on: db, logger: logger)
    if case .sqlite(let path) = poetqConfig.database, path != nil, let sql = db as? any SQLDatabase {
      // WAL lets readers run beside the writer; FULL sync makes every acknowledged write durable.
      try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
  }
}

extension Application {
  /// The advisory lock's key: "POETQ" in ASCII, so no other application's lock is taken by chance.
  static let migrationLockKey: Int64 = 0x504F_4554_51

  private func withMigrationLock(url: String, _ body: () async throws -> Void) async throws {
    let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
    let connection = try await PostgresConnection.connect(
      on: eventLoopGroup.any(), configuration: configuration, id: 1, logger: logger
    ).get()
    do {
      try await connection.query("SELECT pg_advisory_lock(\(Self.migrationLockKey))", logger: logger)
      do {
        try await body()
      } catch {
        _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLockKey))", logger: logger)
        throw error
      }
      try await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLockKey))", logger: logger)
    } catch {
      try? await connection.close()
      throw error
    }
    try await connection.close()
  }
}
