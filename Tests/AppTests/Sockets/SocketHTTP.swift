import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A plain HTTP/1.1 client over a TCP socket, for tests that must send a body the way a browser on
/// a network does: whole, or with `Transfer-Encoding: chunked` in small pieces written one at a
/// time (the in-process test client hands the server every body whole, which hid a CSRF check that
/// read the form before it had arrived). Runs its blocking I/O on a thread of its own, never on the
/// cooperative pool the server's handlers need.
enum SocketHTTP {
  struct Response {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
      headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    var allSetCookies: [String] {
      headers.filter { $0.0.caseInsensitiveCompare("Set-Cookie") == .orderedSame }.map(\.1)
    }
  }

  /// How the body goes over the wire.
  enum Framing: CustomStringConvertible {
    /// `Content-Length`, written in one go.
    case whole
    /// `Transfer-Encoding: chunked`, chunks of `size` bytes, each written (and flushed) separately.
    case chunked(size: Int)

    var description: String {
      switch self {
      case .whole: "whole"
      case .chunked(let size): "chunked in \(size)-byte pieces"
      }
    }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func send(
    port: Int, method: String, path: String, headers: [(String, String)] = [], body: Data? = nil,
    framing: Framing = .whole
  ) async throws -> Response {
    try await withCheckedThrowingContinuation { continuation in
      let thread = Thread {
        continuation.resume(
          with: Result {
            try sendBlocking(port: port, method: method, path: path, headers: headers, body: body, framing: framing)
          })
      }
      thread.start()
    }
  }

  private static func sendBlocking(
    port: Int, method: String, path: String, headers: [(String, String)], body: Data?, framing: Framing
  ) throws -> Response {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Failure(description: "socket() failed") }
    defer { close(fd) }
    var noDelay: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
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
    guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port) failed") }

    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body {
      switch framing {
      case .whole: head += "Content-Length: \(body.count)\r\n"
      case .chunked: head += "Transfer-Encoding: chunked\r\n"
      }
    }
    head += "\r\n"
    try write(fd, Data(head.utf8))
    if let body {
      switch framing {
      case .whole:
        try write(fd, body)
      case .chunked(let size):
        var offset = 0
        while offset < body.count {
          let piece = body[offset..<min(offset + size, body.count)]
          try write(fd, Data(String(piece.count, radix: 16).utf8) + Data("\r\n".utf8) + piece + Data("\r\n".utf8))
          offset += piece.count
        }
        try write(fd, Data("0\r\n\r\n".utf8))
      }
    }
    var received = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    // A signal to this process (a child process of another test ending) interrupts a socket call
    // that has a timeout (SO_RCVTIMEO), even under SA_RESTART: EINTR means try again. Any other
    // failure is named, not taken for the server closing the connection.
    while true {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count < 0 {
        let code = errno
        if code == EINTR { continue }
        throw Failure(description: "recv failed after \(received.count) bytes: \(String(cString: strerror(code)))")
      }
      if count == 0 { break }
      received.append(contentsOf: buffer[0..<count])
    }
    return try parse(received)
  }

  private static func write(_ fd: Int32, _ data: Data) throws {
    try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      var sent = 0
      while sent < raw.count {
        let count = Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { throw Failure(description: "the server closed the connection while we sent") }
        sent += count
      }
    }
  }

  private static func parse(_ data: Data) throws -> Response {
    guard let split = data.range(of: Data("\r\n\r\n".utf8)) else {
      throw Failure(description: "no HTTP response (\(data.count) bytes)")
    }
    let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    guard let statusLine = head.first,
      let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { throw Failure(description: "bad status line") }
    let headers = head.dropFirst().compactMap { line -> (String, String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
    var body = Data(data[split.upperBound...])
    if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
      body = dechunk(body)
    }
    return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
  }

  private static func dechunk(_ data: Data) -> Data {
    var result = Data()
    var rest = data[...]
    while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
      let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
      guard let size = Int(sizeText, radix: 16), size > 0 else { break }
      let start = lineEnd.upperBound
      let end = rest.index(start, offsetBy: size, limitedBy: rest.endIndex) ?? rest.endIndex
      result.append(rest[start..<end])
      rest = rest[min(end + 2, rest.endIndex)...]
    }
    return result
  }
}

/// A signed-in researcher talking to the served app over real sockets: keeps the session cookie and
/// the last CSRF token a page carried.
struct SocketSession {
  let port: Int
  var cookie: String?
  var csrf: String?

  init(port: Int) { self.port = port }

  init(baseURL: String) {
    port = Int(baseURL.split(separator: ":").last ?? "0") ?? 0
  }

  @discardableResult
  mutating func get(_ path: String, accept: String = "text/html") async throws -> SocketHTTP.Response {
    try await exchange("GET", path, headers: [("Accept", accept)], body: nil, framing: .whole)
  }

  /// Posts form fields (urlencoded, the CSRF token added) the way a browser without JavaScript does.
  @discardableResult
  mutating func postForm(
    _ path: String, _ fields: [(String, String)], framing: SocketHTTP.Framing = .whole, includeCSRF: Bool = true,
    accept: String = SocketSession.browserAccept
  ) async throws -> SocketHTTP.Response {
    var fields = fields
    if includeCSRF, let csrf { fields.append(("csrf", csrf)) }
    let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    return try await exchange(
      "POST", path,
      headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", accept)],
      body: Data(body.utf8), framing: framing)
  }

  /// Posts a multipart form (files and fields) as a browser does.
  @discardableResult
  mutating func postMultipart(
    _ path: String, fields: [(String, String)], files: [(field: String, name: String, data: Data)],
    framing: SocketHTTP.Framing = .whole
  ) async throws -> SocketHTTP.Response {
    let boundary = "----poetq\(UUID().uuidString.prefix(8))"
    var body = Data()
    var all = fields
    if let csrf { all.append(("csrf", csrf)) }
    for (name, value) in all {
      body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    for file in files {
      body += Data(
        ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n").utf8)
      body += file.data + Data("\r\n".utf8)
    }
    body += Data("--\(boundary)--\r\n".utf8)
    return try await exchange(
      "POST", path,
      headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Accept", Self.browserAccept)],
      body: body, framing: framing)
  }

  /// What Chromium sends with a form it posts itself (no JavaScript).
  static let browserAccept =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"

  static func encode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  private mutating func exchange(
    _ method: String, _ path: String, headers: [(String, String)], body: Data?, framing: SocketHTTP.Framing
  ) async throws -> SocketHTTP.Response {
    var headers = headers
    if let cookie { headers.append(("Cookie", cookie)) }
    let response = try await SocketHTTP.send(
      port: port, method: method, path: path, headers: headers, body: body, framing: framing)
    // The session cookie, and before sign-in the cookie that carries the form token (CSRF).
    var jar: [String: String] = [:]
    for pair in (cookie ?? "").components(separatedBy: "; ") where !pair.isEmpty {
      jar[String(pair.prefix { $0 != "=" })] = pair
    }
    for setCookie in response.allSetCookies {
      guard let pair = setCookie.split(separator: ";").first else { continue }
      let name = String(pair.prefix { $0 != "=" })
      if name == "poetq_session" || name == "poetq_form" { jar[name] = String(pair) }
    }
    cookie = jar.isEmpty ? nil : jar.keys.sorted().compactMap { jar[$0] }.joined(separator: "; ")
    if let range = response.body.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) {
      csrf = String(response.body[range]).components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
    }
    return response
  }
}
