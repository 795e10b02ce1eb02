import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Invitations and reminders over a real SMTP exchange with a local aiosmtpd: who receives what,
/// the message as received, failures per address and their retry, STARTTLS and AUTH.
@Suite("Invitation mail")
struct InvitationMailTests {
  static let list = """
    email,name,site
    zoe@example.org,Zoë Ångström,Site A
    sam@example.org,,Site B
    lee@example.org,Lee Jones,Site C
    """

  static func mailer(
    _ app: Application, port: Int, host: String = "127.0.0.1", startTLS: Bool = false,
    login: (String, String)? = nil
  ) -> SMTPMailer {
    let configuration = SMTPConfiguration(
      host: host, port: port, startTLS: startTLS, username: login?.0, password: login?.1,
      from: "POETQ study <study@example.org>", heloName: "poetq.test", timeout: 20)
    return SMTPMailer(configuration: configuration, group: app.eventLoopGroup)
  }

  /// The opened template study with the three participants of ``list`` (and the client's own,
  /// who has no e-mail address).
  static func studyWithList(_ app: Application) async throws -> (TestBrowser, Study, [String: Participant]) {
    var (browser, study, _) = try await ParticipantClient.openedTemplate(app)
    #expect(try await browser.post("/studies/poetq/participants/import", ["list": list]).status == .seeOther)
    return (browser, study, try await byEmail(app, study))
  }

  static func byEmail(_ app: Application, _ study: Study) async throws -> [String: Participant] {
    let all = try await ParticipantsTests.participants(app, study)
    return Dictionary(uniqueKeysWithValues: all.compactMap { p in p.email.map { ($0, p) } })
  }

  static func log(_ app: Application) async throws -> [MailLogEntry] {
    try await MailLogEntry.query(on: app.db).sort(\.$createdAt).all()
  }

  @Test("invitations reach everyone with an address once; reminders only those who have not completed or declined")
  func invitationsAndReminders() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = Self.mailer(app, port: sink.port)
        var (browser, study, people) = try await Self.studyWithList(app)
        #expect(try await browser.get("/studies/poetq/participants").body.string.contains("Send invitations (3)"))

        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        #expect(try await browser.get("/studies/poetq/participants").body.string.contains("3 invitations queued"))
        #expect(try sink.messages().isEmpty, "queued, not sent inside the request")
        #expect(try await app.mailWorker.runDueJobs() == 3)
        #expect(
          try await browser.get("/studies/poetq/participants").body.string.contains("Invitations: 3 of 3 sent."))
        let received = try sink.messages()
        #expect(received.count == 3)
        for (email, participant) in people {
          let message = try #require(received.first { $0.rcptTos == [email] }, "\(email) received one")
          #expect(message.mailFrom == "study@example.org")
          #expect(message.from == "POETQ study <study@example.org>")
          #expect(message.subject == "Invitation to take part: POETQ")
          #expect(message.text.contains("\nhttp://127.0.0.1:8080/p/\(participant.code)\n"), "the personal link")
          #expect(message.text.contains("(\(try await participant.$site.get(on: app.db).name))"), "the site")
          #expect(message.contentType == "text/plain" && message.charset == "utf-8")
          #expect(message.transferEncoding == "quoted-printable")
          #expect(message.messageID.hasSuffix("@example.org>") && !message.date.isEmpty)
          let ascii = message.raw.unicodeScalars.allSatisfy { $0.isASCII }
          #expect(ascii, "everything non-ASCII is encoded")
          #expect(!message.raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line ends only")
        }
        let zoe = try #require(received.first { $0.rcptTos == ["zoe@example.org"] })
        #expect(zoe.to == "Zoë Ångström <zoe@example.org>")
        #expect(zoe.text.hasPrefix("Dear Zoë Ångström,\n"), "the UTF-8 name is intact")
        let sam = try #require(received.first { $0.rcptTos == ["sam@example.org"] })
        #expect(sam.text.hasPrefix("Dear participant,\n"), "no name: a neutral greeting")
        #expect(sam.to == "sam@example.org")

        let invited = try await Self.byEmail(app, study)
        #expect(invited.values.allSatisfy { $0.invitedAt != nil && $0.remindedAt == nil })
        let log = try await Self.log(app)
        #expect(log.count == 3 && log.allSatisfy { $0.result == .sent && $0.kind == .invitation && $0.error == nil })
        let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "mail.invitations").first())
        #expect(audit.detail == "3 queued")

        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        #expect(
          try await browser.get("/studies/poetq/participants").body.string.contains(
            "Nothing to send: no one is due an invitation."))
        #expect(try sink.messages().count == 3, "no one is invited twice")

        // Zoë completes her sort; Lee declines; Sam has not started.
        var done = ParticipantClient(app, code: try #require(people["zoe@example.org"]).code)
        try await done.completeSort()
        #expect(try await done.participant(on: app.db).status == .completed)
        var declined = ParticipantClient(app, code: try #require(people["lee@example.org"]).code)
        try await declined.get("?step=consent")
        let version = try #require(declined.matches(#"name="version" value="(\d+)""#).first)
        try await declined.post([("choice", "decline"), ("version", version)], to: "/consent")
        #expect(try await declined.participant(on: app.db).status == .declined)

        #expect(try await browser.post("/studies/poetq/participants/send-reminders", [:]).status == .seeOther)
        #expect(try await browser.get("/studies/poetq/participants").body.string.contains("1 reminder queued"))
        #expect(try await app.mailWorker.runDueJobs() == 1)
        #expect(try await browser.get("/studies/poetq/participants").body.string.contains("Reminders: 1 of 1 sent."))
        let all = try sink.messages()
        #expect(all.count == 4)
        let reminder = try #require(all.last)
        #expect(reminder.rcptTos == ["sam@example.org"], "only the participant who has not completed or declined")
        #expect(reminder.subject == "Reminder: POETQ")
        #expect(reminder.text.contains("http://127.0.0.1:8080/p/\(try #require(people["sam@example.org"]).code)"))
        let after = try await Self.byEmail(app, study)
        #expect(after["sam@example.org"]?.remindedAt != nil)
        #expect(after["zoe@example.org"]?.remindedAt == nil && after["lee@example.org"]?.remindedAt == nil)
        let page = try await browser.get("/studies/poetq/participants").body.string
        #expect(page.contains("<td>sam@example.org</td><td>Reminder</td><td>Sent</td>"), "the send log")
      }
    }
  }

  @Test("a refused recipient is logged as failed, the others are sent, and Retry failed sends it once accepted")
  func refusedRecipientRetried() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = Self.mailer(app, port: sink.port)
        var (browser, study, _) = try await Self.studyWithList(app)
        try sink.refuse(["sam@example.org"])
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        #expect(try await app.mailWorker.runDueJobs() == 3)
        var page = try await browser.get("/studies/poetq/participants").body.string
        #expect(page.contains("Invitations: 2 of 3 sent, 1 failed."), "a 550 is final: not tried again")
        #expect(page.contains("refused for good, not tried again"))
        #expect(try await app.mailWorker.runDueJobs(now: Date().addingTimeInterval(86_400)) == 0)
        #expect(Set(try sink.messages().flatMap(\.rcptTos)) == ["zoe@example.org", "lee@example.org"])
        let failed = try #require(try await Self.log(app).first { $0.result == .failed })
        #expect(failed.address == "sam@example.org")
        let error = try #require(failed.error)
        #expect(error.hasPrefix("RCPT TO refused: 550"), "\(error)")
        #expect(error.contains("Recipient address rejected"), "the server's reply text")
        #expect(page.contains("<strong>sam@example.org</strong> (Invitation"))
        #expect(page.contains("Retry failed (1)"))
        #expect(try await Self.byEmail(app, study)["sam@example.org"]?.invitedAt == nil)

        try sink.refuse([])
        #expect(try await browser.post("/studies/poetq/participants/retry", [:]).status == .seeOther)
        #expect(try await browser.get("/studies/poetq/participants").body.string.contains("1 message queued"))
        #expect(try await app.mailWorker.runDueJobs() == 1, "a retry is due at once, not after its backoff")
        page = try await browser.get("/studies/poetq/participants").body.string
        #expect(page.contains("Invitations: 3 of 3 sent."))
        #expect(try sink.messages().last?.rcptTos == ["sam@example.org"])
        #expect(try sink.messages().count == 3)
        #expect(!page.contains("Retry failed"), "nothing left to retry")
        #expect(try await Self.byEmail(app, study)["sam@example.org"]?.invitedAt != nil)
        let audits = try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["mail.invitations", "mail.retry"])
          .sort(\.$createdAt).all().map(\.detail)
        #expect(audits == ["3 queued", "1 queued again"])
      }
    }
  }

  @Test("a server that is not there fails every address with the reason; Retry failed sends once it is back")
  func serverMissingRetried() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = Self.mailer(app, port: try closedPort())
        var (browser, study, _) = try await Self.studyWithList(app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        #expect(try await app.mailWorker.runDueJobs() == 3)
        #expect(
          try await browser.get("/studies/poetq/participants").body.string.contains(
            "Invitations: 0 of 3 sent, 3 waiting (3 to try again)."))
        let log = try await Self.log(app)
        #expect(log.count == 3 && log.allSatisfy { $0.result == .failed })
        #expect(
          log.allSatisfy { $0.error?.hasPrefix("Could not connect to 127.0.0.1:") == true }, "\(log.map(\.error))")

        app.mailer = Self.mailer(app, port: sink.port)
        #expect(try await browser.post("/studies/poetq/participants/retry", [:]).status == .seeOther)
        #expect(try await app.mailWorker.runDueJobs() == 3)
        #expect(
          try await browser.get("/studies/poetq/participants").body.string.contains("Invitations: 3 of 3 sent."))
        #expect(Set(try sink.messages().flatMap(\.rcptTos)).count == 3)
        #expect(try await Self.byEmail(app, study).values.allSatisfy { $0.invitedAt != nil })
      }
    }
  }

  @Test("with STARTTLS on, a server that does not offer it gets nothing, and the log says why")
  func startTLSRequired() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = Self.mailer(app, port: sink.port, startTLS: true)
        var (browser, _, _) = try await Self.studyWithList(app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        try await app.mailWorker.runDueJobs()
        let log = try await Self.log(app)
        #expect(log.count == 3 && log.allSatisfy { $0.result == .failed })
        #expect(
          log.allSatisfy { $0.error?.contains("does not offer STARTTLS, so nothing was sent in clear") == true },
          "\(log.map(\.error))")
        #expect(try sink.messages().isEmpty)
      }
    }
  }

  @Test("AUTH: signs in with the configured credentials; a wrong password is a logged failure")
  func authentication() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with(auth: ("poetq", "s3cret")) { sink in
        app.mailer = Self.mailer(app, port: sink.port, login: ("poetq", "wrong"))
        var (browser, _, _) = try await Self.studyWithList(app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        try await app.mailWorker.runDueJobs()
        let failures = try await Self.log(app).compactMap(\.error)
        #expect(failures.count == 3 && failures.allSatisfy { $0.hasPrefix("AUTH PLAIN refused: 535") }, "\(failures)")
        #expect(failures.allSatisfy { !$0.contains("wrong") }, "the password never reaches the log")
        #expect(try sink.messages().isEmpty)

        app.mailer = Self.mailer(app, port: sink.port, login: ("poetq", "s3cret"))
        #expect(try await browser.post("/studies/poetq/participants/retry", [:]).status == .seeOther)
        try await app.mailWorker.runDueJobs()
        let received = try sink.messages()
        #expect(received.count == 3 && received.allSatisfy { $0.login == "poetq" })
      }
    }
  }

  @Test("AUTH LOGIN when the relay offers no PLAIN")
  func authenticationLogin() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with(auth: ("poetq", "s3cret"), onlyLogin: true) { sink in
        app.mailer = Self.mailer(app, port: sink.port, login: ("poetq", "s3cret"))
        var (browser, _, _) = try await Self.studyWithList(app)
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        try await app.mailWorker.runDueJobs()
        let received = try sink.messages()
        #expect(received.count == 3 && received.allSatisfy { $0.login == "poetq" })
      }
    }
  }

  @Test("a server that takes the connection but never answers times out, and the log says so")
  func silentServer() async throws {
    let (descriptor, port) = try boundSocket()
    defer { close(descriptor) }
    // Listening without ever accepting: the system completes the connection, nobody greets.
    #expect(listen(descriptor, 8) == 0)
    try await withPOETQ { app in
      app.mailer = SMTPMailer(
        configuration: SMTPConfiguration(
          host: "127.0.0.1", port: port, startTLS: false, from: "q@example.org", timeout: 1),
        group: app.eventLoopGroup)
      var (browser, _, _) = try await Self.studyWithList(app)
      #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
      try await app.mailWorker.runDueJobs()
      let errors = try await Self.log(app).map(\.error)
      #expect(errors == Array(repeating: "No reply from the server within 1 second.", count: 3))
    }
  }

  @Test("sending needs an open study")
  func needsOpenStudy() async throws {
    try await withPOETQ { app in
      app.mailer = Self.mailer(app, port: try closedPort())
      var (browser, _) = try await StudyEditingTests.templateStudy(app)
      #expect(
        try await browser.post(
          "/studies/poetq/participants/import", ["list": "email,site\nkim@example.org,Site A"]
        ).status == .seeOther)
      let refused = try await browser.post("/studies/poetq/participants/send-invitations", [:])
      #expect(refused.status == .conflict)
      #expect(refused.body.string.contains("Sending: the study is a draft; open it first"))
      #expect(try await MailLogEntry.query(on: app.db).count() == 0)
    }
  }
}

/// A port of 127.0.0.1 on which nothing listens (bound by the system, then released).
func closedPort() throws -> Int {
  let (descriptor, port) = try boundSocket()
  close(descriptor)
  return port
}

/// A socket bound to a free port of 127.0.0.1, not yet listening; the caller closes it.
func boundSocket() throws -> (descriptor: Int32, port: Int) {
  #if canImport(Glibc)
    let stream = Int32(SOCK_STREAM.rawValue)
  #else
    let stream = SOCK_STREAM
  #endif
  let descriptor = socket(AF_INET, stream, 0)
  guard descriptor >= 0 else { throw SMTPSink.SinkError(description: "socket() failed") }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  address.sin_port = 0
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
      bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
    }
  }
  guard bound else {
    close(descriptor)
    throw SMTPSink.SinkError(description: "bind() failed")
  }
  return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

extension ParticipantClient {
  /// Takes part from consent to submission: answers, presort, stepwise ranking, review, comments.
  mutating func completeSort() async throws {
    try await consent()
    try await answerAndContinue()
    try await presortAll(agree: 15, neutral: 10)
    try await post([("action", "continue")])
    try await rankAll()
    for _ in 0..<3 { try await post([("action", "continue")]) }
  }
}
