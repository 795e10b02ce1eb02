import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// Backups of the SQLite database while the server runs, and restores into a new data directory.
///
/// Copying `poetq.sqlite` alone can miss what is still in its `-wal` file, and a copy taken while a
/// write is under way can be torn. `VACUUM INTO` reads the database in one read transaction (a
/// consistent snapshot, WAL included) and writes it as a single self-contained file; writers go on
/// meanwhile (WAL lets a reader and the writer run side by side).
public enum SQLiteBackup {
  /// The database file inside a data directory.
  public static let fileName = "poetq.sqlite"

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Writes a consistent copy of the database in `dataDirectory` to `output` (which must not exist).
  /// - Returns: the size of the backup in bytes.
  public static func backup(dataDirectory: String, to output: String, logger: Logger) async throws -> Int {
    let database = (dataDirectory as NSString).appendingPathComponent(fileName)
    guard FileManager.default.fileExists(atPath: database) else {
      throw Failure(description: "there is no database at \(database)")
    }
    guard !FileManager.default.fileExists(atPath: output) else {
      throw Failure(description: "\(output) exists already; give a new file name")
    }
    let connection = try await SQLiteConnection.open(storage: .file(path: database), logger: logger)
    do {
      _ = try await connection.query("VACUUM INTO ?", [.text(absolute(output))])
      try await connection.close()
    } catch {
      try? await connection.close()
      throw Failure(description: "the backup failed: \(error)")
    }
    let attributes = try FileManager.default.attributesOfItem(atPath: output)
    return (attributes[.size] as? Int) ?? 0
  }

  /// Copies the backup `file` into `dataDirectory`, which must be empty or not exist yet (a restore
  /// never overwrites a database). The file is checked first: a SQLite database that passes
  /// `PRAGMA integrity_check` and holds POETQ's tables.
  public static func restore(_ file: String, into dataDirectory: String, logger: Logger) async throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: dataDirectory) {
      let contents = try manager.contentsOfDirectory(atPath: dataDirectory)
      guard contents.isEmpty else {
        throw Failure(
          description:
            "\(dataDirectory) is not empty (\(contents.count) entries); restore into a new, empty data directory")
      }
    }
    guard let handle = FileHandle(forReadingAtPath: file) else { throw Failure(description: "cannot read \(file)") }
    let header = try handle.read(upToCount: 16) ?? Data()
    try handle.close()
    guard header == Data("SQLite format 3\0".utf8) else {
      throw Failure(description: "\(file) is not a SQLite database (a poetq backup file)")
    }
    try await check(file, logger: logger)
    try manager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
    let target = (dataDirectory as NSString).appendingPathComponent(fileName)
    // Copied under a temporary name, then renamed: a restore cut short leaves no half database.
    let partial = target + ".restoring"
    try manager.copyItem(atPath: file, toPath: partial)
    try manager.moveItem(atPath: partial, toPath: target)
  }

  private static func check(_ file: String, logger: Logger) async throws {
    let connection = try await SQLiteConnection.open(storage: .file(path: file), logger: logger)
    do {
      let integrity = try await connection.query("PRAGMA integrity_check")
      let verdict = integrity.first?.column("integrity_check")?.string ?? ""
      guard verdict == "ok" else { throw Failure(description: "\(file) is damaged: \(verdict)") }
      let tables = try await connection.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'")
      guard !tables.isEmpty else { throw Failure(description: "\(file) is a SQLite database but not a POETQ one") }
      try await connection.close()
    } catch {
      try? await connection.close()
      throw error
    }
  }

  private static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
  }
}
