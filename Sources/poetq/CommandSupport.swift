import ArgumentParser
import Foundation
import QMethod

/// Writes a line to standard error.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning an engine error into a clear message on stderr and exit code 1, its remedies
/// worded as this tool's flags.
func reportingErrors<T>(_ body: () throws(QMethodError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    printError("error: \(error.described { $0.commandLineWording })")
    throw ExitCode.failure
  }
}

/// A command's output: `value` as pretty, key-sorted JSON when `format` is "json", else `text()`;
/// written atomically to `out`, or to standard output.
func writeOutput(_ value: some Encodable, format: String, text: () -> String, to out: String?) throws {
  let output: Data
  if format == "json" {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    output = try encoder.encode(value) + Data("\n".utf8)
  } else {
    output = Data(text().utf8)
  }
  guard let out else {
    FileHandle.standardOutput.write(output)
    return
  }
  do {
    try output.write(to: URL(commandLinePath: out), options: .atomic)
  } catch {
    printError("error: cannot write \(out): \(error.localizedDescription)")
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
