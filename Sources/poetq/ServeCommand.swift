import App
import ArgumentParser
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
