import ArgumentParser

/// `poetq serve` belongs to the web application, which is not in this build yet. The command exists
/// so the README's first command answers with where things stand instead of "unknown command".
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Start the POETQ web application (not in this build yet).")

  @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
  @Option(help: "Port to listen on.") var port = 8080
  @Option(name: .customLong("data-dir"), help: "Where SQLite and uploads live.") var dataDirectory = "./poetq-data"

  func run() throws {
    printError(
      """
      poetq serve: the web application is not in this build yet; it arrives with the server issue.
      The analysis engine works now: poetq analyze DATA (see poetq analyze --help).
      """)
    throw ExitCode(2)
  }
}
