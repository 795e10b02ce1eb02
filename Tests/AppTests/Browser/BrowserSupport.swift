import Foundation
import NIOConcurrencyHelpers
import TestSupport
import Testing
import VaporTesting

@testable import App

/// Where Chromium and chromedriver are, and whether the browser tests must run.
///
/// Found → the tests run. Missing → under CI (`CI` set) or with `POETQ_BROWSER_TESTS=1` that is a
/// failure; otherwise each test is reported as skipped with the reason.
enum BrowserTools {
  struct Found: Sendable, Equatable {
    var chromium: String
    var chromedriver: String
  }

  /// Browser tests take turns, whichever suite they are in, two at a time: one alone keeps about
  /// half a core busy (the rest is waiting for pages), so two fill these two cores' idle half.
  static let turns = Pool([(), ()])

  /// Debian's paths, tried before `PATH`.
  static let standardPaths = (chromium: "/usr/bin/chromium", chromedriver: "/usr/bin/chromedriver")

  static func locate(
    _ environment: [String: String] = ProcessInfo.processInfo.environment,
    standardPaths: (chromium: String, chromedriver: String) = standardPaths
  ) -> Found? {
    guard let chromium = executable("chromium", preferring: standardPaths.chromium, environment),
      let chromedriver = executable("chromedriver", preferring: standardPaths.chromedriver, environment)
    else { return nil }
    return Found(chromium: chromium, chromedriver: chromedriver)
  }

  /// The tools; without them the test is reported as skipped with the reason, or fails under CI
  /// or with `POETQ_BROWSER_TESTS=1` (``ExternalTool``'s rule).
  static func required(sourceLocation: SourceLocation = #_sourceLocation) throws -> Found? {
    let environment = ProcessInfo.processInfo.environment
    let found = locate(environment)
    try ExternalTool.require(
      found != nil, missing: "chromium/chromedriver", install: "apt-get install chromium chromium-driver",
      mandatory: mandatory(environment), sourceLocation: sourceLocation)
    return found
  }

  static func mandatory(_ environment: [String: String]) -> Bool {
    environment["CI"] != nil || environment["POETQ_BROWSER_TESTS"] == "1"
  }

  private static func executable(_ name: String, preferring path: String, _ environment: [String: String]) -> String? {
    ExternalTool.executable(name, preferring: [path], environment: environment)
  }
}

/// Runs `body` with a page in headless Chromium against a fresh POETQ served on a real port: once
/// on SQLite and again on PostgreSQL when `TEST_DATABASE_URL` is set, each time with a new browser
/// session (no cookies carried over); screenshots and axe audits are taken on the SQLite pass only
/// (`Page.looks`). One chromedriver serves both and is stopped however the body ends. Browser tests
/// run two at a time, across suites (`BrowserTools.turns`). Without Chromium it skips or fails as
/// `BrowserTools.required` says.
///
///     try await withBrowser { app, page in
///       try await page.open("/")
///       try await page.waitFor(path: "/setup")
///     }
func withBrowser(
  _ test: String = #function, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: (Application, Page) async throws -> Void
) async throws {
  guard let tools = try BrowserTools.required(sourceLocation: sourceLocation) else { return }
  await BrowserTools.turns.acquire()
  defer { BrowserTools.turns.release(()) }
  let driver = try await ChromeDriver.start(executable: tools.chromedriver)
  do {
    try await withRunningPOETQ { app, baseURL in
      let session = try await WebDriverSession.create(
        client: WebDriverClient(endpoint: driver.endpoint), browser: tools.chromium)
      var page = Page(session: session, baseURL: baseURL, test: Page.fileName(test))
      if case .postgres = app.poetqConfig.database { page.looks = false }
      do {
        try await body(app, page)
      } catch {
        try? await session.delete()
        throw error
      }
      try await session.delete()
    }
  } catch {
    await driver.stop()
    throw error
  }
  await driver.stop()
}
