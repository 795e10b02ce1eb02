import App
import ArgumentParser
import Foundation
import Vapor

extension UserCommand {
  /// `poetq user token`: API tokens for scripts. A new token is printed once, alone on standard
  /// output (so `TOKEN=$(poetq user token …)` works); only its hash is stored.
  struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "token",
      abstract: "Make, list or revoke API tokens for the JSON API under /api/v1.",
      discussion: """
        poetq user token --email ada@example.org --name nightly-export   (prints the new token once)
        poetq user token --email ada@example.org --list
        poetq user token --email ada@example.org --revoke nightly-export
        Scripts send it as "Authorization: Bearer <token>".
        """)

    @ArgumentParser.Option(help: "The account's e-mail address.") var email: String
    @ArgumentParser.Option(help: "Make a new token with this name (what it is for).") var name: String?
    @ArgumentParser.Flag(help: "List the account's tokens: name, created, last used.") var list = false
    @ArgumentParser.Option(help: ArgumentHelp("Revoke the token with this name.", valueName: "name"))
    var revoke: String?
    @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database lives.")
    var dataDirectory = "./poetq-data"

    func validate() throws {
      let chosen = [name != nil, list, revoke != nil].filter { $0 }.count
      guard chosen == 1 else { throw ValidationError("Give exactly one of --name NAME, --list or --revoke NAME.") }
    }

    func run() async throws {
      try await withMigratedApp(dataDirectory: dataDirectory) { app in
        if let name {
          let token = try await app.createAPIToken(email: email, name: name)
          print(token)
          printError(
            "This is the API token \"\(name.trimmingCharacters(in: .whitespacesAndNewlines))\" for \(email). "
              + "It is shown only this once: store it now. Send it as \"Authorization: Bearer <token>\".")
        } else if let revoke {
          try await app.revokeAPIToken(email: email, name: revoke)
          printError("revoked \(revoke); requests with it are refused from now on")
        } else {
          let tokens = try await app.apiTokens(email: email)
          if tokens.isEmpty { printError("\(email) has no API tokens") }
          for token in tokens {
            print(
              "\(token.name)\tcreated \(Self.format(token.createdAt))\tlast used \(Self.format(token.lastUsedAt))")
          }
        }
      }
    }

    static func format(_ date: Date?) -> String {
      guard let date else { return "never" }
      return ISO8601DateFormatter().string(from: date)
    }
  }
}
