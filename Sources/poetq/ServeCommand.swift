import App
import ArgumentParser
import NIOCore
import NIOPosix
import Vapor

/// `poetq serve`: the web application, on SQLite under the data directory unless DATABASE_URL
/// names a PostgreSQL database. Migrates on start.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Start the POETQ web application.")

  @ArgumentParser.Option(help: "Address to listen on.") var hostname = "127.0.0.1"
  @ArgumentParser.Option(help: "Port to listen on.") var port = 8080
  @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database and uploads live.")
  var dataDirectory = "./poetq-data"
  @ArgumentParser.Option(
    name: .customLong("env"),
    help: "production (default: no details of errors in responses, templates cached) or development.")
  var environmentName = "production"
  @ArgumentParser.Option(
    name: .customLong("resources"),
    help: """
      The folder holding Resources/ and Public/ (default: POETQ_RESOURCES, else the current folder, else \
      the executable's folder or one above it).
      """)
  var resourcesDirectory: String?

  func run() async throws {
    let onEventLoops = Self.runTasksOnEventLoops()
    let resources: String
    do {
      resources = try ResourceLocation.find(
        explicit: resourcesDirectory ?? ProcessInfo.processInfo.environment["POETQ_RESOURCES"])
    } catch {
      printError("poetq serve: \(error.description)")
      throw ExitCode.failure
    }
    let config = try AppConfig.fromEnvironment(dataDirectory: dataDirectory, hostname: hostname, port: port)
    var environment = try Environment.detect(arguments: ["poetq", "serve", "--env", environmentName])
    try LoggingSystem.bootstrap(from: &environment)
    let app = try await Application.make(environment)
    app.directory = DirectoryConfiguration(workingDirectory: resources)
    if onEventLoops {
      app.logger.notice("Swift concurrency runs on the HTTP server's event loops")
    } else {
      app.logger.warning("Swift concurrency could not be moved onto the event loops; requests hop between threads")
    }
    do {
      try await configure(app, config: config)
      try await app.migrateSafely()
      app.http.server.configuration.hostname = hostname
      app.http.server.configuration.port = port
      // How long stopping waits for the open connections to finish their requests.
      app.http.server.configuration.shutdownTimeout = .seconds(8)
      try await app.announceSetupIfNeeded()
      try await app.execute()
      try await stop(app)
    } catch {
      app.logger.critical("\(error)")
      try? await app.asyncShutdown()
      throw ExitCode.failure
    }
  }
}

extension ServeCommand {
  /// Makes SwiftNIO's event loops (Vapor's, `MultiThreadedEventLoopGroup.singleton`) the executor of
  /// every Swift task in this process, before anything else runs.
  ///
  /// Vapor starts a task for each async middleware and for the route's handler, and each `await` of
  /// a database call or of the next layer went from Swift's own thread pool to an event loop and
  /// back (`perf stat` under 200 participants: about 21,000 context switches a second at about
  /// 1,000 requests a second). With the tasks on the event loops, a task started on the loop that
  /// read the request stays on it (NIO picks the current loop), and PostgreSQL's reply arrives on
  /// that loop too: about 7,000 context switches a second at 1,250 requests a second, and more
  /// participant requests a second on both databases, most on PostgreSQL (figures in
  /// docs/operations.md, "Tasks on the event loops"). This is the switch Vapor's own template
  /// offers; it is safe here because nothing in the server blocks a task: computing analyses,
  /// parsing imports, writing downloads and hashing passwords run on thread pools of their own, and
  /// nothing calls `EventLoopFuture.wait()`. Only `serve` does this; the CLI's commands and the tests
  /// keep Swift's default executor.
  static func runTasksOnEventLoops() -> Bool {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
  }

  /// How long stopping then waits for requests still in flight.
  static let drainTimeout = Duration.seconds(5)

  /// After SIGTERM or SIGINT: stop accepting connections, answer the requests in flight (one that
  /// still arrives on an open connection is refused with 503), and only then close the databases.
  /// Vapor's own shutdown closes the databases before the HTTP server (lifecycle handlers before
  /// storage), so a request in flight reached a closed database and crashed the process.
  func stop(_ app: Application) async throws {
    let gate = app.shutdownGate
    gate.close()
    app.logger.notice("Stopping: no new connections; answering the \(gate.inFlight) request(s) in flight")
    await app.server.shutdown()
    guard await gate.drain(within: Self.drainTimeout) else {
      // Closing the databases now would crash the requests still running; their changes are not
      // acknowledged until they answer, so leaving them unanswered loses nothing acknowledged.
      app.logger.warning("\(gate.inFlight) request(s) still running after stopping; exiting without waiting for them")
      Foundation.exit(0)
    }
    try await app.asyncShutdown()
    app.logger.notice("Stopped")
  }
}

/// `poetq migrate`: apply pending migrations and exit.
struct MigrateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate", abstract: "Apply pending database migrations and exit.")

  @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database lives.") var dataDirectory =
    "./poetq-data"

  func run() async throws {
    try await withMigratedApp(dataDirectory: dataDirectory) { _ in }
    let config = try AppConfig.fromEnvironment(dataDirectory: dataDirectory, hostname: "127.0.0.1", port: 8080)
    printError("migrations applied (\(config.database.name))")
  }
}
