import Foundation
import POETQKit
import TestSupport
import Testing

/// The HTML report printed by headless Chromium (its print-to-PDF, as a researcher's "Save as PDF")
/// and read back with poppler's pdfinfo and pdftotext. Needs Debian's `chromium` and
/// `poppler-utils`: reported as skipped with the reason without them, failed under CI or with
/// `POETQ_BROWSER_TESTS=1` (`.ci/run` installs both).
@Suite("Printed report")
struct ReportPrintTests {
  static func executable(_ name: String) -> String? {
    ExternalTool.executable(name, preferring: ["/usr/bin/\(name)"])
  }

  static func run(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test("Chromium prints an A4 PDF in which every factor's section starts a page")
  func printed() throws {
    let environment = ProcessInfo.processInfo.environment
    let tools = (Self.executable("chromium"), Self.executable("pdfinfo"), Self.executable("pdftotext"))
    try ExternalTool.require(
      tools.0 != nil && tools.1 != nil && tools.2 != nil, missing: "chromium or poppler-utils",
      install: "apt-get install chromium poppler-utils",
      mandatory: ExternalTool.mandatory(environment) || environment["POETQ_BROWSER_TESTS"] == "1")
    guard let chromium = tools.0, let pdfinfo = tools.1, let pdftotext = tools.2 else { return }
    let input = ReportFixture.input
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-print-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let page = directory.appendingPathComponent("report.html")
    let pdf = directory.appendingPathComponent("report.pdf")
    try HTMLReport.render(input).write(to: page, atomically: true, encoding: .utf8)
    _ = try Self.run(
      chromium,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
        "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--print-to-pdf=\(pdf.path)",
        page.absoluteString,
      ])
    let info = try Self.run(pdfinfo, [pdf.path])
    #expect(info.contains("(A4)"), "\(info)")
    let pages = try Self.run(pdftotext, ["-layout", pdf.path, "-"]).components(separatedBy: "\u{0C}")
    let firstLines = pages.map { $0.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
      .map { $0.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
    for factor in 1...input.factorCount {
      let name = input.factorName(factor)
      #expect(firstLines.filter { $0 == name }.count == 1, "one page starts with “\(name)”: \(firstLines)")
    }
    #expect(firstLines.contains("The viewpoints compared"))
  }
}
