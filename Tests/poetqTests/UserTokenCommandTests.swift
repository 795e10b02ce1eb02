import Foundation
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

@Suite("poetq user token")
struct UserTokenCommandTests {
  @Test("makes a token (printed once, alone on stdout) that the API accepts, lists it, revokes it")
  func tokenLifecycle() async throws {
    let directory = try CLIRunner.temporaryDirectory()
    let dataDirectory = directory.appendingPathComponent("data").path
    let add = try CLIRunner.run(
      ["user", "add", "--email", "ada@example.org", "--name", "Ada", "--data-dir", dataDirectory],
      input: "correct horse battery\n")
    #expect(add.status == 0, "\(add.stderr)")

    let made = try CLIRunner.run(
      ["user", "token", "--email", "Ada@Example.org", "--name", "nightly export", "--data-dir", dataDirectory])
    #expect(made.status == 0, "\(made.stderr)")
    let lines = made.stdout.split(separator: "\n")
    #expect(lines.count == 1, "stdout holds only the token: \(made.stdout)")
    let token = String(lines.first ?? "")
    #expect(token.count == 43 && token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    #expect(made.stderr.contains("shown only this once"), "\(made.stderr)")

    let again = try CLIRunner.run(
      ["user", "token", "--email", "ada@example.org", "--name", "Nightly Export", "--data-dir", dataDirectory])
    #expect(again.status != 0 && again.stderr.contains("already have a token"), "\(again.stderr)")
    #expect(again.stdout.isEmpty)
    let stranger = try CLIRunner.run(
      ["user", "token", "--email", "eve@example.org", "--name", "x", "--data-dir", dataDirectory])
    #expect(stranger.status != 0 && stranger.stderr.contains("no account"), "\(stranger.stderr)")
    let confused = try CLIRunner.run(
      ["user", "token", "--email", "ada@example.org", "--list", "--name", "x", "--data-dir", dataDirectory])
    #expect(confused.status != 0 && confused.stderr.contains("exactly one of"), "\(confused.stderr)")

    let fresh = try CLIRunner.run([
      "user", "token", "--email", "ada@example.org", "--list", "--data-dir", dataDirectory,
    ])
    #expect(fresh.status == 0, "\(fresh.stderr)")
    #expect(fresh.stdout.hasPrefix("nightly export\tcreated 20"), "\(fresh.stdout)")
    #expect(fresh.stdout.contains("last used never"))
    #expect(!fresh.stdout.contains(token) && !fresh.stderr.contains(token), "the token is never shown again")

    // The token works against a running server, and stops working once revoked.
    try await Self.withServer(dataDirectory: dataDirectory) { port in
      let address = "http://127.0.0.1:\(port)/api/v1/studies"
      let accepted = try await Self.get(address, token: token)
      #expect(accepted.status == 200 && accepted.body == "[]", "\(accepted)")
      #expect(try await Self.get(address, token: nil).status == 401)

      let used = try CLIRunner.run([
        "user", "token", "--email", "ada@example.org", "--list", "--data-dir", dataDirectory,
      ])
      #expect(!used.stdout.contains("last used never"), "\(used.stdout)")

      let revoked = try CLIRunner.run(
        ["user", "token", "--email", "ada@example.org", "--revoke", "nightly export", "--data-dir", dataDirectory])
      #expect(revoked.status == 0 && revoked.stderr.contains("revoked nightly export"), "\(revoked.stderr)")
      #expect(try await Self.get(address, token: token).status == 401)
    }
    let gone = try CLIRunner.run(["user", "token", "--email", "ada@example.org", "--list", "--data-dir", dataDirectory])
    #expect(gone.stdout.isEmpty && gone.stderr.contains("no API tokens"), "\(gone.stdout)\(gone.stderr)")
    let twice = try CLIRunner.run(
      ["user", "token", "--email", "ada@example.org", "--revoke", "nightly export", "--data-dir", dataDirectory])
    #expect(twice.status != 0 && twice.stderr.contains("no token called"), "\(twice.stderr)")
  }

  static func withServer(dataDirectory: String, _ body: (Int) async throws -> Void) async throws {
    let port = Int.random(in: 20_000...40_000)
    let process = Process()
    process.executableURL = CLIRunner.executable
    process.arguments = ["serve", "--port", String(port), "--data-dir", dataDirectory]
    process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "DATABASE_URL" }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    var up = false
    for _ in 0..<100 where !up {
      try await Task.sleep(for: .milliseconds(200))
      up = (try? await get("http://127.0.0.1:\(port)/healthz", token: nil).status) == 200
    }
    try #require(up, "the server answered /healthz within 20 s")
    try await body(port)
  }

  static func get(_ address: String, token: String?) async throws -> (status: Int, body: String) {
    var request = URLRequest(url: URL(string: address)!)
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
  }
}
