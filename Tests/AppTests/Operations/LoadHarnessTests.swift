import Fluent
import Foundation
import TestSupport
import Testing
import VaporTesting

@testable import App

/// The load harness (Benchmarks/Server/load.py) in a short run against the app served on a real
/// port, on SQLite and on PostgreSQL: 30 participants through the real HTTP calls, 0 errors and
/// every acknowledged save found in the database. No timing is asserted (the figures are printed).
@Suite("Load harness smoke run")
struct LoadHarnessTests {
  @Test("30 participants through the harness: no error, no acknowledged save lost")
  func smokeRun() async throws {
    try Python.require(module: "aiohttp", package: "aiohttp")
    try await withRunningPOETQ { app, baseURL in
      let (study, _) = try await AnalysisAPITests.demo(app)
      var codes: [String] = []
      for _ in 0..<30 { codes.append(try await ParticipantClient.invite(app, to: study).code) }
      let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-load-\(UUID().uuidString)")
      defer { try? FileManager.default.removeItem(at: scratch) }
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
      let codesFile = scratch.appendingPathComponent("codes.txt")
      let reportFile = scratch.appendingPathComponent("report.json")
      try Data(codes.joined(separator: "\n").utf8).write(to: codesFile)

      let (status, output) = try await Self.run(
        "python3",
        [
          packageRoot.appendingPathComponent("Benchmarks/Server/load.py").path, "--base-url", baseURL,
          "--codes-file", codesFile.path, "--report", reportFile.path, "--participants", "30", "--seconds", "40",
          "--healthz-seconds", "2",
        ])
      print("load harness (\(app.poetqConfig.database.name), debug build):\n\(output)")
      #expect(status == 0, "\(output.suffix(2000))")
      struct Report: Decodable {
        var acknowledged: [String: Int]
        var errors: [String]
        var requests: [String: Int]
      }
      let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: reportFile))
      #expect(report.errors.isEmpty, "\(report.errors.prefix(5))")
      #expect(report.acknowledged.count == 30, "every participant had saves acknowledged")
      #expect((report.requests["presort save"] ?? 0) > 0 && (report.requests["GET /healthz"] ?? 0) > 0)
      for (code, revision) in report.acknowledged {
        let stored = try await ParticipantClient(app, code: code).response(on: app.db)
        #expect((stored?.revision ?? 0) >= revision, "\(code): acknowledged revision \(revision) is stored")
      }
    }
  }

  /// Runs `tool` with `arguments`, waiting without blocking the server's threads: (status, output).
  static func run(_ tool: String, _ arguments: [String]) async throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let output = scratchFile()
    defer { try? FileManager.default.removeItem(at: output) }
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    try handle.close()
    return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
  }

  static func scratchFile() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("poetq-load-output-\(UUID().uuidString).txt")
  }
}
