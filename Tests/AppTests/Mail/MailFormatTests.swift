import Foundation
import Testing

@testable import App

/// The message as it goes on the wire, the checks on addresses, lists and templates, and the
/// SMTP settings read from the environment.
@Suite("Mail format")
struct MailFormatTests {
  @Test("quoted-printable: UTF-8 and = encoded, lines within 76 characters, no line starting with a full stop")
  func quotedPrintable() {
    #expect(MIMEEncoding.quotedPrintable("Zoë = 1") == "Zo=C3=AB =3D 1")
    #expect(MIMEEncoding.quotedPrintable("end \n.hidden\r\nx\t") == "end=20\r\n=2Ehidden\r\nx=09")
    let long = String(repeating: "abcdefghij", count: 20) + "é"
    let encoded = MIMEEncoding.quotedPrintable(long)
    let lines = encoded.components(separatedBy: "\r\n")
    #expect(lines.count == 3)
    #expect(lines.allSatisfy { $0.count <= 76 })
    #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") }, "soft breaks")
    #expect(
      lines.map { $0.hasSuffix("=") ? String($0.dropLast()) : $0 }.joined() == String(
        repeating: "abcdefghij", count: 20) + "=C3=A9")
  }

  @Test("headers: ASCII as it is, otherwise RFC 2047 words of at most 75 characters; no line breaks get through")
  func headers() throws {
    #expect(MIMEEncoding.headerText("Reminder: POETQ") == "Reminder: POETQ")
    #expect(MIMEEncoding.headerText("Hi\r\nBcc: eve@example.org") == "Hi  Bcc: eve@example.org")
    let subject = String(repeating: "Einladung zur Studie über Zusammenarbeit ", count: 3)
    let encoded = MIMEEncoding.headerText(subject)
    let words = encoded.components(separatedBy: "\r\n ")
    #expect(words.count > 1 && words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
    let decoded = try words.map { word -> String in
      let base64 = String(word.dropFirst(10).dropLast(2))
      return String(decoding: try #require(Data(base64Encoded: base64)), as: UTF8.self)
    }
    #expect(decoded.joined() == subject.trimmingCharacters(in: .whitespaces))
    #expect(MailAddress(address: "a@example.org", name: "Lee, Jo").headerValue == "\"Lee, Jo\" <a@example.org>")
    #expect(MailAddress(address: "a@example.org", name: "Zoë").headerValue == "=?UTF-8?B?Wm/Dqw==?= <a@example.org>")
    #expect(MailAddress(address: "a@example.org").headerValue == "a@example.org")
  }

  @Test("the rendered message has the RFC 5322 headers and CRLF lines; DATA doubles leading full stops")
  func rendered() {
    let message = MailMessage(
      from: MailAddress(address: "study@example.org", name: "POETQ"), to: MailAddress(address: "zoe@example.org"),
      subject: "Hello", body: "Line one\nLine two")
    let text = message.rendered(date: Date(timeIntervalSince1970: 0), messageID: "abc")
    #expect(
      text
        == [
          "Date: Thu, 01 Jan 1970 00:00:00 +0000", "Message-ID: <abc@example.org>", "From: POETQ <study@example.org>",
          "To: zoe@example.org", "Subject: Hello", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
          "Content-Transfer-Encoding: quoted-printable", "", "Line one", "Line two", "",
        ].joined(separator: "\r\n"))
    #expect(MailMessage.dotStuffed("a\r\n.b\r\n..c\r\n") == "a\r\n..b\r\n...c\r\n.\r\n")
  }

  @Test("addresses: plain ASCII with one @ and a dotted domain")
  func addresses() {
    for good in ["a@example.org", "first.last+tag@sub.example.co.uk", "o'neil@example.org"] {
      #expect(MailAddress.isValid(good), "\(good)")
    }
    for bad in [
      "", "a", "a@", "@example.org", "a@example", "a b@example.org", "a@@example.org", "zoë@example.org",
      "a..b@example.org", "a@-example.org", "<a@example.org>", "a@example.org\r\nBcc: x@example.org",
    ] {
      #expect(!MailAddress.isValid(bad), "\(bad)")
    }
    #expect(
      MailAddress(parsing: "POETQ study <study@example.org>")
        == MailAddress(address: "study@example.org", name: "POETQ study"))
    #expect(MailAddress(parsing: "\"Study, POETQ\" <study@example.org>")?.name == "Study, POETQ")
    #expect(MailAddress(parsing: "study@example.org") == MailAddress(address: "study@example.org"))
    #expect(MailAddress(parsing: "Study <nope>") == nil)
  }

  @Test("templates: placeholders filled, unknown ones refused, the link required")
  func templates() throws {
    let values = MailTemplateText.Values(
      name: nil, link: "https://q.example/p/abc", study: "POETQ", site: "Site A", contact: "ada@example.org")
    #expect(
      MailTemplateText.fill("Dear {{name}}, {{ link }} {{study}}/{{site}} {{contact}} {{other}}", values)
        == "Dear participant, https://q.example/p/abc POETQ/Site A ada@example.org {{other}}")
    for kind in MailTemplate.Kind.allCases {
      let text = MailTemplateText.defaults(kind)
      _ = try MailTemplateText.checked(kind, subject: text.subject, body: text.body)
      #expect(MailTemplateText.names(in: text.body).contains("link"))
    }
    #expect(throws: (any Error).self) { try MailTemplateText.checked(.invitation, subject: "", body: "{{link}}") }
    #expect(throws: (any Error).self) { try MailTemplateText.checked(.invitation, subject: "Hi", body: "no link") }
    #expect(throws: (any Error).self) { try MailTemplateText.checked(.reminder, subject: "{{nope}}", body: "{{link}}") }
  }

  @Test("the list parser reports every problem with its line and field, and matches sites case-insensitively")
  func participantList() throws {
    let a = UUID()
    let b = UUID()
    let sites = [ParticipantList.SiteName(id: a, name: "Site A"), .init(id: b, name: "Site B")]
    let entries = try ParticipantList.parse(
      "Site;E-mail\nsite b;x@example.org\nSITE A;y@example.org\n", fileName: "list.csv", sites: sites,
      existingEmails: [])
    #expect(
      entries == [
        .init(line: 2, email: "x@example.org", name: nil, siteID: b),
        .init(line: 3, email: "y@example.org", name: nil, siteID: a),
      ])
    #expect(throws: ParticipantListError(["Line 2, email: X@example.org is already a participant of this study."])) {
      try ParticipantList.parse(
        "email,site\nX@example.org,Site A", fileName: "list.csv", sites: sites, existingEmails: ["x@example.org"])
    }
    #expect(throws: ParticipantListError(["list.csv holds a header but no participants."])) {
      try ParticipantList.parse("email,name,site\n", fileName: "list.csv", sites: sites, existingEmails: [])
    }
  }

  @Test("SMTP settings: no host means mail is off; defaults 587 with STARTTLS; bad values name the variable")
  func configuration() throws {
    #expect(try SMTPConfiguration.fromEnvironment([:], heloName: "q.example") == nil)
    let config = try #require(
      try SMTPConfiguration.fromEnvironment(
        ["POETQ_SMTP_HOST": "smtp.example.org", "POETQ_SMTP_FROM": "POETQ <q@example.org>"], heloName: "q.example"))
    #expect(config.port == 587 && config.startTLS && config.username == nil && config.heloName == "q.example")
    let full = try #require(
      try SMTPConfiguration.fromEnvironment(
        [
          "POETQ_SMTP_HOST": "relay", "POETQ_SMTP_PORT": "2525", "POETQ_SMTP_STARTTLS": "false",
          "POETQ_SMTP_USERNAME": "u", "POETQ_SMTP_PASSWORD": "p", "POETQ_SMTP_FROM": "q@example.org",
        ], heloName: "h"))
    #expect(full.port == 2525 && !full.startTLS && full.username == "u" && full.password == "p")
    let failures: [([String: String], String)] = [
      (["POETQ_SMTP_HOST": "relay"], "POETQ_SMTP_FROM"),
      (["POETQ_SMTP_HOST": "relay", "POETQ_SMTP_FROM": "q@example.org", "POETQ_SMTP_PORT": "smtp"], "POETQ_SMTP_PORT"),
      (
        ["POETQ_SMTP_HOST": "relay", "POETQ_SMTP_FROM": "q@example.org", "POETQ_SMTP_STARTTLS": "maybe"],
        "POETQ_SMTP_STARTTLS"
      ),
      (
        ["POETQ_SMTP_HOST": "relay", "POETQ_SMTP_FROM": "q@example.org", "POETQ_SMTP_USERNAME": "u"],
        "POETQ_SMTP_PASSWORD"
      ),
    ]
    for (environment, variable) in failures {
      #expect {
        try SMTPConfiguration.fromEnvironment(environment, heloName: "h")
      } throws: { error in
        (error as? ConfigurationError)?.description.hasPrefix(variable + ":") == true
      }
    }
    let app = try AppConfig.fromEnvironment(
      ["POETQ_SMTP_HOST": "relay", "POETQ_SMTP_FROM": "q@example.org", "POETQ_BASE_URL": "https://q.example.org"],
      dataDirectory: "/tmp", hostname: "127.0.0.1", port: 8080)
    #expect(app.smtp?.host == "relay" && app.smtp?.heloName == "q.example.org")
  }

  @Test("the SMTP test server's tools: run when present; skip locally and fail under CI when missing")
  func sinkDecision() {
    #expect(SMTPSink.decide([:], available: { true }) == .run)
    #expect(SMTPSink.decide(["CI": "true"], available: { true }) == .run)
    guard case .skip = SMTPSink.decide([:], available: { false }) else {
      Issue.record("missing aiosmtpd skips locally")
      return
    }
    guard case .fail = SMTPSink.decide(["CI": "true"], available: { false }) else {
      Issue.record("missing aiosmtpd fails under CI")
      return
    }
  }
}
