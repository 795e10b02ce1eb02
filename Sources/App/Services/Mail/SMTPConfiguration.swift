import Foundation

/// How POETQ reaches its SMTP relay. Built from `POETQ_SMTP_*` by ``AppConfig/fromEnvironment``; no
/// host means mail is off.
public struct SMTPConfiguration: Sendable, Equatable {
  public var host: String
  public var port: Int
  /// Upgrade the connection with STARTTLS before anything else is sent; a server that does not offer
  /// it is refused rather than spoken to in clear.
  public var startTLS: Bool
  public var username: String?
  public var password: String?
  /// The sender, as `study@example.org` or `POETQ study <study@example.org>`.
  public var from: String
  /// The name POETQ gives itself in EHLO (the host of the base URL).
  public var heloName: String
  /// How long to wait for the connection and for each reply, in seconds.
  public var timeout: Int
  /// PEM certificates to trust for STARTTLS instead of the system's roots (tests with their own CA).
  var trustedCertificatesPEM: String?

  public init(
    host: String, port: Int = 587, startTLS: Bool = true, username: String? = nil, password: String? = nil,
    from: String, heloName: String = "localhost", timeout: Int = 30
  ) {
    self.host = host
    self.port = port
    self.startTLS = startTLS
    self.username = username
    self.password = password
    self.from = from
    self.heloName = heloName
    self.timeout = timeout
  }

  /// From `POETQ_SMTP_HOST` (unset or empty → `nil`, mail off), `POETQ_SMTP_PORT` (587),
  /// `POETQ_SMTP_STARTTLS` (`true`/`false`, default true), `POETQ_SMTP_USERNAME`,
  /// `POETQ_SMTP_PASSWORD` and `POETQ_SMTP_FROM` (required with a host).
  /// - Throws: a message naming the variable when a value cannot be used.
  static func fromEnvironment(_ environment: [String: String], heloName: String) throws -> SMTPConfiguration? {
    func value(_ name: String) -> String? {
      environment[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }
    guard let host = value("POETQ_SMTP_HOST") else { return nil }
    var port = 587
    if let text = value("POETQ_SMTP_PORT") {
      guard let parsed = Int(text), (1...65535).contains(parsed) else {
        throw ConfigurationError("POETQ_SMTP_PORT: \"\(text)\" is not a port number (1–65535).")
      }
      port = parsed
    }
    var startTLS = true
    if let text = value("POETQ_SMTP_STARTTLS") {
      switch text.lowercased() {
      case "true", "1", "yes": startTLS = true
      case "false", "0", "no": startTLS = false
      default: throw ConfigurationError("POETQ_SMTP_STARTTLS: \"\(text)\" is neither true nor false.")
      }
    }
    guard let from = value("POETQ_SMTP_FROM") else {
      throw ConfigurationError("POETQ_SMTP_FROM: set the sender address when POETQ_SMTP_HOST is set.")
    }
    guard MailAddress(parsing: from) != nil else {
      throw ConfigurationError(
        "POETQ_SMTP_FROM: \"\(from)\" is not an address (study@example.org or Name <study@example.org>).")
    }
    let username = value("POETQ_SMTP_USERNAME")
    let password = environment["POETQ_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
    if username != nil && password == nil {
      throw ConfigurationError("POETQ_SMTP_PASSWORD: set it together with POETQ_SMTP_USERNAME.")
    }
    return SMTPConfiguration(
      host: host, port: port, startTLS: startTLS, username: username, password: password, from: from,
      heloName: heloName)
  }

  /// What the Participants page says about the relay ("smtp.example.org:587 with STARTTLS").
  var summary: String {
    "\(host):\(port)" + (startTLS ? " with STARTTLS" : " without TLS") + (username == nil ? "" : ", signed in")
  }
}

/// A configuration value that cannot be used; the message names the variable.
struct ConfigurationError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
