import Foundation
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

@Suite("poetq serve")
struct ServeCommandTests {
  @Test("starts on a fresh data directory: SQLite file created, /healthz answers, setup token in the log")
  func startsFresh() async throws {
    let directory = try CLIRunner.temporaryDirectory()
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let (process, log, port) = try Self.serve(data: directory.appendingPathComponent("data"), from: repository)
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    var health: (status: Int, body: String)?
    for _ in 0..<100 where health == nil {
      try await Task.sleep(for: .milliseconds(200))
      health = try? await get("http://127.0.0.1:\(port)/healthz")
    }
    let answer = try #require(health, "the server answered /healthz within 20 s")
    #expect(answer.status == 200)
    #expect(answer.body.contains("\"database\":\"sqlite\""))
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/poetq.sqlite").path))
    process.terminate()
    process.waitUntilExit()
    let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(output.contains("one-time setup token"), "\(output)")
    #expect(output.contains("Swift concurrency runs on the HTTP server's event loops"), "\(output)")
  }

  @Test("started from a folder that is not the repository, finds the templates and static files beside the executable")
  func startsElsewhere() async throws {
    let directory = try CLIRunner.temporaryDirectory()
    let (process, _, port) = try Self.serve(
      data: directory.appendingPathComponent("data"), from: directory, without: ["POETQ_RESOURCES"])
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    var login: (status: Int, body: String)?
    for _ in 0..<100 where login == nil {
      try await Task.sleep(for: .milliseconds(200))
      login = try? await get("http://127.0.0.1:\(port)/login")
    }
    let page = try #require(login, "the server answered /login within 20 s")
    #expect(page.status == 200, "\(page.body)")
    #expect(page.body.contains("<h1>Sign in</h1>"))
    let css = try await get("http://127.0.0.1:\(port)/css/poetq.css")
    #expect(css.0 == 200)
  }

  @Test("a --resources folder without the templates stops serve at once, saying what is missing")
  func missingResources() throws {
    let directory = try CLIRunner.temporaryDirectory()
    let process = Process()
    process.executableURL = CLIRunner.executable
    process.arguments = [
      "serve", "--resources", directory.path, "--data-dir", directory.appendingPathComponent("data").path,
    ]
    let log = Pipe()
    process.standardOutput = log
    process.standardError = log
    try process.run()
    process.waitUntilExit()
    let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus != 0)
    #expect(output.contains("\(directory.path) does not hold POETQ's Resources/Views/layouts/base.leaf"), "\(output)")
    #expect(output.contains("--resources"))
  }

  /// Starts `poetq serve` on a random port with its data in `data`, from the folder `from`, without
  /// `DATABASE_URL` (and the variables in `without`); its output goes to the returned pipe.
  static func serve(data: URL, from folder: URL, without: [String] = []) throws -> (Process, Pipe, Int) {
    let port = Int.random(in: 20_000...40_000)
    let process = Process()
    process.executableURL = CLIRunner.executable
    process.arguments = ["serve", "--port", String(port), "--data-dir", data.path]
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    for name in ["DATABASE_URL"] + without { environment.removeValue(forKey: name) }
    process.environment = environment
    let log = Pipe()
    process.standardOutput = log
    process.standardError = log
    try process.run()
    return (process, log, port)
  }

  func get(_ address: String) async throws -> (Int, String) {
    let (data, response) = try await URLSession.shared.data(from: URL(string: address)!)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
  }
}
