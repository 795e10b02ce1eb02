import Foundation
import TestSupport
import Testing

/// Printing the current page to PDF with Chromium (WebDriver's Print command, as a researcher's
/// "Save as PDF") and reading the PDF back with poppler's tools.
extension Page {
  /// The current page printed on A4 portrait with its backgrounds off (what a printer gets).
  func printPDF() async throws -> Data {
    let value = try await session.command(
      "POST", "/print",
      [
        "orientation": "portrait", "background": false, "shrinkToFit": true,
        "page": ["width": .number(21.0), "height": .number(29.7)],
      ])
    guard let base64 = value.string, let data = Data(base64Encoded: base64) else {
      throw WebDriverError("print: no PDF in the answer")
    }
    return data
  }
}

/// poppler-utils (`pdftotext`, `pdfinfo`, `pdftoppm`), which `.ci/run` installs with Chromium.
enum Poppler {
  /// Whether the tools are here. Missing: a failure under CI or with `POETQ_BROWSER_TESTS=1`, else
  /// the test is reported as skipped with the reason (`Test.cancel`), never as passed.
  static func required(sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
    let found = ["pdftotext", "pdfinfo", "pdftoppm"].allSatisfy {
      FileManager.default.isExecutableFile(atPath: "/usr/bin/\($0)")
    }
    try ExternalTool.require(
      found, missing: "poppler-utils", install: "apt-get install poppler-utils",
      mandatory: BrowserTools.mandatory(ProcessInfo.processInfo.environment), sourceLocation: sourceLocation)
    return found
  }

  /// Runs `/usr/bin/<tool> arguments…` and returns its standard output.
  static func run(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
