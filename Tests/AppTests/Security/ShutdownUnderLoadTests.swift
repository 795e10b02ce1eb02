import Fluent
import Foundation
import NIOConcurrencyHelpers
import POETQKit
import TestSupport
import Testing
import VaporTesting

@testable import App

/// SIGTERM while participants save (issue 24): the real `poetq serve` stops accepting, answers or
/// refuses (503) what is in flight, closes the databases last and exits 0; every save it
/// acknowledged is in the database afterwards. (It crashed 3 of 3 times: a request reached `req.db`
/// after Vapor had closed the databases, before its HTTP server.)
@Suite("poetq serve: SIGTERM under load")
struct ShutdownUnderLoadTests {
  /// The built `poetq` beside the test binary.
  static let executable: URL = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("poetq").path) {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("poetq")
  }()

  static let participants = 16

  /// A participant's saves the server acknowledged: statement → pile, and the revision after the last.
  struct Acknowledged: Sendable {
    var placements: [Int: String] = [:]
    var revision = 0
  }

  @Test("SIGTERM during a participant load: exit status 0, every acknowledged save stored")
  func sigtermUnderLoad() async throws {
    try ExternalTool.require(
      FileManager.default.isExecutableFile(atPath: Self.executable.path),
      missing: "poetq built beside the tests (\(Self.executable.path))", install: "swift build")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-stop-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let sqlite = AppConfig.DatabaseBackend.sqlite(path: directory.appendingPathComponent("poetq.sqlite").path)
    // SQLite only: the harness reverts a PostgreSQL database after each in-process run, which would
    // drop the participants prepared for the server (the crash did not depend on the database).
    try await Self.check(database: sqlite, dataDirectory: directory, databaseURL: nil)
  }

  static func check(database: AppConfig.DatabaseBackend, dataDirectory: URL, databaseURL: String?) async throws {
    // Participants at the presort, prepared in-process on the database the server will use.
    var codes: [String] = []
    try await run(on: database) { app in
      let (study, first) = try await ParticipantClient.openTemplateStudy(app)
      var clients = [first]
      for _ in 1..<participants { clients.append(try await ParticipantClient.invite(app, to: study)) }
      for index in clients.indices {
        try await clients[index].consent()
        try await clients[index].answerAndContinue()
      }
      codes = clients.map(\.code)
    }

    let port = Int.random(in: 20_000...40_000)
    let process = Process()
    process.executableURL = executable
    process.arguments = ["serve", "--port", String(port), "--data-dir", dataDirectory.path]
    process.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "DATABASE_URL")
    if let databaseURL { environment["DATABASE_URL"] = databaseURL }
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    let log = dataDirectory.appendingPathComponent("serve.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let logHandle = try FileHandle(forWritingTo: log)
    process.standardOutput = logHandle
    process.standardError = logHandle
    try process.run()
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    var healthy = false
    for _ in 0..<150 where !healthy {
      try await Task.sleep(for: .milliseconds(200))
      healthy = (try? await SocketHTTP.send(port: port, method: "GET", path: "/healthz").status) == 200
    }
    try #require(healthy, "the server answered /healthz within 30 s")

    // Each participant places statements one after another until the server is gone.
    let saves = NIOLockedValueBox(0)
    let signalled = NIOLockedValueBox<(at: ContinuousClock.Instant, saves: Int)?>(nil)
    let acknowledged = try await withThrowingTaskGroup(of: (String, Acknowledged).self) { group in
      for code in codes {
        group.addTask { (code, await Self.placeUntilGone(code: code, port: port, saves: saves)) }
      }
      // SIGTERM once the load is well under way.
      group.addTask {
        while saves.withLockedValue({ $0 }) < participants * 5 { try await Task.sleep(for: .milliseconds(20)) }
        process.terminate()
        signalled.withLockedValue { $0 = (ContinuousClock.now, saves.withLockedValue { $0 }) }
        return ("", Acknowledged())
      }
      return try await group.reduce(into: [String: Acknowledged]()) { if !$1.0.isEmpty { $0[$1.0] = $1.1 } }
    }
    // Exits on its own; a minute's grace before it is counted as hung.
    for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
    let hung = process.isRunning
    let stoppedAfter = signalled.withLockedValue { $0 }.map { ContinuousClock.now - $0.at }
    if hung { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    try logHandle.close()
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    #expect(!hung, "the server exited after SIGTERM")
    #expect(
      process.terminationReason == .exit && process.terminationStatus == 0, "exit status 0:\n\(output.suffix(3_000))")
    #expect(!output.contains("Fatal error") && !output.contains("Unexpectedly found nil"), "\(output.suffix(3_000))")
    let total = acknowledged.values.map(\.placements.count).reduce(0, +)
    print(
      "SIGTERM after \(signalled.withLockedValue { $0?.saves } ?? 0) saves; exit status \(process.terminationStatus) "
        + "within \(stoppedAfter.map { "\($0)" } ?? "?"); \(total) saves acknowledged in all. Server log's end:\n"
        + output.split(separator: "\n").suffix(6).joined(separator: "\n"))
    #expect(total >= participants * 3, "the load was under way: \(total) saves acknowledged")

    // Every acknowledged placement is stored.
    try await run(on: database) { app in
      for (code, saved) in acknowledged {
        let participant = try #require(try await Participant.query(on: app.db).filter(\.$code == code).first())
        let response = try #require(
          try await SortResponse.query(on: app.db).filter(\.$participant.$id == participant.requireID()).first())
        let stored = try JSONDecoder().decode([Int: PresortPile].self, from: Data(response.presort.utf8))
        for (statement, pile) in saved.placements {
          #expect(stored[statement]?.rawValue == pile, "\(code): statement \(statement) acknowledged as \(pile)")
        }
        #expect(response.revision >= saved.revision, "\(code): revision \(response.revision) ≥ \(saved.revision)")
      }
    }
  }

  /// Reads the page, places its statement, and again, until the server stops answering (or the
  /// presort is done). What the server acknowledged (303) is returned.
  static func placeUntilGone(code: String, port: Int, saves: NIOLockedValueBox<Int>) async -> Acknowledged {
    var done = Acknowledged()
    let piles = ["agree", "neutral", "disagree"]
    while true {
      guard let page = try? await SocketHTTP.send(port: port, method: "GET", path: "/p/\(code)"), page.status == 200,
        let revision = capture(#"name="revision" value="(\d+)""#, in: page.body).flatMap({ Int($0) }),
        let statement = capture(#"name="statement" value="(\d+)""#, in: page.body).flatMap({ Int($0) })
      else { return done }
      let pile = piles[statement % 3]
      let body = "action=presort&statement=\(statement)&pile=\(pile)&revision=\(revision)"
      guard
        let saved = try? await SocketHTTP.send(
          port: port, method: "POST", path: "/p/\(code)",
          headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(body.utf8))
      else { return done }
      guard [200, 303].contains(saved.status) else {
        if saved.status == 503 { return done }  // refused while stopping: not acknowledged
        Issue.record("\(code): a save answered \(saved.status)")
        return done
      }
      done.placements[statement] = pile
      done.revision = revision + 1
      saves.withLockedValue { $0 += 1 }
    }
  }

  static func capture(_ pattern: String, in text: String) -> String? {
    guard let regex = try? NSRegularExpression(pattern: pattern),
      let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
      let range = Range(match.range(at: 1), in: text)
    else { return nil }
    return String(text[range])
  }
}
