import NIOCore

/// Reads the server's bytes into replies (RFC 5321 §4.2: `250-first`, `250 last`) and hands them,
/// in order, to whoever waits with ``next(timeout:)``. A closed connection, an error or a line that
/// is not a reply fails the waiting and every later request.
///
/// State is touched only on the channel's event loop (hence `@unchecked Sendable`).
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
  typealias InboundIn = ByteBuffer

  static let maxLineLength = 4096

  private var bytes: [UInt8] = []
  private var lines: [String] = []
  private var ready: [SMTPReply] = []
  private var waiting: [EventLoopPromise<SMTPReply>] = []
  private var failure: SMTPError?
  private var context: ChannelHandlerContext?

  func handlerAdded(context: ChannelHandlerContext) { self.context = context }
  func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var buffer = unwrapInboundIn(data)
    bytes += buffer.readBytes(length: buffer.readableBytes) ?? []
    while let newline = bytes.firstIndex(of: 0x0A) {
      var line = Array(bytes[..<newline])
      bytes.removeSubrange(...newline)
      if line.last == 0x0D { line.removeLast() }
      parse(String(decoding: line, as: UTF8.self))
    }
    if bytes.count > Self.maxLineLength {
      fail(SMTPError(.connection, "The server sent a line over \(Self.maxLineLength) bytes."))
    }
  }

  private func parse(_ line: String) {
    let characters = Array(line)
    guard characters.count >= 3, let code = Int(String(characters[0..<3])), (200...599).contains(code),
      characters.count == 3 || characters[3] == " " || characters[3] == "-"
    else {
      fail(SMTPError(.connection, "The server sent a line that is not an SMTP reply: \(line.prefix(200))"))
      return
    }
    lines.append(characters.count > 4 ? String(characters[4...]) : "")
    guard characters.count == 3 || characters[3] == " " else { return }
    let reply = SMTPReply(code: code, lines: lines)
    lines = []
    if waiting.isEmpty {
      ready.append(reply)
    } else {
      waiting.removeFirst().succeed(reply)
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    fail(SMTPError(.connection, "The server closed the connection."))
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    fail(SMTPError(.connection, "Connection error: \(error)"))
    context.close(promise: nil)
  }

  private func fail(_ error: SMTPError) {
    if failure == nil { failure = error }
    let pending = waiting
    waiting = []
    for promise in pending { promise.fail(failure ?? error) }
  }

  /// Whether bytes or replies arrived that nobody asked for yet (checked before STARTTLS's
  /// handshake: anything sent in clear after the server's 220 must not be read as if protected).
  var hasUnreadInput: Bool { !bytes.isEmpty || !ready.isEmpty || !lines.isEmpty }

  /// The next reply, or a failure after `timeout` (which also closes the connection, as the
  /// exchange is then out of step). Call on the channel's event loop.
  func next(on eventLoop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
    eventLoop.assertInEventLoop()
    if !ready.isEmpty { return eventLoop.makeSucceededFuture(ready.removeFirst()) }
    if let failure { return eventLoop.makeFailedFuture(failure) }
    let promise = eventLoop.makePromise(of: SMTPReply.self)
    waiting.append(promise)
    let timer = eventLoop.scheduleTask(in: timeout) { [self] in
      guard waiting.contains(where: { $0.futureResult === promise.futureResult }) else { return }
      let seconds = timeout.nanoseconds / 1_000_000_000
      fail(SMTPError(.connection, "No reply from the server within \(seconds) second\(seconds == 1 ? "" : "s")."))
      context?.close(promise: nil)
    }
    promise.futureResult.whenComplete { _ in timer.cancel() }
    return promise.futureResult
  }
}
