import Foundation
import Testing

@Suite("poetq backup and restore")
struct BackupCommandTests {
  @Test("a backup restores into a new directory only; an occupied one is refused; PostgreSQL is sent to pg_dump")
  func backupAndRestore() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let data = directory.appendingPathComponent("data").path
    let added = try CLIRunner.run(
      ["user", "add", "--email", "ada@example.org", "--name", "Ada", "--data-dir", data],
      input: "correct horse battery\n")
    #expect(added.status == 0, "\(added.stderr)")

    let backup = directory.appendingPathComponent("backup.sqlite").path
    let made = try CLIRunner.run(["backup", "--data-dir", data, "--out", backup])
    #expect(made.status == 0, "\(made.stderr)")
    #expect(made.stdout.contains("Backed up"))
    let again = try CLIRunner.run(["backup", "--data-dir", data, "--out", backup])
    #expect(again.status != 0 && again.stderr.contains("exists already"), "never overwrites: \(again.stderr)")

    let occupied = try CLIRunner.run(["restore", backup, "--data-dir", data])
    #expect(occupied.status != 0 && occupied.stderr.contains("is not empty"), "\(occupied.stderr)")
    let notABackup = directory.appendingPathComponent("notes.txt")
    try Data("hello".utf8).write(to: notABackup)
    let wrong = try CLIRunner.run([
      "restore", notABackup.path, "--data-dir", directory.appendingPathComponent("x").path,
    ])
    #expect(wrong.status != 0 && wrong.stderr.contains("not a SQLite database"), "\(wrong.stderr)")

    let restoredDirectory = directory.appendingPathComponent("restored").path
    let restored = try CLIRunner.run(["restore", backup, "--data-dir", restoredDirectory])
    #expect(restored.status == 0, "\(restored.stderr)")
    let sameAccount = try CLIRunner.run(
      ["user", "add", "--email", "ada@example.org", "--name", "Ada", "--data-dir", restoredDirectory],
      input: "another password\n")
    #expect(
      sameAccount.stderr.contains("exists already"), "the restored database holds the account: \(sameAccount.stderr)")

    let postgres = try CLIRunner.run(
      ["backup", "--out", directory.appendingPathComponent("pg.dump").path],
      environment: ["DATABASE_URL": "postgres://poetq@127.0.0.1/poetq"])
    #expect(postgres.status != 0)
    #expect(postgres.stderr.contains("pg_dump") && postgres.stderr.contains("pg_restore"), "\(postgres.stderr)")
  }
}
