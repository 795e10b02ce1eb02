import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import App

/// Write transactions take turns, first come first served, and a turn not given in time fails
/// instead of waiting for ever.
@Suite("SQLite writer turns")
struct WriterTurnsTests {
  @Test("turns are given in the order they were asked for, one at a time")
  func firstComeFirstServed() async throws {
    let loop = MultiThreadedEventLoopGroup.singleton.any()
    let turns = WriterTurns(patience: .seconds(60))
    try await turns.take(on: loop).get()
    let order = NIOLockedValueBox([Int]())
    let waiting = (1...5).map { index in
      turns.take(on: loop).map {
        order.withLockedValue { $0.append(index) }
        turns.give()
      }
    }
    #expect(order.withLockedValue { $0 }.isEmpty, "nobody goes while the first holds its turn")
    turns.give()
    for future in waiting { try await future.get() }
    #expect(order.withLockedValue { $0 } == [1, 2, 3, 4, 5])
    // Free again: the next one is served at once.
    try await turns.take(on: loop).get()
    turns.give()
  }

  @Test("a turn not given within the patience fails with a reason, and the queue goes on")
  func patience() async throws {
    let loop = MultiThreadedEventLoopGroup.singleton.any()
    let turns = WriterTurns(patience: .milliseconds(50))
    try await turns.take(on: loop).get()
    await #expect(throws: WriterTurnTimeout.self) { try await turns.take(on: loop).get() }
    turns.give()
    try await turns.take(on: loop).get()
    turns.give()
  }
}
