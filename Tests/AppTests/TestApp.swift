import Foundation
import NIOConcurrencyHelpers
import TestSupport
import Testing
import VaporTesting

@testable import App

/// Runs `body` against a fully configured and migrated POETQ, once on a fresh in-memory SQLite and,
/// when `TEST_DATABASE_URL` is set (CI sets it), once more on a PostgreSQL database, reverted
/// around the test. Each database serves one test at a time, so tests take turns for the databases
/// the variable lists (`PostgresDatabases`). Under CI a missing `TEST_DATABASE_URL` is a failure,
/// not a skip.
func withPOETQ(_ body: (Application) async throws -> Void) async throws {
  try await onEachDatabase(sqlite: .sqlite(path: nil)) { database in try await run(on: database, body) }
}

/// Like `withPOETQ`, but with the HTTP server listening on 127.0.0.1 on a free port, for a real
/// browser: `body` gets the application and its base URL (`http://127.0.0.1:PORT`, no trailing
/// slash). SQLite is a fresh file in a temporary directory, since the server's connections must
/// share it.
func withRunningPOETQ(_ body: (Application, String) async throws -> Void) async throws {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-test-\(UUID().uuidString)")
  defer { try? FileManager.default.removeItem(at: directory) }
  let sqlite = AppConfig.DatabaseBackend.sqlite(path: directory.appendingPathComponent("poetq.sqlite").path)
  try await onEachDatabase(sqlite: sqlite) { database in
    try await run(on: database) { app in try await serve(app, body) }
  }
}

/// Calls `body` with `sqlite`, then with one of the PostgreSQL databases of `TEST_DATABASE_URL`
/// (taking turns) when it is set; under CI its absence is a failure.
private func onEachDatabase(
  sqlite: AppConfig.DatabaseBackend, _ body: (AppConfig.DatabaseBackend) async throws -> Void
) async throws {
  if PostgresDatabases.urls.isEmpty {
    if ExternalTool.mandatory() {
      Issue.record("TEST_DATABASE_URL is not set: CI must run the database tests on PostgreSQL too")
    } else {
      PostgresNotice.once()
    }
  }
  try await body(sqlite)
  if !PostgresDatabases.urls.isEmpty {
    try await PostgresDatabases.shared.with { url in try await body(.postgres(url: url)) }
  }
}

/// A configured, migrated application on `database` for the length of `body`, then shut down.
/// PostgreSQL is reverted before and after.
func run(on database: AppConfig.DatabaseBackend, _ body: (Application) async throws -> Void) async throws {
  let app = try await Application.make(.testing)
  app.directory = DirectoryConfiguration(workingDirectory: packageRoot.path + "/")
  let isPostgres = if case .postgres = database { true } else { false }
  do {
    try await configure(app, config: AppConfig(database: database))
    if isPostgres { try await app.autoRevert() }
    try await app.migrateSafely()
    try await body(app)
    if isPostgres { try await app.autoRevert() }
  } catch {
    try? await app.asyncShutdown()
    throw error
  }
  try await app.asyncShutdown()
}

/// Starts the HTTP server on 127.0.0.1 on a port the system picks, runs `body` with its base URL,
/// and stops the server however `body` ends.
private func serve(_ app: Application, _ body: (Application, String) async throws -> Void) async throws {
  let inFlight = InFlightRequests()
  app.middleware.use(inFlight, at: .beginning)
  try await app.asyncBoot()
  try await app.server.start(address: .hostname("127.0.0.1", port: 0))
  do {
    guard let port = app.http.server.shared.localAddress?.port else {
      throw Abort(.internalServerError, reason: "the test server reports no port")
    }
    try await body(app, "http://127.0.0.1:\(port)")
  } catch {
    await app.server.shutdown()
    await inFlight.drain()
    throw error
  }
  await app.server.shutdown()
  await inFlight.drain()
}

/// Counts the requests under way, outermost in the chain, so a test server stopped early (a test
/// that failed while a request was still waiting for the database) lets them finish before the
/// application shuts down: a response completing after that reaches for a deconfigured application
/// (the sessions middleware's `req.db`) and Vapor stops the whole test process ("Core not configured").
final class InFlightRequests: AsyncMiddleware, Sendable {
  private let count = NIOLockedValueBox(0)

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    count.withLockedValue { $0 += 1 }
    defer { count.withLockedValue { $0 -= 1 } }
    return try await next.respond(to: request)
  }

  /// Waits until no request is under way (at most `limit`).
  func drain(limit: Duration = .seconds(60)) async {
    let deadline = ContinuousClock.now + limit
    while count.withLockedValue({ $0 }) > 0, ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(50))
    }
  }
}

enum PostgresNotice {
  private static let printed = NIOLockedValueBox(false)
  static func once() {
    let first = printed.withLockedValue { value -> Bool in
      defer { value = true }
      return !value
    }
    if first { print("SKIP (PostgreSQL): TEST_DATABASE_URL is not set; the database tests ran on SQLite only") }
  }
}

let packageRoot: URL = {
  var url = URL(fileURLWithPath: #filePath)
  while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
    url.deleteLastPathComponent()
  }
  return url
}()

/// The PostgreSQL databases of `TEST_DATABASE_URL`: one URL, or several separated by white space
/// (CI lists two, so two tests' PostgreSQL passes run at once). A test reverts its database before
/// and after, so each serves one test at a time, across suites that Swift Testing runs in parallel.
enum PostgresDatabases {
  static let urls = urls(in: ProcessInfo.processInfo.environment)
  static let shared = Pool(urls)

  static func urls(in environment: [String: String]) -> [String] {
    (environment["TEST_DATABASE_URL"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
  }
}

/// Items lent to one holder at a time, for async code: a borrower waits its turn, in order, until
/// one is given back.
final class Pool<Item: Sendable>: Sendable {
  private let state: NIOLockedValueBox<(free: [Item], waiting: [CheckedContinuation<Item, Never>])>

  init(_ items: [Item]) { state = NIOLockedValueBox((items, [])) }

  /// Lends an item to `body` and takes it back however `body` ends.
  func with<T>(_ body: (Item) async throws -> T) async throws -> T {
    let item = await acquire()
    defer { release(item) }
    return try await body(item)
  }

  func acquire() async -> Item {
    await withCheckedContinuation { continuation in
      let free = state.withLockedValue { state -> Item? in
        guard !state.free.isEmpty else {
          state.waiting.append(continuation)
          return nil
        }
        return state.free.removeFirst()
      }
      if let free { continuation.resume(returning: free) }
    }
  }

  func release(_ item: Item) {
    let next = state.withLockedValue { state -> CheckedContinuation<Item, Never>? in
      if state.waiting.isEmpty {
        state.free.append(item)
        return nil
      }
      return state.waiting.removeFirst()
    }
    next?.resume(returning: item)
  }
}

/// A browser in miniature: keeps the session cookie, reads the CSRF token from forms, posts forms.
struct TestBrowser {
  let app: Application
  var cookie: String?
  var csrf: String?

  init(_ app: Application) { self.app = app }

  @discardableResult
  mutating func get(_ path: String) async throws -> TestingHTTPResponse {
    try await send(.GET, path, body: nil)
  }

  @discardableResult
  mutating func post(_ path: String, _ fields: [String: String], includeCSRF: Bool = true) async throws
    -> TestingHTTPResponse
  {
    try await post(path, pairs: fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, includeCSRF: includeCSRF)
  }

  /// Posts fields in order; a name may repeat (`capacity[]`).
  @discardableResult
  mutating func post(_ path: String, pairs: [(String, String)], includeCSRF: Bool = true) async throws
    -> TestingHTTPResponse
  {
    var pairs = pairs
    if includeCSRF, let csrf { pairs.append(("csrf", csrf)) }
    let body = pairs.map { name, value -> String in
      let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
      return "\(encode(name))=\(encode(value))"
    }
    .joined(separator: "&")
    return try await send(.POST, path, body: body)
  }

  private mutating func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> TestingHTTPResponse {
    var headers = HTTPHeaders()
    if let cookie { headers.add(name: .cookie, value: cookie) }
    if body != nil { headers.contentType = .urlEncodedForm }
    var captured: TestingHTTPResponse?
    try await app.testing().test(
      method, path, headers: headers, body: body.map { ByteBuffer(string: $0) }
    ) { response in captured = response }
    let response = try #require(captured)
    if let setCookie = response.headers.first(name: .setCookie), let pair = setCookie.split(separator: ";").first {
      cookie = String(pair)
    }
    let html = response.body.string
    if let range = html.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) {
      let match = String(html[range])
      csrf = match.components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
    }
    return response
  }
}
