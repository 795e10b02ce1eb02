import Fluent
import Foundation
import SQLKit
import TestSupport
import Testing
import VaporTesting

@testable import App

/// Several instances started at the same instant on an empty PostgreSQL database take turns to
/// migrate (an advisory lock): every one starts, and every migration is applied once.
@Suite("Migrations under concurrent starts")
struct MigrationRaceTests {
  @Test("twenty instances migrating an empty PostgreSQL at once")
  func twentyStarts() async throws {
    try ExternalTool.require(
      !PostgresDatabases.urls.isEmpty, missing: "PostgreSQL (TEST_DATABASE_URL)",
      install: "set TEST_DATABASE_URL to an empty PostgreSQL database")
    try await PostgresDatabases.shared.with { url in try await race(on: url) }
  }

  private func race(on url: String) async throws {
    let apps = try await (0..<20).asyncMap { _ in
      let app = try await Application.make(.testing)
      app.directory = DirectoryConfiguration(workingDirectory: packageRoot.path + "/")
      try await configure(app, config: AppConfig(database: .postgres(url: url)))
      return app
    }
    do {
      try await apps[0].autoRevert()
      try await withThrowingTaskGroup(of: Void.self) { group in
        for app in apps { group.addTask { try await app.migrateSafely() } }
        try await group.waitForAll()
      }
      let sql = try #require(apps[0].db as? any SQLDatabase)
      let names = try await sql.raw("SELECT name FROM _fluent_migrations").all().map {
        try $0.decode(column: "name", as: String.self)
      }
      #expect(names.count == POETQMigrations.all.count, "each migration applied once: \(names.count)")
      #expect(Set(names).count == names.count)
      try await apps[0].autoRevert()
    } catch {
      for app in apps { try? await app.asyncShutdown() }
      throw error
    }
    for app in apps { try await app.asyncShutdown() }
  }
}

extension Sequence {
  fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
    var result: [T] = []
    for element in self { result.append(try await transform(element)) }
    return result
  }
}
