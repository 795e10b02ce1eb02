import App
import ArgumentParser
import Vapor

/// Runs `body` with POETQ configured from the environment and `dataDirectory` (SQLite there, or
/// PostgreSQL when `DATABASE_URL` says so) and migrated, for the shell commands that work on the
/// database. The application is shut down however `body` ends; an error is printed as one line
/// (an `AbortError` by its reason) and the command exits with status 1.
func withMigratedApp<T>(dataDirectory: String, _ body: (Application) async throws -> T) async throws -> T {
  let config = try AppConfig.fromEnvironment(dataDirectory: dataDirectory, hostname: "127.0.0.1", port: 8080)
  let app = try await Application.make(.production)
  do {
    try await configure(app, config: config)
    try await app.migrateSafely()
    let result = try await body(app)
    try await app.asyncShutdown()
    return result
  } catch {
    try? await app.asyncShutdown()
    printError("error: \((error as? any AbortError)?.reason ?? "\(error)")")
    throw ExitCode.failure
  }
}
