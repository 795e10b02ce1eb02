import App
import ArgumentParser
import Foundation
import Logging

/// `poetq backup`: a consistent copy of the SQLite database, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Write a consistent backup of the SQLite database while the server keeps running.",
    discussion: """
      The backup is one SQLite file (VACUUM INTO: a snapshot of one moment, the -wal file included).
      Restore it with `poetq restore FILE --data-dir NEW`. On PostgreSQL (DATABASE_URL set) use
      pg_dump and pg_restore instead; see docs/operations.md.
      """)

  @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database lives.")
  var dataDirectory = "./poetq-data"
  @ArgumentParser.Option(help: "The backup file to write (must not exist).") var out: String

  func run() async throws {
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
      printError(
        """
        error: DATABASE_URL names a PostgreSQL database; back it up with pg_dump, for example
          pg_dump --format=custom --file=poetq.dump "$DATABASE_URL"
        and restore into an empty database with
          pg_restore --no-owner --dbname="$NEW_DATABASE_URL" poetq.dump
        (docs/operations.md, Backups)
        """)
      throw ExitCode.failure
    }
    do {
      let started = ContinuousClock.now
      let bytes = try await SQLiteBackup.backup(
        dataDirectory: dataDirectory, to: out, logger: Logger(label: "poetq.backup"))
      let seconds = (ContinuousClock.now - started).components
      let elapsed = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
      print("Backed up \(dataDirectory) to \(out) (\(bytes) bytes, \(String(format: "%.1f", elapsed)) s)")
    } catch {
      printError("error: \(error)")
      throw ExitCode.failure
    }
  }
}

/// `poetq restore`: a backup into a new, empty data directory.
struct RestoreCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "restore",
    abstract: "Restore a backup made by `poetq backup` into a new, empty data directory.",
    discussion: """
      The directory must be empty or not exist: a restore never overwrites a database. Start the
      server on it with `poetq serve --data-dir NEW`; it applies any migrations the backup lacks.
      """)

  @ArgumentParser.Argument(help: "The backup file.") var file: String
  @ArgumentParser.Option(name: .customLong("data-dir"), help: "The new data directory (empty or not yet there).")
  var dataDirectory: String

  func run() async throws {
    do {
      try await SQLiteBackup.restore(file, into: dataDirectory, logger: Logger(label: "poetq.restore"))
      print("Restored \(file) into \(dataDirectory)")
    } catch {
      printError("error: \(error)")
      throw ExitCode.failure
    }
  }
}
