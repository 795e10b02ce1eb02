import App
import ArgumentParser
import Vapor

/// `poetq demo`: the POETQ template study with a synthetic dataset shaped like the report's, so a
/// newcomer sees monitoring and analysis with data in minutes.
struct DemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Create a demo study with synthetic sorts (sites A–E, 93 completed sorts, five viewpoints).",
    discussion: """
      The data are made up, deterministically from the seed, and the study says so in its title and
      description. It belongs to the account named by --email, or to the first administrator.
      """)

  @ArgumentParser.Option(help: "The e-mail of the account that will own the study (default: the first administrator).")
  var email: String?
  @ArgumentParser.Option(help: "The seed the synthetic data are made from.") var seed: UInt64 = 2012
  @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database lives.")
  var dataDirectory = "./poetq-data"

  func run() async throws {
    let demo = try await withMigratedApp(dataDirectory: dataDirectory) { app in
      try await app.createDemoStudy(ownerEmail: email, seed: seed)
    }
    print(
      "Created the demo study with \(demo.completed) completed sorts (\(demo.participants) participants): \(demo.url)")
  }
}
