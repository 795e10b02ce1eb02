import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A failed WebDriver command, or a browser that could not be started, with what was being done.
struct WebDriverError: Error, CustomStringConvertible {
  var description: String

  init(_ description: String) { self.description = description }
}

/// A `chromedriver` process listening on a port of its own choosing on 127.0.0.1. Stop it with
/// `stop()`; `withBrowser` does that however its body ends.
final class ChromeDriver {
  let process: Process
  let endpoint: URL
  let logFile: URL

  private init(process: Process, endpoint: URL, logFile: URL) {
    self.process = process
    self.endpoint = endpoint
    self.logFile = logFile
  }

  /// Starts `chromedriver --port=0` and reads the port it bound from its output. With port 0 it
  /// binds IPv6 to a free port and then IPv4 to the same number, which another process (a test
  /// server on 127.0.0.1) may hold: it then exits saying "port not available", and a new one is
  /// started, up to three times.
  static func start(executable: String) async throws -> ChromeDriver {
    var attempt = 1
    while true {
      do {
        return try await startOnce(executable: executable)
      } catch let error as WebDriverError where attempt < 3 && error.description.contains("port not available") {
        attempt += 1
      }
    }
  }

  private static func startOnce(executable: String) async throws -> ChromeDriver {
    let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("chromedriver-\(UUID().uuidString).log")
    guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
      throw WebDriverError("could not create \(logFile.path) for chromedriver's output")
    }
    let output = try FileHandle(forWritingTo: logFile)
    defer { try? output.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--port=0"]
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()

    let port: Int
    do {
      port = try await Poll.until("chromedriver to report its port (output in \(logFile.path))") {
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        if !process.isRunning {
          throw WebDriverError("chromedriver exited with status \(process.terminationStatus):\n\(log)")
        }
        guard let range = log.range(of: #"started successfully on port \d+"#, options: .regularExpression) else {
          return nil
        }
        return Int(log[range].split(separator: " ").last ?? "")
      }
    } catch {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      throw error
    }
    let driver = ChromeDriver(
      process: process, endpoint: URL(string: "http://127.0.0.1:\(port)")!, logFile: logFile)
    do {
      let client = WebDriverClient(endpoint: driver.endpoint)
      var last = "no answer yet"
      _ = try await Poll.until(
        "chromedriver at \(driver.endpoint) to be ready", context: { last },
        check: {
          do {
            let status = try await client.command("GET", "/status")
            last = "last status: \(status)"
            return status["ready"]?.bool == true ? true : nil
          } catch {
            last = "last error: \(error)"
            return nil
          }
        })
    } catch {
      await driver.stop()
      throw error
    }
    return driver
  }

  /// Asks chromedriver to shut down (closing any browser it still runs), kills it if it has not
  /// exited within the polling deadline, and removes its log. SIGTERM is no use here: a process
  /// started by Foundation's `Process` on Linux inherits a signal mask that blocks it.
  func stop() async {
    if process.isRunning {
      _ = try? await WebDriverClient(endpoint: endpoint).command("GET", "/shutdown")
      let exited = try? await Poll.until("chromedriver to exit", timeout: .seconds(10)) {
        process.isRunning ? nil : true
      }
      if exited == nil && process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(at: logFile)
  }
}

/// Plain HTTP/JSON to a WebDriver endpoint (W3C WebDriver protocol), over AsyncHTTPClient.
/// (Foundation's URLSession on Linux fails against chromedriver with "Failed writing header".)
struct WebDriverClient: Sendable {
  let endpoint: URL

  /// Sends one command and returns its `value`; a WebDriver error becomes a thrown `WebDriverError`.
  @discardableResult
  func command(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
    var request = HTTPClientRequest(url: endpoint.absoluteString + path)
    request.method = HTTPMethod(rawValue: method)
    if method == "POST" {
      request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
      let data = try body.map { try JSONEncoder().encode($0) } ?? Data("{}".utf8)
      request.body = .bytes(ByteBuffer(bytes: data))
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(180))
    let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
    let data = Data(bytes.readableBytesView)
    let status = Int(response.status.code)
    guard let reply = try? JSONDecoder().decode(JSONValue.self, from: data) else {
      throw WebDriverError(
        "\(method) \(path): HTTP \(status), not JSON: \(String(decoding: data.prefix(500), as: UTF8.self))")
    }
    let value = reply["value"] ?? .null
    if let error = value["error"]?.string {
      let message = value["message"]?.string ?? ""
      throw WebDriverError("\(method) \(path): \(error): \(message.split(separator: "\n").first ?? "")")
    }
    guard (200..<300).contains(status) else { throw WebDriverError("\(method) \(path): HTTP \(status): \(reply)") }
    return value
  }
}

/// WebDriver's codes for keys that are not characters.
enum Key: String, Sendable {
  case tab = "\u{E004}"
  case enter = "\u{E007}"
  case escape = "\u{E00C}"
  case space = "\u{E00D}"
  case backspace = "\u{E003}"
  case arrowLeft = "\u{E012}"
  case arrowUp = "\u{E013}"
  case arrowRight = "\u{E014}"
  case arrowDown = "\u{E015}"
  case shift = "\u{E008}"
}

/// One browser session: the raw W3C commands. Tests use `Page`, which reads better.
struct WebDriverSession: Sendable {
  let client: WebDriverClient
  let id: String

  /// A new headless Chromium with the given window size.
  static func create(
    client: WebDriverClient, browser: String, width: Int = 1280, height: Int = 900
  ) async throws -> WebDriverSession {
    let arguments: [JSONValue] = [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--window-size=\(width),\(height)", "--force-device-scale-factor=1", "--hide-scrollbars", "--lang=en-GB",
      "--no-first-run", "--no-default-browser-check", "--disable-extensions",
    ]
    let capabilities: JSONValue = [
      "capabilities": [
        "alwaysMatch": [
          "browserName": "chrome",
          "pageLoadStrategy": "normal",
          // 150 s, under the HTTP client's 180 s: a navigation at the start of a loaded full run (its
          // requests then take 5–20 s each on two cores) passed 60 s, and chromedriver then gives up
          // with "Timed out receiving message from renderer".
          "timeouts": ["script": 150_000, "pageLoad": 150_000, "implicit": 0],
          "goog:chromeOptions": ["binary": .string(browser), "args": .array(arguments)],
        ]
      ]
    ]
    let value = try await client.command("POST", "/session", capabilities)
    guard let id = value["sessionId"]?.string else { throw WebDriverError("new session: no sessionId in \(value)") }
    return WebDriverSession(client: client, id: id)
  }

  @discardableResult
  func command(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
    try await client.command(method, "/session/\(id)\(path)", body)
  }

  func delete() async throws { try await client.command("DELETE", "/session/\(id)") }

  func navigate(to url: String) async throws { try await command("POST", "/url", ["url": .string(url)]) }

  func currentURL() async throws -> String { try await command("GET", "/url").string ?? "" }

  func title() async throws -> String { try await command("GET", "/title").string ?? "" }

  func findElement(css selector: String) async throws -> WebElement {
    try element(from: try await command("POST", "/element", ["using": "css selector", "value": .string(selector)]))
  }

  func findElements(css selector: String) async throws -> [WebElement] {
    let values = try await command("POST", "/elements", ["using": "css selector", "value": .string(selector)])
    return try (values.array ?? []).map(element(from:))
  }

  func activeElement() async throws -> WebElement { try element(from: try await command("GET", "/element/active")) }

  /// Runs `script` as the body of a function (`arguments` holds `args`) and returns its result.
  @discardableResult
  func execute(_ script: String, _ args: [JSONValue] = []) async throws -> JSONValue {
    try await command("POST", "/execute/sync", ["script": .string(script), "args": .array(args)])
  }

  /// Runs `script` with a callback as its last argument and returns what is passed to the callback.
  func executeAsync(_ script: String, _ args: [JSONValue] = []) async throws -> JSONValue {
    try await command("POST", "/execute/async", ["script": .string(script), "args": .array(args)])
  }

  func setWindowRect(width: Int, height: Int) async throws {
    try await command("POST", "/window/rect", ["width": .number(Double(width)), "height": .number(Double(height))])
  }

  /// A PNG of the viewport.
  func screenshot() async throws -> Data {
    guard let base64 = try await command("GET", "/screenshot").string, let data = Data(base64Encoded: base64) else {
      throw WebDriverError("screenshot: no base64 PNG in the reply")
    }
    return data
  }

  /// Presses and releases each key in turn, as typed on a keyboard, into whatever has focus.
  func pressKeys(_ keys: [String]) async throws {
    var actions: [JSONValue] = []
    for key in keys {
      actions.append(["type": "keyDown", "value": .string(key)])
      actions.append(["type": "keyUp", "value": .string(key)])
    }
    try await command(
      "POST", "/actions", ["actions": [["type": "key", "id": "keyboard", "actions": .array(actions)]]])
    try await command("DELETE", "/actions")
  }

  private func element(from value: JSONValue) throws -> WebElement {
    guard let id = value[WebElement.key]?.string else { throw WebDriverError("not an element reference: \(value)") }
    return WebElement(session: self, id: id)
  }
}

/// An element in the page, as WebDriver refers to it.
struct WebElement: Sendable {
  static let key = "element-6066-11e4-a52e-4f735466cecf"
  let session: WebDriverSession
  let id: String

  var reference: JSONValue { [Self.key: .string(id)] }

  func click() async throws { try await session.command("POST", "/element/\(id)/click") }
  func clear() async throws { try await session.command("POST", "/element/\(id)/clear") }
  func sendKeys(_ text: String) async throws {
    try await session.command("POST", "/element/\(id)/value", ["text": .string(text)])
  }
  func text() async throws -> String { try await session.command("GET", "/element/\(id)/text").string ?? "" }
  func attribute(_ name: String) async throws -> String? {
    try await session.command("GET", "/element/\(id)/attribute/\(name)").string
  }
  func property(_ name: String) async throws -> JSONValue {
    try await session.command("GET", "/element/\(id)/property/\(name)")
  }
}

/// Polls until a condition gives a value, with a generous deadline. Not a timing: the deadline only
/// turns a hang into a failure that names what was awaited.
enum Poll {
  static let timeout: Duration = .seconds(30)
  static let interval: Duration = .milliseconds(100)

  /// `context` describes the state at the deadline (e.g. where the browser is) for the failure.
  static func until<T>(
    _ what: String, timeout: Duration = Poll.timeout, context: (() async -> String)? = nil,
    check: () async throws -> T?
  ) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
      do {
        if let value = try await check() { return value }
      } catch let error as WebDriverError where error.description.contains("stale element") {
        // The page changed under the check (a navigation finished): look again.
      }
      guard clock.now < deadline else {
        let state = await context?() ?? ""
        throw WebDriverError("gave up after \(timeout) waiting for \(what)\(state.isEmpty ? "" : " " + state)")
      }
      try await Task.sleep(for: interval)
    }
  }
}
