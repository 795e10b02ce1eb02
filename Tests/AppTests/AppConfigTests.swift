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

  @Test(
    "PostgreSQL on the same machine through its Unix domain socket: postgres+uds:// (and the other spellings the driver reads)"
  )
  func unixSocket() throws {
    for url in [
      "postgres+uds://u:p@localhost/var/run/postgresql/.s.PGSQL.5432#poetq",
      "postgresql+uds://u:p@localhost/var/run/postgresql/.s.PGSQL.5432#poetq",
      "postgres+tcp://u:p@localhost:5432/poetq", "postgresql://u:p@localhost:5432/poetq",
    ] {
      let config = try AppConfig.fromEnvironment(["DATABASE_URL": url], dataDirectory: "/tmp", hostname: "h", port: 1)
      #expect(config.database == .postgres(url: url))
    }
    for url in ["postgres+udp://u@localhost/x", "postgresuds://u@localhost/x", "sqlite:///tmp/x"] {
      #expect(throws: (any Error).self, "\(url)") {
        try AppConfig.fromEnvironment(["DATABASE_URL": url], dataDirectory: "/tmp", hostname: "h", port: 1)
      }
    }
  }
}
