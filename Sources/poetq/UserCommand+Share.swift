import App
import ArgumentParser
import Foundation
import Vapor

extension UserCommand {
  /// `poetq user share`: what a study's People page does, from the shell.
  struct Share: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "share",
      abstract: "Share a study with an account (or make a join link for an address without one).",
      discussion: """
        poetq user share --study my-study --email bo@example.org --role researcher
        poetq user share --study my-study --email lead@example.org --role researcher --sites "Site A,Site B"
        Running it again for a member changes their role and sites.
        """)

    @ArgumentParser.Option(help: "The study's slug (its address is /studies/<slug>).") var study: String
    @ArgumentParser.Option(help: "The person's e-mail address.") var email: String
    @ArgumentParser.Option(help: "owner, researcher or viewer.") var role = "researcher"
    @ArgumentParser.Option(help: "Limit to these sites, by name, separated by commas (default: every site).")
    var sites: String?
    @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database lives.")
    var dataDirectory = "./poetq-data"

    func run() async throws {
      let names = (sites ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
      let message = try await withMigratedApp(dataDirectory: dataDirectory) { app in
        try await app.shareStudy(slug: study, email: email, role: role, sites: names)
      }
      printError(message)
    }
  }

  /// `poetq user unshare`: removes a member (never the last owner).
  struct Unshare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "unshare", abstract: "Remove a person from a study.")

    @ArgumentParser.Option(help: "The study's slug.") var study: String
    @ArgumentParser.Option(help: "The person's e-mail address.") var email: String
    @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database lives.")
    var dataDirectory = "./poetq-data"

    func run() async throws {
      try await withMigratedApp(dataDirectory: dataDirectory) { app in
        try await app.unshareStudy(slug: study, email: email)
      }
      printError("removed \(email) from \(study)")
    }
  }

  /// `poetq user members`: who works on a study.
  struct Members: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "members", abstract: "List who works on a study, owners first.")

    @ArgumentParser.Option(help: "The study's slug.") var study: String
    @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where the SQLite database lives.")
    var dataDirectory = "./poetq-data"

    func run() async throws {
      let members = try await withMigratedApp(dataDirectory: dataDirectory) { app in
        try await app.studyMembers(slug: study)
      }
      for member in members {
        let sites = member.sites.isEmpty ? "all sites" : member.sites.joined(separator: ", ")
        print("\(member.role)\t\(member.email)\t\(member.name)\t\(sites)")
      }
    }
  }
}
