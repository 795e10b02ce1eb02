import Foundation
import TestSupport
import Testing

/// Runs a Python script that opens a written file with a PyPI package (openpyxl, python-docx) and
/// prints JSON. Without the package the test is reported as skipped with the reason, and fails under
/// CI, where `.ci/run` installs it (``ExternalTool``'s rule).
enum PythonCheck {
  /// Runs `script` on `file` once `module` imports and decodes its JSON output. The optional is
  /// kept for the callers' `guard let`; a missing package cancels or fails the test instead.
  static func json<T: Decodable>(
    _ type: T.Type, module: String, package: String, script: String, file: URL,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> T? {
    try Python.require(module: module, package: package, sourceLocation: sourceLocation)
    return try Python.json(type, script: script, arguments: [file.path])
  }
}
