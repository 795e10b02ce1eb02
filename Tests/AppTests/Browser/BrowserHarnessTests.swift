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

  @Test("missing browser: a failure under CI or POETQ_BROWSER_TESTS=1, a skip with a reason locally")
  func missingBrowser() {
    let missing = ["PATH": "/nonexistent"]
    guard
      case .fail(let message) = BrowserTools.decide(missing.merging(["CI": "true"]) { $1 }, standardPaths: Self.nowhere)
    else {
      Issue.record(Comment(rawValue: "CI without chromium must fail"))
      return
    }
    #expect(message.contains("CI must run the browser tests"))
    guard
      case .fail = BrowserTools.decide(
        missing.merging(["POETQ_BROWSER_TESTS": "1"]) { $1 }, standardPaths: Self.nowhere)
    else {
      Issue.record(Comment(rawValue: "POETQ_BROWSER_TESTS=1 without chromium must fail"))
      return
    }
    guard case .skip(let notice) = BrowserTools.decide(missing, standardPaths: Self.nowhere) else {
      Issue.record(Comment(rawValue: "locally, a missing chromium is a skip"))
      return
    }
    #expect(notice.hasPrefix("SKIP (browser): chromium/chromedriver not found"))
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
}
