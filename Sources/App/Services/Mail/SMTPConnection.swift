import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session (RFC 5321) over SwiftNIO: greeting, EHLO, STARTTLS (then EHLO again), AUTH
/// PLAIN or LOGIN, then any number of mail transactions, QUIT. Every reply code is checked; errors
/// carry the server's reply text, never the credentials.
final class SMTPConnection {
  private let channel: any Channel
  private let replies: SMTPReplyHandler
  private let configuration: SMTPConfiguration
  private let timeout: TimeAmount
  private var extensions: [String: [String]] = [:]

  private init(channel: any Channel, replies: SMTPReplyHandler, configuration: SMTPConfiguration) {
    self.channel = channel
    self.replies = replies
    self.configuration = configuration
    self.timeout = .seconds(Int64(configuration.timeout))
  }

  /// Connects, reads the greeting, says EHLO, upgrades with STARTTLS and signs in as configured.
  static func open(_ configuration: SMTPConfiguration, group: any EventLoopGroup) async throws -> SMTPConnection {
    let replies = SMTPReplyHandler()
    let bootstrap = ClientBootstrap(group: group)
      .connectTimeout(.seconds(Int64(configuration.timeout)))
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(replies) }
      }
    let channel: any Channel
    do {
      channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
    } catch {
      throw SMTPError(.connection, "Could not connect to \(configuration.host):\(configuration.port): \(error)")
    }
    let connection = SMTPConnection(channel: channel, replies: replies, configuration: configuration)
    do {
      try await connection.start()
    } catch {
      await connection.close()
      throw error
    }
    return connection
  }

  private func start() async throws {
    let greeting = try await read()
    guard greeting.code == 220 else { throw SMTPError.refused("Greeting", greeting, scope: .connection) }
    try await hello()
    if configuration.startTLS {
      guard extensions["STARTTLS"] != nil else {
        throw SMTPError(
          .connection,
          "\(configuration.host):\(configuration.port) does not offer STARTTLS, so nothing was sent in clear. "
            + "Use a relay with STARTTLS, or set POETQ_SMTP_STARTTLS=false for a relay on a trusted network.")
      }
      try await command("STARTTLS", step: "STARTTLS", expect: [220], scope: .connection)
      try await startTLS()
      try await hello()
    }
    if let username = configuration.username {
      try await authenticate(username: username, password: configuration.password ?? "")
    }
  }

  private func hello() async throws {
    let reply = try await command("EHLO \(configuration.heloName)", step: "EHLO", expect: [250], scope: .connection)
    extensions = [:]
    for line in reply.lines.dropFirst() {
      let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
      if let keyword = words.first { extensions[keyword] = Array(words.dropFirst()) }
    }
  }

  private func startTLS() async throws {
    var tls = TLSConfiguration.makeClientConfiguration()
    if let pem = configuration.trustedCertificatesPEM {
      tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
    }
    let context = try NIOSSLContext(configuration: tls)
    // SNI and the name check take a host name; for an IP address the certificate is checked against it.
    let host: String? = (try? SocketAddress(ipAddress: configuration.host, port: 0)) == nil ? configuration.host : nil
    let replies = self.replies
    try await channel.eventLoop.submit { [channel] in
      guard !replies.hasUnreadInput else {
        throw SMTPError(.connection, "The server sent data before the TLS handshake; refusing to go on.")
      }
      let handler = try NIOSSLClientHandler(context: context, serverHostname: host)
      try channel.pipeline.syncOperations.addHandler(handler, position: .first)
    }.get()
  }

  private func authenticate(username: String, password: String) async throws {
    let mechanisms = extensions["AUTH"] ?? []
    if mechanisms.contains("PLAIN") {
      let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
      try await command("AUTH PLAIN \(token)", step: "AUTH PLAIN", expect: [235], scope: .connection)
    } else if mechanisms.contains("LOGIN") {
      try await command("AUTH LOGIN", step: "AUTH LOGIN", expect: [334], scope: .connection)
      try await command(
        Data(username.utf8).base64EncodedString(), step: "AUTH LOGIN (user name)", expect: [334], scope: .connection)
      try await command(
        Data(password.utf8).base64EncodedString(), step: "AUTH LOGIN (password)", expect: [235], scope: .connection)
    } else {
      throw SMTPError(
        .connection,
        "\(configuration.host) offers no AUTH PLAIN or LOGIN"
          + (mechanisms.isEmpty ? "" : " (only \(mechanisms.joined(separator: ", ")))") + ", so POETQ cannot sign in.")
    }
  }

  /// One mail transaction: MAIL FROM, RCPT TO, DATA. A refusal of this message is thrown with
  /// scope `.message` after RSET, so the connection can carry the next one.
  func send(_ message: MailMessage) async throws {
    do {
      try await command("MAIL FROM:<\(message.from.address)>", step: "MAIL FROM", expect: [250], scope: .message)
      try await command("RCPT TO:<\(message.to.address)>", step: "RCPT TO", expect: [250, 251], scope: .message)
      try await command("DATA", step: "DATA", expect: [354], scope: .message)
      try await write(MailMessage.dotStuffed(message.rendered()))
      let reply = try await read()
      guard reply.code == 250 else { throw SMTPError.refused("Message", reply, scope: .message) }
    } catch let error as SMTPError where error.scope == .message {
      do {
        try await command("RSET", step: "RSET", expect: [250], scope: .connection)
      } catch let reset as SMTPError {
        throw SMTPError(.connection, "\(error.description); then \(reset.description)")
      }
      throw error
    }
  }

  /// QUIT, then close, whatever the server says.
  func quit() async {
    _ = try? await command("QUIT", step: "QUIT", expect: [221], scope: .connection)
    await close()
  }

  func close() async {
    try? await channel.close()
  }

  @discardableResult
  private func command(_ line: String, step: String, expect: Set<Int>, scope: SMTPError.Scope) async throws
    -> SMTPReply
  {
    try await write(line + "\r\n")
    let reply = try await read()
    guard expect.contains(reply.code) else { throw SMTPError.refused(step, reply, scope: scope) }
    return reply
  }

  private func write(_ text: String) async throws {
    do {
      try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    } catch {
      throw SMTPError(.connection, "Could not write to the server: \(error)")
    }
  }

  private func read() async throws -> SMTPReply {
    let replies = self.replies
    let timeout = self.timeout
    let eventLoop = channel.eventLoop
    return try await eventLoop.flatSubmit { replies.next(on: eventLoop, timeout: timeout) }.get()
  }
}
