import Foundation
import NIOConcurrencyHelpers
import TestSupport
import Testing

/// A real SMTP server for the mail tests: `smtp_sink.py` (beside this file) on aiosmtpd, listening
/// on a free port of 127.0.0.1 and writing every message it accepts to a JSON file. Without
/// aiosmtpd the tests skip with a printed reason, and fail under CI (`CI` set).
final class SMTPSink {
  /// A message as the server received it, its headers and body decoded by Python's email package.
  struct Received: Decodable {
    var mailFrom: String
    var rcptTos: [String]
    var from: String
    var to: String
    var subject: String
    var date: String
    var messageID: String
    var contentType: String
    var charset: String
    var transferEncoding: String
    var body: String
    var raw: String
    var login: String
    var tls: Bool

    /// The body with CRLF line ends as LF.
    var text: String { body.replacingOccurrences(of: "\r\n", with: "\n") }
  }

  let directory: URL
  let port: Int
  private let process: Process

  private init(directory: URL, port: Int, process: Process) {
    self.directory = directory
    self.port = port
    self.process = process
  }

  /// Whether aiosmtpd can run here: run; else skip locally, fail under CI (``ExternalTool``'s rule).
  static func decide(
    _ environment: [String: String] = ProcessInfo.processInfo.environment, available: () -> Bool = aiosmtpdInstalled
  ) -> ExternalTool.Decision {
    ExternalTool.decide(
      available: available(), missing: "python3 with aiosmtpd", install: "pip install aiosmtpd",
      mandatory: ExternalTool.mandatory(environment))
  }

  static func aiosmtpdInstalled() -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import aiosmtpd"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return false
    }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }

  /// Starts the server and waits until it listens (the script writes its port to `ready`).
  static func start(
    auth: (user: String, password: String)? = nil, onlyLogin: Bool = false, tls: (cert: String, key: String)? = nil
  ) async throws -> SMTPSink {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-smtp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    var arguments = [
      "python3", packageRoot.appendingPathComponent("Tests/AppTests/Mail/smtp_sink.py").path, directory.path,
    ]
    if let auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
    if onlyLogin { arguments.append("--only-login") }
    if let tls { arguments += ["--tls-cert", tls.cert, "--tls-key", tls.key] }
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let ready = directory.appendingPathComponent("ready")
    // The script needs a moment to import aiosmtpd and bind; give up after about 20 seconds.
    for _ in 0..<400 {
      if let text = try? String(contentsOf: ready, encoding: .utf8), let port = Int(text) {
        return SMTPSink(directory: directory, port: port, process: process)
      }
      guard process.isRunning else { break }
      try await Task.sleep(nanoseconds: 50_000_000)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    throw SinkError(
      description: "the SMTP test server did not start (python3 \(arguments.dropFirst().joined(separator: " ")))")
  }

  struct SinkError: Error, CustomStringConvertible { var description: String }

  /// Refuses these recipients (550) from the next RCPT on; an empty list accepts everyone again.
  func refuse(_ addresses: [String]) throws {
    try addresses.joined(separator: "\n").write(
      to: directory.appendingPathComponent("refuse.txt"), atomically: true, encoding: .utf8)
  }

  /// Answers these recipients 450 (try again later) from the next RCPT on; an empty list accepts
  /// everyone again.
  func deferring(_ addresses: [String]) throws {
    try addresses.joined(separator: "\n").write(
      to: directory.appendingPathComponent("defer.txt"), atomically: true, encoding: .utf8)
  }

  /// The messages received so far, in order.
  func messages() throws -> [Received] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasPrefix("message-") && $0.hasSuffix(".json") }.sorted()
    return try names.map { name in
      try JSONDecoder().decode(Received.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
    }
  }

  /// Kills the server (SIGKILL: it holds a thread of its own) and removes its files.
  func stop() {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    try? FileManager.default.removeItem(at: directory)
  }

  /// Runs `body` with a fresh server, stopped however `body` ends; skips or fails as ``decide``
  /// says when aiosmtpd is missing.
  static func with(
    auth: (user: String, password: String)? = nil, onlyLogin: Bool = false, tls: (cert: String, key: String)? = nil,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: (SMTPSink) async throws -> Void
  ) async throws {
    try ExternalTool.require(
      aiosmtpdInstalled(), missing: "python3 with aiosmtpd", install: "pip install aiosmtpd",
      sourceLocation: sourceLocation)
    let sink = try await start(auth: auth, onlyLogin: onlyLogin, tls: tls)
    do {
      try await body(sink)
    } catch {
      sink.stop()
      throw error
    }
    sink.stop()
  }
}
