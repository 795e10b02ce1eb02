import Foundation
import Synchronization
import Testing

/// `python3` for the tests that read a written file the way another program would (openpyxl,
/// python-docx, zipfile) or run a Python helper (the load harness, the SMTP sink). A missing
/// package follows ``ExternalTool``'s rule: skipped locally, a failure under CI.
public enum Python {
  /// Runs `python3 arguments…` and returns its exit status, standard output and standard error.
  public static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
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

  /// Whether `import module` succeeds (asked once per module and process).
  public static func imports(_ module: String) -> Bool {
    if let known = importable.withLock({ $0[module] }) { return known }
    let answer = (try? run(["-c", "import \(module)"]).status) == 0
    importable.withLock { $0[module] = answer }
    return answer
  }

  private static let importable = Mutex<[String: Bool]>([:])

  /// Goes on when `module` imports; otherwise skipped (locally) or failed (CI), naming `package`.
  public static func require(module: String, package: String, sourceLocation: SourceLocation = #_sourceLocation)
    throws
  {
    try ExternalTool.require(
      imports(module), missing: "python3 with \(package)", install: "pip install \(package)",
      sourceLocation: sourceLocation)
  }

  /// Runs `script` (which prints JSON) on a copy of `data` saved as a `.ext` file, after requiring
  /// `module`, and decodes what it prints.
  public static func json<T: Decodable>(
    _ type: T.Type = T.self, reading data: Data, ext: String, module: String, package: String, script: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> T {
    try require(module: module, package: package, sourceLocation: sourceLocation)
    let directory = FileManager.default.temporaryDirectory
    let file = directory.appendingPathComponent("poetq-read-\(UUID().uuidString).\(ext)")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try json(type, script: script, arguments: [file.path])
  }

  /// Runs `script` with `arguments` and decodes the JSON it prints; a failing script throws its error text.
  public static func json<T: Decodable>(_ type: T.Type = T.self, script: String, arguments: [String]) throws -> T {
    let scriptFile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "poetq-script-\(UUID().uuidString).py")
    try script.write(to: scriptFile, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: scriptFile) }
    let (status, output, error) = try run([scriptFile.path] + arguments)
    guard status == 0 else { throw ExternalTool.Missing(description: "python3 failed (\(status)): \(error)") }
    return try JSONDecoder().decode(T.self, from: output)
  }
}
