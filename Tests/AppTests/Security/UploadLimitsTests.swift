import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

#if canImport(Glibc)
  import Glibc
#endif

/// Uploads that cannot exhaust memory (issue 24): someone who is not a researcher of the study has
/// an upload refused before its body is read; a body over its limit is refused as it passes it, and
/// the 413 page never repeats it (a non-member's 45 MB post once came back as a 46 MB page, ten at
/// once held 1.48 GB); and at most a few data files are read at once.
@Suite("Upload limits")
struct UploadLimitsTests {
  /// Posts a urlencoded body of `size` bytes (`prefix`, then `x` up to the size), written in 64 KB
  /// pieces and never whole in memory; stops writing when the server stops reading, then reads the
  /// answer. The status and how many bytes the answer had.
  static func bigPost(port: Int, path: String, cookie: String, prefix: String, size: Int) async throws -> (
    status: Int, bytes: Int, body: String
  ) {
    try await withCheckedThrowingContinuation { continuation in
      Thread {
        continuation.resume(
          with: Result { try bigPostBlocking(port: port, path: path, cookie: cookie, prefix: prefix, size: size) })
      }.start()
    }
  }

  private static func bigPostBlocking(port: Int, path: String, cookie: String, prefix: String, size: Int) throws -> (
    status: Int, bytes: Int, body: String
  ) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SocketHTTP.Failure(description: "socket() failed") }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 120, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw SocketHTTP.Failure(description: "connect failed") }
    let head =
      "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nCookie: \(cookie)\r\n"
      + "Content-Type: application/x-www-form-urlencoded\r\nAccept: \(SocketSession.browserAccept)\r\n"
      + "Content-Length: \(size)\r\n\r\n"
    func write(_ bytes: [UInt8]) -> Bool {
      var sent = 0
      while sent < bytes.count {
        let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return false }
        sent += count
      }
      return true
    }
    var open = write(Array(head.utf8)) && write(Array(prefix.utf8))
    var remaining = size - prefix.utf8.count
    let piece = [UInt8](repeating: UInt8(ascii: "x"), count: 65_536)
    // Stop writing as soon as an answer arrives: the server has refused the body, and writing on
    // into a socket it closes would reset the connection before the answer is read.
    func answered() -> Bool {
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      return poll(&poller, 1, 0) > 0
    }
    while open, remaining > 0, !answered() {
      let count = min(remaining, piece.count)
      open = write(Array(piece[0..<count]))
      remaining -= count
    }
    var received = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count < 0, errno == EINTR { continue }
      if count <= 0 { break }
      received.append(contentsOf: buffer[0..<count])
    }
    let text = String(decoding: received, as: UTF8.self)
    let status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, received.count, text)
  }

  @Test(
    "a non-member's 45 MB post is refused unread (403); a researcher's 30 MB one gets a 413 page that echoes nothing")
  func bigBodies() async throws {
    try await withRunningPOETQ { app, baseURL in
      var owner = try await SocketFormTests.researcher(app, baseURL)
      #expect(try await owner.postForm("/studies", [("title", "Uploads"), ("template", "poetq")]).status == 303)
      var stranger = try await SocketFormTests.researcher(app, baseURL, email: "eve@example.org")
      let confirm = "/studies/uploads/data/import/confirm"
      try await stranger.get("/studies")
      let strangerCSRF = try #require(stranger.csrf)
      let refused = try await Self.bigPost(
        port: stranger.port, path: confirm, cookie: try #require(stranger.cookie),
        prefix: "csrf=\(SocketSession.encode(strangerCSRF))&file=", size: 45 << 20)
      #expect([403, 404].contains(refused.status), "\(refused.status)")
      #expect(refused.bytes < 64 << 10, "the answer is a short page, not the body again: \(refused.bytes) bytes")

      try await owner.get("/studies/uploads/data")
      let ownerCSRF = try #require(owner.csrf)
      let tooLarge = try await Self.bigPost(
        port: owner.port, path: confirm, cookie: try #require(owner.cookie),
        prefix: "csrf=\(SocketSession.encode(ownerCSRF))&file=", size: 30 << 20)
      #expect(tooLarge.status == 413)
      #expect(tooLarge.bytes < 64 << 10, "the 413 page does not repeat the body: \(tooLarge.bytes) bytes")
      #expect(tooLarge.body.contains("(24 MB)"), "the limit is named")

      // A text form a little over its 1 MB: refused, named, and nothing of it sent back.
      try await owner.get("/studies/uploads/texts")
      let text = try await owner.postForm(
        "/studies/uploads/texts", [("informationSheet", String(repeating: "y", count: 1_100_000))])
      #expect(text.status == 413)
      #expect(text.body.contains("(1 MB)") && !text.body.contains("yyyyyyyyyy"))
      #expect(text.body.utf8.count < 64 << 10)
    }
  }

  @Test("data files are read at most two at a time; a few more wait, beyond that 503 at once")
  func importParsingBounded() async throws {
    let release = NIOLockedValueBox(false)
    let started = NIOLockedValueBox(0)
    let refused = NIOLockedValueBox(0)
    let logger = Logger(label: "test")
    let capacity = ImportParsing.threads + ImportParsing.maxWaiting
    let outcomes = await withTaskGroup(of: Int.self) { group in
      for _ in 0..<(capacity + 3) {
        group.addTask {
          do {
            return try await ImportParsing.run(logger: logger) {
              started.withLockedValue { $0 += 1 }
              while !release.withLockedValue({ $0 }) { usleep(10_000) }
              return 200
            }
          } catch let error as any AbortError {
            refused.withLockedValue { $0 += 1 }
            return Int(error.status.code)
          } catch {
            return 0
          }
        }
      }
      // Once the refusals are in (or after a minute, to fail rather than hang), let the admitted ones finish.
      Task {
        for _ in 0..<6_000 where refused.withLockedValue({ $0 }) < 3 { try? await Task.sleep(for: .milliseconds(10)) }
        release.withLockedValue { $0 = true }
      }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(outcomes.filter { $0 == 200 }.count == capacity, "\(outcomes)")
    #expect(outcomes.filter { $0 == 503 }.count == 3, "\(outcomes)")
    #expect(started.withLockedValue { $0 } == capacity)
    #expect(ImportParsing.inProgress == 0)
  }
}
