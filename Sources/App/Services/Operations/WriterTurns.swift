import NIOConcurrencyHelpers
import NIOCore

/// One SQLite write transaction at a time within this process, first come first served.
///
/// SQLite lets one connection write at a time; a second connection asking meanwhile sleeps in SQLite's
/// busy timeout and tries again, sleeping up to 100 ms between tries. With two connections and 200
/// writers queued, every hand-over of the lock could cost such a sleep, and on a busy machine the queue
/// behind them outwaited the connection pool (40 of 200 transactions failed with
/// `connectionRequestTimeout` in a full test run). Taking a turn here first — before a connection is
/// taken from the pool — lets the next transaction begin the moment the previous one commits, leaves
/// the other connection to readers, and keeps SQLite's busy timeout for writers of other processes
/// (another instance, `poetq backup`).
final class WriterTurns: Sendable {
  private struct State {
    var busy = false
    var waiting: [(id: Int, promise: EventLoopPromise<Void>)] = []
    var nextID = 0
  }

  private let state = NIOLockedValueBox(State())
  /// A turn not given within this time fails the transaction instead of waiting for ever (e.g. a
  /// transaction that opens a second, separate transaction and waits for it).
  let patience: TimeAmount

  init(patience: TimeAmount) { self.patience = patience }

  /// Succeeds when it is the caller's turn; the caller must ``give()`` it back exactly once.
  func take(on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
    let promise = eventLoop.makePromise(of: Void.self)
    let id: Int? = state.withLockedValue { state in
      guard state.busy else {
        state.busy = true
        return nil
      }
      state.nextID += 1
      state.waiting.append((state.nextID, promise))
      return state.nextID
    }
    guard let id else {
      promise.succeed()
      return promise.futureResult
    }
    let patience = self.patience
    let timeout = eventLoop.scheduleTask(in: patience) { [state] in
      let removed = state.withLockedValue { state in
        guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return false }
        state.waiting.remove(at: index)
        return true
      }
      if removed { promise.fail(WriterTurnTimeout(patience: patience)) }
    }
    promise.futureResult.whenComplete { _ in timeout.cancel() }
    return promise.futureResult
  }

  /// Ends the holder's turn: the longest waiting writer goes next.
  func give() {
    let next = state.withLockedValue { state -> EventLoopPromise<Void>? in
      guard !state.waiting.isEmpty else {
        state.busy = false
        return nil
      }
      return state.waiting.removeFirst().promise
    }
    next?.succeed()
  }
}

/// A write transaction that waited longer than its patience for its turn.
struct WriterTurnTimeout: Error, CustomStringConvertible {
  let patience: TimeAmount
  var description: String {
    "the database was busy with other writes for more than \(patience.nanoseconds / 1_000_000_000) s"
  }
}
