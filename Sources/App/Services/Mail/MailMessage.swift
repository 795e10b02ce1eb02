import Foundation

/// One plain-text message to one recipient.
struct MailMessage: Sendable, Equatable {
  var from: MailAddress
  var to: MailAddress
  var subject: String
  var body: String

  /// The message as RFC 5322 text with CRLF line endings: Date, Message-ID, From, To, Subject
  /// (RFC 2047 when not ASCII), MIME-Version and a UTF-8 text/plain body in quoted-printable.
  func rendered(date: Date = Date(), messageID: String = UUID().uuidString.lowercased()) -> String {
    let headers = [
      "Date: \(Self.dateFormatter.string(from: date))",
      "Message-ID: <\(messageID)@\(from.domain)>",
      "From: \(from.headerValue)",
      "To: \(to.headerValue)",
      "Subject: \(MIMEEncoding.headerText(subject))",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
    ]
    return headers.joined(separator: "\r\n") + "\r\n\r\n" + MIMEEncoding.quotedPrintable(body) + "\r\n"
  }

  /// RFC 5322 §3.3: `Tue, 01 Dec 2026 13:15:27 +0000`.
  private static let dateFormatter: DateFormatter = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    return formatter
  }()

  /// The DATA payload: the rendered message with every line that starts with `.` doubled (RFC 5321
  /// §4.5.2) and the terminating `CRLF.CRLF`.
  static func dotStuffed(_ rendered: String) -> String {
    var lines = rendered.components(separatedBy: "\r\n")
    if lines.last == "" { lines.removeLast() }
    return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n.\r\n"
  }
}

/// What became of one message.
enum MailOutcome: Sendable, Equatable {
  case sent
  /// Not sent; the reason carries the server's reply where there was one. `permanent`: the server
  /// refused this message for good, so it is not tried again.
  case failed(String, permanent: Bool = false)
}
