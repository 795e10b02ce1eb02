import Foundation
import TestSupport
import Testing
import VaporTesting

@testable import App

/// STARTTLS against aiosmtpd with a certificate made for the test: the message travels encrypted
/// when the certificate is trusted, and nothing is sent when it is not.
@Suite("Invitation mail over STARTTLS")
struct StartTLSMailTests {
  /// A self-signed certificate for `localhost` made with openssl. Without openssl the test is
  /// reported as skipped locally and fails under CI (`.ci/run` installs openssl).
  static func certificate(in directory: URL) throws -> (cert: String, key: String)? {
    func missing(_ reason: String) throws -> (cert: String, key: String)? {
      try ExternalTool.require(false, missing: "openssl (\(reason))", install: "apt-get install openssl")
      return nil
    }
    let cert = directory.appendingPathComponent("cert.pem").path
    let key = directory.appendingPathComponent("key.pem").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return try missing("openssl not found to make a test certificate")
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      return try missing("openssl could not make a test certificate")
    }
    return (cert, key)
  }

  @Test("with the relay's certificate trusted the invitation goes over TLS; an untrusted one stops before MAIL")
  func startTLS() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    guard let pair = try Self.certificate(in: directory) else { return }
    let pem = try String(contentsOfFile: pair.cert, encoding: .utf8)
    try await withPOETQ { app in
      try await SMTPSink.with(tls: pair) { sink in
        var configuration = SMTPConfiguration(
          host: "localhost", port: sink.port, startTLS: true, from: "study@example.org", timeout: 20)
        app.mailer = SMTPMailer(configuration: configuration, group: app.eventLoopGroup)
        var (browser, _, _) = try await InvitationMailTests.studyWithList(app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        try await app.mailWorker.runDueJobs()
        let untrusted = try await InvitationMailTests.log(app)
        #expect(untrusted.count == 3 && untrusted.allSatisfy { $0.result == .failed })
        #expect(try sink.messages().isEmpty, "nothing is sent when the certificate is not trusted")

        configuration.trustedCertificatesPEM = pem
        app.mailer = SMTPMailer(configuration: configuration, group: app.eventLoopGroup)
        #expect(try await browser.post("/studies/poetq/participants/retry", [:]).status == .seeOther)
        try await app.mailWorker.runDueJobs()
        let received = try sink.messages()
        #expect(received.count == 3)
        let encrypted = received.allSatisfy { $0.tls }
        #expect(encrypted, "every message went over TLS")
        #expect(Set(received.flatMap(\.rcptTos)) == ["zoe@example.org", "sam@example.org", "lee@example.org"])
      }
    }
  }
}
