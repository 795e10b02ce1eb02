import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// An application shut down while work still holds a SQLite connection: the connection, handed back
/// afterwards, is closed properly. Before SQLite had threads of its own that outlive an application
/// (`SQLiteThreads`), Vapor had already stopped the pool that closes it, and SQLiteNIO trapped
/// ("SQLiteConnection was not closed before deinitializing"), taking the whole test process down
/// when a run or a request was still storing as a test ended.
@Suite("SQLite connections across shutdown")
struct SQLiteShutdownTests {
  @Test("a connection held through shutdown is closed when it is handed back")
  func heldThroughShutdown() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-held-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let app = try await Application.make(.testing)
    try await configure(
      app, config: AppConfig(database: .sqlite(path: directory.appendingPathComponent("poetq.sqlite").path)))
    let (leased, leasedSignal) = AsyncStream.makeStream(of: Void.self)
    let (released, releaseSignal) = AsyncStream.makeStream(of: Void.self)
    let holder = Task {
      try await app.db.withConnection { connection in
        let sql = try #require(connection as? any SQLDatabase)
        try await sql.raw("SELECT 1").run()
        leasedSignal.yield()
        for await _ in released { break }
        // Still usable after the application shut down (its threads are the process's): before, this
        // threw "thread pool inactive".
        try await sql.raw("SELECT 2").run()
      }
    }
    for await _ in leased { break }
    try await app.asyncShutdown()
    releaseSignal.yield()
    try await holder.value
    // The connection went back to a pool that is shut down, which closes it on SQLite's threads; a
    // moment for that close (and the connection's deinit) to happen inside this test, where the trap
    // came before.
    try await Task.sleep(for: .milliseconds(200))
  }
}
