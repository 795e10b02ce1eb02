import Foundation
import Vapor

/// Everything the server is configured with, read once from the environment (with development
/// defaults) and command-line options. `configure(_:config:)` is the only consumer.
public struct AppConfig: Sendable {
  public enum DatabaseBackend: Sendable, Equatable {
    /// A SQLite file, or `nil` for an in-memory database (tests).
    case sqlite(path: String?)
    /// A PostgreSQL URL: `postgres://user:pass@host:port/db` over TCP, or
    /// `postgres+uds://user:pass@localhost/path/to/.s.PGSQL.5432#db` over a Unix domain socket
    /// (PostgreSQL on the same machine: no TCP stack between the server and its database).
    case postgres(url: String)

    public var name: String {
      switch self {
      case .sqlite: "sqlite"
      case .postgres: "postgres"
      }
    }
  }

  public var database: DatabaseBackend
  /// Where the SQLite file and uploads live.
  public var dataDirectory: String
  /// Cookies carry `Secure` (only sent over HTTPS). On by default unless the base URL is plain http.
  public var secureCookies: Bool
  /// The address participants and researchers reach the server at (for links in e-mails).
  public var baseURL: String
  /// Login attempts allowed per address and e-mail within `loginWindow`.
  public var loginAttempts: Int = 5
  public var loginWindow: TimeInterval = 15 * 60
  /// The SMTP relay for invitations and reminders; `nil` when mail is off (the Participants page
  /// then offers the links as CSV for the researcher's own mail merge).
  public var smtp: SMTPConfiguration?
  /// The bearer token that opens `GET /metrics` to clients off the loopback interface
  /// (`POETQ_METRICS_TOKEN`); without it only local clients are answered.
  public var metricsToken: String?
  /// Reverse proxies whose `X-Forwarded-For` names the client (`POETQ_TRUSTED_PROXIES`); none by
  /// default, so the socket's peer is the client.
  public var trustedProxies = TrustedProxies.none

  public init(
    database: DatabaseBackend, dataDirectory: String = "./poetq-data", secureCookies: Bool = false,
    baseURL: String = "http://127.0.0.1:8080"
  ) {
    self.database = database
    self.dataDirectory = dataDirectory
    self.secureCookies = secureCookies
    self.baseURL = baseURL
  }

  /// The URL schemes PostgreSQL's driver reads: TCP (`postgres`, `postgres+tcp`) or a Unix domain
  /// socket (`postgres+uds`), each also spelled `postgresql…`.
  static let postgresSchemes = [
    "postgres", "postgresql", "postgres+tcp", "postgresql+tcp", "postgres+uds", "postgresql+uds",
  ]

  /// From the environment: `DATABASE_URL` (unset → SQLite under the data directory; `postgres://…`
  /// → PostgreSQL), `POETQ_BASE_URL`, `POETQ_SECURE_COOKIES` (`true`/`false`), and the SMTP relay
  /// (`POETQ_SMTP_HOST`, see ``SMTPConfiguration/fromEnvironment(_:heloName:)``), and the trusted
  /// reverse proxies (`POETQ_TRUSTED_PROXIES`, addresses and CIDR ranges, comma-separated).
  public static func fromEnvironment(
    _ environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String, hostname: String,
    port: Int
  ) throws -> AppConfig {
    let baseURL = environment["POETQ_BASE_URL"] ?? "http://\(hostname):\(port)"
    let database: DatabaseBackend
    if let url = environment["DATABASE_URL"], !url.isEmpty {
      guard Self.postgresSchemes.contains(where: { url.hasPrefix("\($0)://") }) else {
        throw Abort(
          .internalServerError,
          reason: "DATABASE_URL must start with postgres:// or postgres+uds:// (or be unset for SQLite)")
      }
      database = .postgres(url: url)
    } else {
      database = .sqlite(path: (dataDirectory as NSString).appendingPathComponent("poetq.sqlite"))
    }
    let secure = environment["POETQ_SECURE_COOKIES"].map { $0 == "true" || $0 == "1" } ?? baseURL.hasPrefix("https://")
    var config = AppConfig(database: database, dataDirectory: dataDirectory, secureCookies: secure, baseURL: baseURL)
    config.metricsToken = environment["POETQ_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    do {
      config.smtp = try SMTPConfiguration.fromEnvironment(
        environment, heloName: URL(string: baseURL)?.host ?? hostname)
    } catch let error as ConfigurationError {
      throw Abort(.internalServerError, reason: error.description)
    }
    do {
      config.trustedProxies = try TrustedProxies(parsing: environment["POETQ_TRUSTED_PROXIES"] ?? "")
    } catch let error as TrustedProxies.InvalidEntry {
      throw Abort(.internalServerError, reason: error.description)
    }
    return config
  }
}
