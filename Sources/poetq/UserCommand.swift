import App
import ArgumentParser
import Foundation
import Vapor

/// `poetq user add`: create a researcher account from the shell (the first one becomes an
/// administrator, like the browser's first-run setup).
struct UserCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "user", abstract: "Manage researcher accounts.",
    subcommands: [Add.self, Token.self, Share.self, Unshare.self, Members.self])

  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Create an account. The password is read from standard input (or asked for).")

    @ArgumentParser.Option(help: "The account's e-mail address.") var email: String
    @ArgumentParser.Option(help: "The researcher's name.") var name: String
    @ArgumentParser.Flag(help: "Make the account an administrator (the first account always is).") var admin = false
    @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database lives.")
    var dataDirectory = "./poetq-data"

    func run() async throws {
      let password = readPassword()
      let user = try await withMigratedApp(dataDirectory: dataDirectory) { app in
        try await app.createAccount(name: name, email: email, password: password, isAdmin: admin)
      }
      printError("created \(user.email)\(user.isAdmin ? " (administrator)" : "")")
    }

    /// One line from standard input when it is not a terminal; otherwise a prompt without echo.
    func readPassword() -> String {
      if isatty(STDIN_FILENO) == 0 { return readLine(strippingNewline: true) ?? "" }
      guard let typed = getpass("Password (at least 10 characters): ") else { return "" }
      return String(cString: typed)
    }
  }
}
