import Foundation
import TestSupport
import Testing

/// Runs the built `poetq` executable, as a user would from the shell.
struct CLIRunner {
  struct Output {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static let executable: URL = {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = testBinary.deletingLastPathComponent()
    // Inside an .xctest bundle on some platforms the binary sits a few levels down.
    for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("poetq").path) {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("poetq")
  }()

  static func run(
    _ arguments: [String], in directory: URL? = nil, input: String? = nil, environment: [String: String] = [:]
  ) throws -> Output {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    // Commands that open a database use the SQLite file of their --data-dir, never a shell's DATABASE_URL.
    process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "DATABASE_URL" }
      .merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    // Read before waiting so a large output cannot fill the pipe and stall the child.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// The reference folder; without it the test is reported as skipped (a failure under CI).
  static func requireReference(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
    try ReferenceFolder.require(sourceLocation: sourceLocation)
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
