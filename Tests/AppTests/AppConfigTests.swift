import Testing

@testable import App

@Suite("AppConfig")
struct AppConfigTests {
  @Test("DATABASE_URL unset means SQLite under the data directory; postgres:// means PostgreSQL")
  func backend() throws {
    let sqlite = try AppConfig.fromEnvironment([:], dataDirectory: "/tmp/d", hostname: "127.0.0.1", port: 8080)
    #expect(sqlite.database == .sqlite(path: "/tmp/d/poetq.sqlite"))
    #expect(sqlite.secureCookies == false)
    let postgres = try AppConfig.fromEnvironment(
      ["DATABASE_URL": "postgres://u:p@localhost:5432/poetq", "POETQ_BASE_URL": "https://q.example.org"],
      dataDirectory: "/tmp/d", hostname: "0.0.0.0", port: 80)
    #expect(postgres.database == .postgres(url: "postgres://u:p@localhost:5432/poetq"))
    #expect(postgres.secureCookies, "https base URL → Secure cookies")
    #expect(throws: (any Error).self) {
      try AppConfig.fromEnvironment(["DATABASE_URL": "mysql://x"], dataDirectory: "/tmp", hostname: "h", port: 1)
    }
  }
}
