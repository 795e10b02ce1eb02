import ArgumentParser
import Foundation
import QMethod

/// Writes a line to standard error.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning an engine error into a clear message on stderr and exit code 1.
func reportingErrors<T>(_ body: () throws(QMethodError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    printError("error: \(error.description)")
    throw ExitCode.failure
  }
}

/// Reports long-running work on stderr once it has taken more than a second.
final class ProgressReporter: @unchecked Sendable {
  private let start = Date()
  private let lock = NSLock()
  private var announced = false

  /// Prints `message` with the elapsed time, but only after the first second.
  func report(_ message: String) {
    lock.lock()
    defer { lock.unlock() }
    let elapsed = Date().timeIntervalSince(start)
    guard elapsed > 1 else { return }
    if !announced {
      announced = true
      printError("(showing progress: this run is taking a while)")
    }
    printError(String(format: "[%6.1f s] %@", elapsed, message))
  }
}

extension URL {
  init(commandLinePath path: String) {
    self.init(fileURLWithPath: (path as NSString).expandingTildeInPath)
  }
}
