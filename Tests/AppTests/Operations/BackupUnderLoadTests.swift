import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// `poetq backup` of a running server: a consistent copy while participants save (issue 26).
@Suite("Backup under load")
struct BackupUnderLoadTests {
  @Test("a backup taken while participants save over a real port restores with every save acknowledged before it")
  func backupWhileSaving() async throws {
    try await withRunningPOETQ { app, baseURL in
      guard case .sqlite(let path?) = app.poetqConfig.database else { return }  // PostgreSQL: pg_dump (docs)
      let dataDirectory = (path as NSString).deletingLastPathComponent
      let port = SocketSession(baseURL: baseURL).port
      let (study, _) = try await AnalysisAPITests.demo(app)
      let participants = try await SavingParticipants.atPresort(app, study: study, count: 10)
      let saving = SavingParticipants()
      let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-backup-\(UUID().uuidString)")
      defer { try? FileManager.default.removeItem(at: scratch) }
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
      let backup = scratch.appendingPathComponent("backup.sqlite").path

      let began = try await withThrowingTaskGroup(of: ContinuousClock.Instant?.self) { group in
        for client in participants {
          group.addTask {
            try await saving.save(port: port, client)
            return nil
          }
        }
        group.addTask {
          // Saves under way for a while, then the backup, then more saves after it.
          while saving.acknowledged.count < 40, saving.failures.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
          let began = ContinuousClock.now
          _ = try await SQLiteBackup.backup(dataDirectory: dataDirectory, to: backup, logger: app.logger)
          let after = saving.acknowledged.count
          while saving.acknowledged.count < after + 40, saving.failures.isEmpty {
            try await Task.sleep(for: .milliseconds(20))
          }
          saving.stop()
          return began
        }
        var began: ContinuousClock.Instant?
        for try await instant in group where instant != nil { began = instant }
        return try #require(began)
      }
      #expect(saving.failures.isEmpty, "\(saving.failures.prefix(3))")
      let before = saving.acknowledged.filter { $0.at < began }
      #expect(before.count >= 40)
      #expect(saving.acknowledged.contains { $0.at > began }, "saves went on during and after the backup")
      let expected = Dictionary(before.map { ($0.code, $0.revision) }, uniquingKeysWith: max)

      let restored = scratch.appendingPathComponent("restored").path
      try await SQLiteBackup.restore(backup, into: restored, logger: app.logger)
      let database = (restored as NSString).appendingPathComponent(SQLiteBackup.fileName)
      try await run(on: .sqlite(path: database)) { copy in
        for (code, revision) in expected {
          let stored = try await ParticipantClient(copy, code: code).response(on: copy.db)
          #expect((stored?.revision ?? 0) >= revision, "\(code): acknowledged revision \(revision) before the backup")
        }
      }
    }
  }

  @Test("a restore refuses a data directory that holds anything, and a file that is not a POETQ database")
  func restoreRefuses() async throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-restore-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let occupied = scratch.appendingPathComponent("occupied")
    try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: true)
    try Data("x".utf8).write(to: occupied.appendingPathComponent("poetq.sqlite"))
    let text = scratch.appendingPathComponent("notes.txt")
    try Data("not a database at all".utf8).write(to: text)
    await #expect(throws: SQLiteBackup.Failure.self) {
      try await SQLiteBackup.restore(text.path, into: occupied.path, logger: .init(label: "test"))
    }
    #expect(try Data(contentsOf: occupied.appendingPathComponent("poetq.sqlite")) == Data("x".utf8), "untouched")
    await #expect(throws: SQLiteBackup.Failure.self) {
      try await SQLiteBackup.restore(
        text.path, into: scratch.appendingPathComponent("new").path, logger: .init(label: "test"))
    }
  }
}
