import NIOConcurrencyHelpers
import NIOPosix
import Vapor

/// bcrypt on a small thread pool of its own, with a bound on how many hashes may wait. Sign-ins must
/// never stall participants: on the shared pool, 64 sign-in attempts raised a participant page's
/// median from 6 ms to 3 s. Beyond `maxWaiting`, an attempt is refused at once (503) rather than
/// queued behind the others.
final class PasswordHasher: Sendable {
  private let pool: NIOThreadPool
  private let maxWaiting: Int
  private let waiting = NIOLockedValueBox(0)
  private let refusals = BusyRefusals("too many sign-ins waiting for the password hasher")
  private let logger = Logger(label: "poetq.password-hasher")

  init(threads: Int = 1, maxWaiting: Int = 16) {
    pool = NIOThreadPool(numberOfThreads: threads)
    pool.start()
    self.maxWaiting = maxWaiting
  }

  func shutdown() async throws { try await pool.shutdownGracefully() }

  func hash(_ password: String) async throws -> String {
    try await run { try Bcrypt.hash(password) }
  }

  func verify(_ password: String, created hash: String) async throws -> Bool {
    try await run { try Bcrypt.verify(password, created: hash) }
  }

  private func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    let admitted = waiting.withLockedValue { count in
      guard count < maxWaiting else { return false }
      count += 1
      return true
    }
    guard admitted else {
      refusals.note(logger)
      throw BusyRefusals.error("Too many sign-ins at once. Wait a moment and try again.")
    }
    defer { waiting.withLockedValue { $0 -= 1 } }
    return try await pool.runIfActive(work)
  }
}

extension Application {
  private struct PasswordHasherKey: StorageKey { typealias Value = PasswordHasher }

  /// The application's password hasher (set up by `configure`, shut down with the application).
  var passwordHasher: PasswordHasher {
    get { storage[PasswordHasherKey.self]! }
    set { storage[PasswordHasherKey.self] = newValue }
  }
}

/// Shuts the password hasher's pool down with the application.
struct PasswordHasherLifecycle: LifecycleHandler {
  func shutdownAsync(_ application: Application) async {
    try? await application.passwordHasher.shutdown()
  }
}
