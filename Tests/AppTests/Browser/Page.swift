import Foundation
import Testing

/// The browser as a test drives it: open a path, fill fields, click, wait for what should appear,
/// read text, take screenshots, audit accessibility. Selectors are CSS. Every wait polls with a
/// generous deadline and fails naming what it waited for and where the browser was.
struct Page: Sendable {
  let session: WebDriverSession
  /// `http://127.0.0.1:PORT` of the server under test.
  let baseURL: String
  /// The test's name, for screenshot files.
  let test: String
  /// Whether ``screenshot(_:widths:)`` and ``audit(sourceLocation:)`` look at the pages. A browser
  /// test runs on SQLite, then on PostgreSQL; the second pass serves the same HTML, so it checks
  /// behaviour and storage only (its screenshots would overwrite the first's with the same pictures).
  var looks = true

  static let width = 1280
  static let height = 900

  // MARK: Navigation

  /// Opens `path` (e.g. `/studies`) on the server under test and waits for the page to load.
  func open(_ path: String) async throws { try await session.navigate(to: baseURL + path) }

  /// The current path and query, e.g. `/studies/commissioning-views`.
  func path() async throws -> String {
    let url = try await session.currentURL()
    guard url.hasPrefix(baseURL) else { return url }
    return String(url.dropFirst(baseURL.count))
  }

  /// Waits until the browser is at exactly `expected` (path and query).
  func waitFor(path expected: String) async throws {
    try await waitUntil("the browser to be at \(expected)") { try await path() == expected }
  }

  /// Waits until the path matches the regular expression `pattern` (anchor it yourself) and returns it.
  @discardableResult
  func waitFor(pathMatching pattern: String) async throws -> String {
    try await Poll.until("a path matching \(pattern)", context: location) {
      let current = try await path()
      return current.range(of: pattern, options: .regularExpression) != nil ? current : nil
    }
  }

  // MARK: Finding and waiting

  /// Waits until an element matches `selector` and returns the first.
  @discardableResult
  func waitFor(_ selector: String) async throws -> WebElement {
    try await Poll.until("an element matching `\(selector)`", context: location) {
      try await session.findElements(css: selector).first
    }
  }

  /// Waits until an element matching `selector` contains `text`.
  func waitFor(_ selector: String, containing text: String) async throws {
    try await waitUntil("`\(selector)` to contain \"\(text)\"") {
      try await texts(selector).contains { $0.contains(text) }
    }
  }

  /// Waits until `condition` holds; `what` names it in the failure.
  func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
    _ = try await Poll.until(what, context: location) { try await condition() ? true : nil }
  }

  func exists(_ selector: String) async throws -> Bool { try await !session.findElements(css: selector).isEmpty }

  func find(_ selector: String) async throws -> WebElement {
    do {
      return try await session.findElement(css: selector)
    } catch {
      throw WebDriverError("no element matches `\(selector)` \(await location()) (\(error))")
    }
  }

  // MARK: Acting

  /// Clears the field matching `selector` and types `text` into it.
  func fill(_ selector: String, _ text: String) async throws {
    let field = try await find(selector)
    try await field.clear()
    try await field.sendKeys(text)
  }

  func click(_ selector: String) async throws {
    try await settled()
    try await find(selector).click()
  }

  /// Presses keys on the keyboard, into whatever has focus.
  func press(_ keys: Key...) async throws {
    try await settled()
    try await session.pressKeys(keys.map(\.rawValue))
  }

  /// Types `text` on the keyboard, into whatever has focus.
  func type(_ text: String) async throws {
    try await settled()
    try await session.pressKeys(text.map { String($0) })
  }

  /// Waits, as a person would, until a new statement on a participant's page has settled: for a
  /// moment after one arrives (fading in) taps and keys on the choices are ignored.
  func settled() async throws {
    try await waitUntil("the new statement to settle") {
      try await run("return !(document.body && document.body.classList.contains('settling'))").bool ?? true
    }
  }

  /// Presses Tab until the focused element matches `selector`, and returns how many presses it took.
  /// Fails, listing where focus went, if it is not reached within `limit` presses.
  @discardableResult
  func tab(to selector: String, limit: Int = 40) async throws -> Int {
    var visited: [String] = []
    for presses in 1...limit {
      try await press(.tab)
      let focus = try await focused()
      if try await run("return document.activeElement.matches(arguments[0])", [.string(selector)]).bool == true {
        return presses
      }
      visited.append(focus.description)
    }
    throw WebDriverError(
      "Tab did not reach `\(selector)` in \(limit) presses \(await location()); focus went: "
        + visited.joined(separator: " → "))
  }

  // MARK: Reading

  /// The rendered text of the first element matching `selector`.
  func text(_ selector: String) async throws -> String { try await find(selector).text() }

  /// The rendered text of every element matching `selector`.
  func texts(_ selector: String) async throws -> [String] {
    var texts: [String] = []
    for element in try await session.findElements(css: selector) { texts.append(try await element.text()) }
    return texts
  }

  func attribute(_ selector: String, _ name: String) async throws -> String? {
    try await find(selector).attribute(name)
  }

  func property(_ selector: String, _ name: String) async throws -> JSONValue {
    try await find(selector).property(name)
  }

  func title() async throws -> String { try await session.title() }

  /// Runs JavaScript in the page as a function body (`arguments` holds `args`); returns its result.
  @discardableResult
  func run(_ script: String, _ args: [JSONValue] = []) async throws -> JSONValue {
    try await session.execute(script, args)
  }

  /// What has keyboard focus, and how its focus indicator is drawn.
  struct Focus: Sendable, CustomStringConvertible {
    var element: String
    var outlineStyle: String
    var outlineWidth: String
    var boxShadow: String

    /// An outline or a box shadow is drawn (what `:focus-visible` in poetq.css sets).
    var isVisible: Bool {
      let outline = outlineStyle != "none" && outlineWidth != "0px"
      let shadow = !boxShadow.isEmpty && boxShadow != "none"
      return outline || shadow
    }

    var description: String { element }
  }

  func focused() async throws -> Focus {
    let value = try await run(
      """
      const e = document.activeElement;
      if (!e) return {element: "(nothing)", outlineStyle: "none", outlineWidth: "0px", boxShadow: "none"};
      const s = getComputedStyle(e);
      let name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "");
      if (e.type) name += "[type=" + e.type + "]";
      const label = (e.innerText || e.value || "").trim().slice(0, 40);
      if (label) name += " \\"" + label + "\\"";
      return {element: name, outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow};
      """)
    return Focus(
      element: value["element"]?.string ?? "?", outlineStyle: value["outlineStyle"]?.string ?? "",
      outlineWidth: value["outlineWidth"]?.string ?? "", boxShadow: value["boxShadow"]?.string ?? "")
  }

  // MARK: Screenshots

  /// Saves full-page screenshots of the current page as `<test>-<step>-<width>.png` at each width
  /// (1280 and 360 px by default) in `$POETQ_SCREENSHOT_DIR`, else `.build/screenshots/`.
  /// The page height is captured up to 4000 px. The window is put back to 1280×900 afterwards.
  @discardableResult
  func screenshot(_ step: String, widths: [Int] = [1280, 360]) async throws -> [URL] {
    guard looks else { return [] }
    try await settled()
    let directory = Self.screenshotDirectory
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var files: [URL] = []
    for width in widths {
      try await session.setWindowRect(width: width, height: Self.height)
      let size = try await run(
        """
        return {inner: window.innerWidth, outer: window.outerHeight - window.innerHeight,
          page: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)};
        """)
      let inner = size["inner"]?.int ?? 0
      guard inner == width else {
        throw WebDriverError("screenshot \(step): asked for a \(width) px wide window, the page is \(inner) px wide")
      }
      let pageHeight = min(max(size["page"]?.int ?? Self.height, 200), 4000)
      try await session.setWindowRect(width: width, height: pageHeight + (size["outer"]?.int ?? 0))
      let file = directory.appendingPathComponent("\(test)-\(Self.fileName(step))-\(width).png")
      try await session.screenshot().write(to: file)
      files.append(file)
    }
    try await session.setWindowRect(width: Self.width, height: Self.height)
    return files
  }

  static var screenshotDirectory: URL {
    if let directory = ProcessInfo.processInfo.environment["POETQ_SCREENSHOT_DIR"], !directory.isEmpty {
      return URL(fileURLWithPath: directory, isDirectory: true)
    }
    return packageRoot.appendingPathComponent(".build/screenshots", isDirectory: true)
  }

  /// `firstRun()` → `firstRun`; anything but letters, digits, `-` and `_` becomes `-`.
  static func fileName(_ name: String) -> String {
    let base = name.split(separator: "(").first.map(String.init) ?? name
    return String(base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
  }

  /// Where the browser is, for failure messages.
  func location() async -> String {
    let path = (try? await path()) ?? "?"
    let title = (try? await title()) ?? "?"
    // An error or a banner on the page usually says why the wait was in vain.
    let messages = try? await run(
      """
      return ['#error', '#connection:not([hidden])'].map(s => document.querySelector(s))
        .filter(Boolean).map(e => e.textContent.trim()).join(' / ');
      """
    ).string
    return "at \(path) “\(title)”" + (messages.map { $0.isEmpty ? "" : ", showing: \($0)" } ?? "")
  }
}
