import Foundation
import Testing

@testable import App

/// The browser-test harness itself: when the tests must run, and that the accessibility audit
/// really finds problems.
@Suite("Browser harness")
struct BrowserHarnessTests {
  static let nowhere = (chromium: "/nonexistent/chromium", chromedriver: "/nonexistent/chromedriver")

  @Test("browser tests are mandatory under CI or POETQ_BROWSER_TESTS=1, optional otherwise")
  func mandatory() {
    #expect(BrowserTools.mandatory(["CI": "true"]))
    #expect(BrowserTools.mandatory(["POETQ_BROWSER_TESTS": "1"]))
    #expect(!BrowserTools.mandatory([:]))
    #expect(!BrowserTools.mandatory(["POETQ_BROWSER_TESTS": "0"]))
  }

  @Test("chromium and chromedriver are found on PATH when not at Debian's paths")
  func locateOnPath() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-path-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let environment = ["PATH": "/nonexistent:\(directory.path)"]
    #expect(BrowserTools.locate(environment, standardPaths: Self.nowhere) == nil)

    for name in ["chromium", "chromedriver"] {
      let file = directory.appendingPathComponent(name).path
      #expect(FileManager.default.createFile(atPath: file, contents: Data("#!/bin/sh\n".utf8)))
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
    }
    let found = try #require(BrowserTools.locate(environment, standardPaths: Self.nowhere))
    #expect(found.chromium == directory.appendingPathComponent("chromium").path)
    #expect(found.chromedriver == directory.appendingPathComponent("chromedriver").path)
  }

  @Test("the axe audit finds an image without alt text and an unlabelled field")
  func axeFindsViolations() async throws {
    try await withBrowser { _, page in
      try await page.open("/login")
      try await page.waitFor("#email")
      try await page.run(
        """
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        img.id = 'no-alt';
        const input = document.createElement('input');
        input.id = 'no-label';
        document.querySelector('main').append(img, input);
        """)
      let result = try await page.axe()
      #expect(result.passes > 0)
      let ids = Set(result.violations.map(\.id))
      #expect(ids.contains("image-alt"), "found: \(ids.sorted())")
      #expect(ids.contains("label"), "found: \(ids.sorted())")
      let imageAlt = try #require(result.violations.first { $0.id == "image-alt" })
      #expect(imageAlt.nodes.map(\.target) == ["#no-alt"])
      #expect(imageAlt.description.contains("image-alt ["))
    }
  }

  @Test("a chromedriver that loses the race for its port is started again, up to three times")
  func chromedriverPortRace() async throws {
    guard let tools = try BrowserTools.required() else { return }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-race-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    /// A chromedriver that fails as the real one does when its IPv4 port is taken, `failures` times.
    func flaky(failures: Int) throws -> (script: String, attempts: URL) {
      let attempts = directory.appendingPathComponent("attempts-\(failures)")
      let script = directory.appendingPathComponent("chromedriver-\(failures)").path
      let text = """
        #!/bin/sh
        echo x >> '\(attempts.path)'
        if [ $(wc -l < '\(attempts.path)') -le \(failures) ]; then
          echo '[SEVERE]: bind() failed: Address already in use (98)'
          echo 'IPv4 port not available. Exiting...'
          exit 1
        fi
        exec '\(tools.chromedriver)' "$@"
        """
      #expect(FileManager.default.createFile(atPath: script, contents: Data(text.utf8)))
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
      return (script, attempts)
    }
    func attempts(_ file: URL) throws -> Int {
      try String(contentsOf: file, encoding: .utf8).split(separator: "\n").count
    }

    let once = try flaky(failures: 1)
    let driver = try await ChromeDriver.start(executable: once.script)
    let status = try await WebDriverClient(endpoint: driver.endpoint).command("GET", "/status")
    await driver.stop()
    #expect(status["ready"]?.bool == true, "the second one serves")
    #expect(try attempts(once.attempts) == 2)

    let always = try flaky(failures: 99)
    await #expect(throws: WebDriverError.self) { _ = try await ChromeDriver.start(executable: always.script) }
    #expect(try attempts(always.attempts) == 3, "given up after three")
  }
}
