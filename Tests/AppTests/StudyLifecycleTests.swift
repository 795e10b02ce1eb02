import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// A small multi-site study from first invitation to export, the way a researcher runs one: a
/// participant list imported, invitations sent over real SMTP, participants taking part through the
/// links in the e-mails they received, a reminder that reaches only those who have not completed,
/// the dashboard checked against the data, a withdrawal, and exports that read back to the same
/// sorts (the PQMethod round trip byte for byte).
@Suite("A study end to end")
struct StudyLifecycleTests {
  static let list = """
    email,name,site
    ana@example.org,Ana Ruiz,Site A
    ben@example.org,Ben Okafor,Site A
    cai@example.org,Cai Evans,Site B
    dee@example.org,,Site B
    """

  /// The personal code in the link of a received message.
  static func code(in message: SMTPSink.Received) throws -> String {
    let text = message.text
    let range = try #require(text.range(of: #"/p/[A-Za-z0-9_-]{22}"#, options: .regularExpression), "a link")
    return String(text[range].dropFirst(3))
  }

  /// The cells of the row headed `name` in the dashboard table that follows `heading`.
  static func row(_ html: String, after heading: String, _ name: String) throws -> [String] {
    let table = try #require(html.range(of: heading), "the dashboard has “\(heading)”")
    let rest = html[table.upperBound...]
    let start = try #require(rest.range(of: "<th scope=\"row\">\(name)</th>"), "a row for \(name)")
    let end = try #require(rest[start.upperBound...].range(of: "</tr>"))
    return rest[start.upperBound..<end.lowerBound].components(separatedBy: "<td>").dropFirst().map {
      $0.replacingOccurrences(of: "</td>", with: "")
    }
  }

  @Test("import a list, invite by e-mail, take part through the links, remind, monitor, withdraw, export and re-import")
  func endToEnd() async throws {
    try await withPOETQ { app in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        var (browser, study) = try await StudyEditingTests.templateStudy(app)
        study.informationSheet = "What the study is about."
        study.consentText = "I agree to take part."
        try await study.save(on: app.db)
        #expect(try await browser.post("/studies/poetq/status", ["status": "open"]).status == .seeOther)

        // The list: four people at two sites, each with a code and a link.
        #expect(try await browser.post("/studies/poetq/participants/import", ["list": Self.list]).status == .seeOther)
        #expect(try await Participant.query(on: app.db).count() == 4)

        // Invitations over SMTP: one message each, with their own link.
        #expect(try await browser.post("/studies/poetq/participants/send-invitations", [:]).status == .seeOther)
        try await app.mailWorker.runDueJobs()
        let invitations = try sink.messages()
        #expect(
          invitations.map(\.rcptTos).flatMap { $0 }.sorted() == [
            "ana@example.org", "ben@example.org", "cai@example.org", "dee@example.org",
          ])
        var codes: [String: String] = [:]
        for message in invitations { codes[message.rcptTos[0]] = try Self.code(in: message) }
        #expect(Set(codes.values).count == 4, "four different links")

        // Ana and Cai complete through their links; Ben stops in the presort; Dee never opens hers.
        var ana = ParticipantClient(app, code: try #require(codes["ana@example.org"]))
        try await ana.completeSort(role: "Commissioning Manager", comment: "Pooled budgets.")
        var cai = ParticipantClient(app, code: try #require(codes["cai@example.org"]))
        try await cai.completeSort(role: "Director")
        var ben = ParticipantClient(app, code: try #require(codes["ben@example.org"]))
        try await ben.consent()
        try await ben.answerAndContinue()
        let benStatement = try #require(ben.presortStatement)
        try await ben.post([("action", "presort"), ("statement", String(benStatement)), ("pile", "agree")])

        // The reminder reaches only Ben and Dee.
        #expect(try await browser.post("/studies/poetq/participants/send-reminders", [:]).status == .seeOther)
        try await app.mailWorker.runDueJobs()
        let reminders = try sink.messages().dropFirst(invitations.count)
        #expect(reminders.flatMap(\.rcptTos).sorted() == ["ben@example.org", "dee@example.org"])
        for reminder in reminders {
          #expect(try Self.code(in: reminder) == codes[reminder.rcptTos[0]], "the reminder carries the same link")
        }

        // The dashboard against the data: invited, opened, consented, declined, in progress,
        // completed, withdrawn, response rate; then Table 9's completed sorts.
        var monitor = try await browser.get("/studies/poetq/monitor").body.string
        #expect(try Self.row(monitor, after: "people-title", "Site A") == ["2", "2", "2", "0", "1", "1", "0", "50%"])
        #expect(try Self.row(monitor, after: "people-title", "Site B") == ["2", "1", "1", "0", "0", "1", "0", "50%"])
        #expect(try Self.row(monitor, after: "people-title", "Total") == ["4", "3", "3", "0", "1", "2", "0", "50%"])
        #expect(try Self.row(monitor, after: "stage-title", "Site A")[1] == "1", "Ben is in the presort")
        #expect(try Self.row(monitor, after: "times-title", "Total")[0] == "2")
        let completed = try await Participant.query(on: app.db).filter(\.$status == .completed).count()
        let submitted = try await SortResponse.query(on: app.db).filter(\.$stage == "submitted").count()
        #expect(completed == 2 && submitted == 2, "the figures are the data's")
        #expect(monitor.contains("Commissioning Manager"), "Table 10 names Ana's role")

        // Cai withdraws through the researcher: her sort goes, the dashboard and the log say so.
        let caiParticipant = try await cai.participant(on: app.db)
        let caiPage = "/studies/poetq/participants/\(try caiParticipant.requireID())"
        _ = try await browser.get(caiPage)
        #expect(try await browser.post(caiPage + "/withdraw", ["confirm": "yes"]).status == .seeOther)
        #expect(try await cai.response(on: app.db) == nil, "her response is deleted")
        #expect(try await cai.participant(on: app.db).status == .withdrawn)
        let withdrawal = try #require(
          try await AuditEvent.query(on: app.db).filter(\.$action == "participant.withdrawn").first())
        #expect(!withdrawal.detail.contains("Director") && !withdrawal.detail.contains("cai@"), "no content logged")
        monitor = try await browser.get("/studies/poetq/monitor").body.string
        #expect(try Self.row(monitor, after: "people-title", "Site B") == ["2", "1", "0", "0", "0", "0", "1", "0%"])

        // Exports hold Ana's sort alone, and every one reads back to the grid she submitted.
        let placements = try JSONDecoder().decode(
          [Int: Int].self, from: Data(try #require(try await ana.response(on: app.db)).placements.utf8))
        let scores = (1...40).map { placements[$0] ?? 99 }
        _ = try await browser.get("/studies/poetq/data")
        let dat = try await browser.get("/studies/poetq/data/export/dat").body.string
        let sta = try await browser.get("/studies/poetq/data/export/sta").body.string
        for (format, file) in [("dat", "POETQ.DAT"), ("kade", "kade.csv"), ("qmethod", "qmethod.csv")] {
          let body = try await browser.get("/studies/poetq/data/export/\(format)").body.string
          let data = try QDataReader.read(data: Data(body.utf8), fileName: file)
          #expect(data.sortCount == 1, "\(format): one sort")
          #expect(Array(data.sort(0)) == scores, "\(format) reads back to Ana's grid")
        }
        let csv = try await browser.get("/studies/poetq/data/export/csv").body.string
        #expect(csv.contains("Commissioning Manager") && csv.contains("Pooled budgets.") && !csv.contains("Director"))
        let json = try await browser.get("/studies/poetq/data/export/json").body.string
        #expect(json.contains("\"Commissioning Manager\"") && !json.contains("cai@example.org"))
        let audited = try await AuditEvent.query(on: app.db).filter(\.$action == "data.exported").count()
        #expect(audited >= 6, "each export is in the audit log")

        // The .DAT imported into a copy of the study exports the same sort lines, byte for byte.
        let (copy, _, _) = try await browser.importIntoCopy(of: "poetq", dat: dat, sta: sta, site: "Site A")
        let again = try await browser.get("/studies/\(copy.slug)/data/export/dat").body.string
        #expect(SortImportRouteTests.sortLines(again) == SortImportRouteTests.sortLines(dat))
        #expect(SortImportRouteTests.sortLines(dat).count == 2, "one sort line and the final line end")
      }
    }
  }
}
