import NIOCore
import Vapor

/// Sends messages. The server uses ``SMTPMailer`` when `POETQ_SMTP_HOST` is set; tests inject one
/// pointed at their own SMTP server.
protocol Mailer: Sendable {
  /// The sender every message carries.
  var from: MailAddress { get }
  /// Where mail goes, for the Participants page ("smtp.example.org:587 with STARTTLS").
  var summary: String { get }
  /// Sends `messages` one at a time, in order, and reports each outcome to `outcome` as soon as it
  /// is known (so it can be logged before the next is tried). Failures are outcomes, not throws.
  func send(_ messages: [MailMessage], outcome: (Int, MailOutcome) async throws -> Void) async throws
}

/// Sends through the configured SMTP relay, all messages of a batch over one connection.
struct SMTPMailer: Mailer {
  let configuration: SMTPConfiguration
  let group: any EventLoopGroup

  var from: MailAddress { MailAddress(parsing: configuration.from) ?? MailAddress(address: configuration.from) }
  var summary: String { configuration.summary }

  func send(_ messages: [MailMessage], outcome: (Int, MailOutcome) async throws -> Void) async throws {
    guard !messages.isEmpty else { return }
    let connection: SMTPConnection
    do {
      connection = try await SMTPConnection.open(configuration, group: group)
    } catch {
      for index in messages.indices { try await outcome(index, .failed(String(describing: error))) }
      return
    }
    var lost: SMTPError?
    do {
      for (index, message) in messages.enumerated() {
        let result: MailOutcome
        if let lost {
          result = .failed("Not tried: \(lost.description)")
        } else {
          do {
            try await connection.send(message)
            result = .sent
          } catch let error as SMTPError {
            if error.scope == .connection { lost = error }
            result = .failed(error.description, permanent: error.permanent)
          } catch {
            lost = SMTPError(.connection, String(describing: error))
            result = .failed(String(describing: error))
          }
        }
        try await outcome(index, result)
      }
    } catch {
      await connection.close()
      throw error
    }
    if lost == nil { await connection.quit() } else { await connection.close() }
  }
}

extension Application {
  private struct MailerKey: StorageKey { typealias Value = any Mailer }

  /// How the server sends mail; `nil` when no SMTP relay is configured (mail is off).
  var mailer: (any Mailer)? {
    get { storage[MailerKey.self] }
    set { storage[MailerKey.self] = newValue }
  }
}
