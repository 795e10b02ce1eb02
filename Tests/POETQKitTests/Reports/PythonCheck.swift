import Foundation
import Testing

/// Runs a Python script that opens a written file with a PyPI package (openpyxl, python-docx) and
/// prints JSON. Without the package the test is skipped with a printed reason, and fails under CI
/// (`CI` set), where `.ci/run` installs it.
enum PythonCheck {
  enum Decision: Equatable {
    case run
    case skip(String)
    case fail(String)
  }

  /// Whether `module` imports: run; else skip locally, fail under CI.
  static func decide(
    module: String, package: String, _ environment: [String: String] = ProcessInfo.processInfo.environment,
    available: (String) -> Bool = importable
  ) -> Decision {
    if available(module) { return .run }
    if environment["CI"] != nil {
      return .fail("\(package) is missing; CI must run this test (pip install \(package))")
    }
    return .skip("SKIP (reports): python3 with \(package) not found; `pip install \(package)` to run this test")
  }

  static func importable(_ module: String) -> Bool {
    (try? run(["-c", "import \(module)"]).status) == 0
  }

  /// Runs `python3 args…` and returns its exit status and standard output.
  static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, data, errorText)
  }

  /// Runs `script` on `file` when `module` is available and decodes its JSON output; `nil` when skipped.
  static func json<T: Decodable>(
    _ type: T.Type, module: String, package: String, script: String, file: URL
  ) throws -> T? {
    switch decide(module: module, package: package) {
    case .skip(let notice):
      print(notice)
      return nil
    case .fail(let message):
      Issue.record(Comment(rawValue: message))
      return nil
    case .run:
      let scriptURL = FileManager.default.temporaryDirectory.appendingPathComponent(
        "poetq-check-\(UUID().uuidString).py")
      try script.write(to: scriptURL, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: scriptURL) }
      let (status, output, error) = try run([scriptURL.path, file.path])
      guard status == 0 else {
        Issue.record(Comment(rawValue: "python3 failed (\(status)): \(error)"))
        return nil
      }
      return try JSONDecoder().decode(T.self, from: output)
    }
  }
}
