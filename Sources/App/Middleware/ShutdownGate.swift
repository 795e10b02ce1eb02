import NIOConcurrencyHelpers
import Vapor

/// Counts the requests in flight so that `poetq serve` closes the databases only after the last
/// one has been answered; once the server is stopping, a request that still arrives (on a
/// connection opened before) is refused with 503 before it reaches the database.
public final class ShutdownGate: Sendable {
  private struct State {
    var inFlight = 0
    var closing = false
    var drained: [CheckedContinuation<Void, Never>] = []
  }

  private let state = NIOLockedValueBox(State())
  private let refusals = BusyRefusals("the server is stopping")

  /// Admits a request, or refuses it when the server is stopping.
  func enter() -> Bool {
    state.withLockedValue { state in
      guard !state.closing else { return false }
      state.inFlight += 1
      return true
    }
  }

  func leave() {
    let waiting = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
      state.inFlight -= 1
      guard state.inFlight == 0, state.closing else { return [] }
      defer { state.drained = [] }
      return state.drained
    }
    for continuation in waiting { continuation.resume() }
  }

  /// From now on every new request is refused (503).
  public func close() { state.withLockedValue { $0.closing = true } }

  public var inFlight: Int { state.withLockedValue { $0.inFlight } }

  /// Closes the gate and waits until no request is in flight, or `limit` passes.
  /// - Returns: whether every request was answered.
  public func drain(within limit: Duration) async -> Bool {
    close()
    let timeout = Task {
      try? await Task.sleep(for: limit)
      let waiting = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
        defer { state.drained = [] }
        return state.drained
      }
      for continuation in waiting { continuation.resume() }
    }
    defer { timeout.cancel() }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let done = state.withLockedValue { state in
        guard state.inFlight > 0 else { return true }
        state.drained.append(continuation)
        return false
      }
      if done { continuation.resume() }
    }
    return inFlight == 0
  }

  /// The middleware: the outermost but for the error page, so the 503 is a page.
  struct Middleware: AsyncMiddleware {
    let gate: ShutdownGate

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
      guard gate.enter() else {
        gate.refusals.note(request.logger)
        let busy = BusyRefusals.error("The server is restarting. Nothing you sent was saved: try again in a moment.")
        var error = Abort(busy.status, headers: busy.headers, reason: busy.reason)
        error.headers.replaceOrAdd(name: .connection, value: "close")
        throw error
      }
      defer { gate.leave() }
      return try await next.respond(to: request)
    }
  }
}

extension Application {
  private struct ShutdownGateKey: StorageKey { typealias Value = ShutdownGate }

  /// The requests in flight, for a shutdown that closes the databases last (set up by `configure`).
  public var shutdownGate: ShutdownGate {
    if let gate = storage[ShutdownGateKey.self] { return gate }
    let gate = ShutdownGate()
    storage[ShutdownGateKey.self] = gate
    return gate
  }
}
