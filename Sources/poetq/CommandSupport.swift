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

/// Output written in chunks as `write` produces them (a large result's JSON), to standard output or
/// to `out`; a file is written beside `out` first and renamed over it once complete, so `out` holds
/// the whole output or is left as it was, as with `writeOutput`.
func writeStreamedOutput(to out: String?, _ write: (@escaping ([UInt8]) throws -> Void) throws -> Void) throws {
  guard let out else {
    try write { chunk in try FileHandle.standardOutput.write(contentsOf: chunk) }
    return
  }
  let url = URL(commandLinePath: out)
  let partial = url.deletingLastPathComponent()
    .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
  do {
    guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.deletingLastPathComponent().path])
    }
    let handle = try FileHandle(forWritingTo: partial)
    defer { try? handle.close() }
    try write { chunk in try handle.write(contentsOf: chunk) }
    guard rename(partial.path, url.path) == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
    }
  } catch let error as EncodingError {
    try? FileManager.default.removeItem(at: partial)
    throw error
  } catch {
    try? FileManager.default.removeItem(at: partial)
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
