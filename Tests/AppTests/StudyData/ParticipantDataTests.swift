import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A participant's page for the researcher, and withdrawal by the researcher or by the participant:
/// everything they gave is deleted, the code stays, analyses are marked for a re-run, and the audit
/// log says that it happened without saying what was deleted.
@Suite("Participant data and withdrawal")
struct ParticipantDataTests {
  @Test("the participant page shows status, consent, timings, answers, comments and the grid as the pyramid")
  func participantPage() async throws {
    try await withPOETQ { app in
      var (browser, study, clients) = try await StudyDataFixture.twoSorts(app)
      let participant = try await StudyDataFixture.participant(app, clients[0])
      let response = try #require(try await clients[0].response(on: app.db))
      let scores = try JSONDecoder().decode([Int: Int].self, from: Data(response.placements.utf8))
      let page = try await browser.get("/studies/\(study.slug)/participants/\(try participant.requireID())")
      #expect(page.status == .ok)
      let html = page.body.string
      #expect(html.contains("<dd id=\"status\">Completed</dd>"))
      #expect(html.contains("<code>\(clients[0].code)</code>"))
      #expect(html.contains("consent form version 1"))
      #expect(html.contains("<th scope=\"row\">Grid confirmed</th>"))
      #expect(html.contains("<dt>What is your current role or job title?</dt><dd>=2+3</dd>"))
      #expect(html.contains("HYPERLINK(&quot;http://evil&quot;)"), "the comments, escaped")
      let plusFour = try #require(html.range(of: "id=\"col-p4\""))
      let topStatements = scores.filter { $0.value == 4 }.keys.sorted()
      let tail = html[plusFour.upperBound...]
      for number in topStatements {
        #expect(tail.contains("<span class=\"number\">\(number)</span>"), "statement \(number) sits in +4")
      }
      #expect(html.contains("class=\"pyramid\""))
      #expect(html.contains("Withdraw this participant"))
      #expect(
        try await browser.get("/studies/\(study.slug)/participants/\(UUID())").status == .notFound,
        "a participant of no study here")
    }
  }

  @Test("a researcher withdraws a participant: the response goes, the code stays, analyses need a re-run")
  func researcherWithdraws() async throws {
    try await withPOETQ { app in
      var (browser, study, clients) = try await StudyDataFixture.twoSorts(app)
      let participant = try await StudyDataFixture.participant(app, clients[0])
      participant.name = "Ann Example"
      participant.email = "ann@example.org"
      try await participant.save(on: app.db)
      let analysis = Analysis(
        studyID: try study.requireID(), name: "First look", parameters: "{}", dataHash: "x", engineVersion: "1")
      try await analysis.save(on: app.db)
      let path = "/studies/\(study.slug)/participants/\(try participant.requireID())"
      #expect(try await browser.get(path).body.string.contains("ann@example.org"))

      let unconfirmed = try await browser.post(path + "/withdraw", [:])
      #expect(unconfirmed.status == .unprocessableEntity)
      #expect(unconfirmed.body.string.contains("Tick the box to confirm the withdrawal"))
      #expect(try await clients[0].response(on: app.db) != nil, "nothing deleted without the confirmation")

      let done = try await browser.post(path + "/withdraw", ["confirm": "yes"])
      #expect(done.status == .seeOther)
      try await Self.expectWithdrawn(app, study: study, client: clients[0], by: "researcher")
      #expect(try await Analysis.find(analysis.id, on: app.db)?.needsRerun == true)
      #expect(try await clients[1].response(on: app.db) != nil, "the other participant keeps their sort")
      let page = try await browser.get(path).body.string
      #expect(page.contains("<dd id=\"status\">Withdrawn</dd>"))
      #expect(!page.contains("ann@example.org") && !page.contains("id=\"confirm-withdraw\""))
      let csv = try await browser.get("/studies/\(study.slug)/data/export/csv").body.string
      #expect(csv.split(separator: "\n").count == 2, "the export holds one sort")
      #expect(csv.contains("Practice nurse") && !csv.contains("=2+3"), "the other participant's sort alone")
    }
  }

  @Test("a participant withdraws through their own link: explained first, confirmed, then the link says so")
  func participantWithdraws() async throws {
    try await withPOETQ { app in
      var (_, study, client) = try await ParticipantClient.openedTemplate(app)
      try await client.get()
      #expect(!client.page.contains("/withdraw"), "nothing to withdraw before consent")
      try await client.consent()
      try await client.answerAndContinue()
      #expect(client.page.contains("href=\"/p/\(client.code)/withdraw\""), "the link is on their pages")
      try await client.get("/withdraw")
      #expect(client.heading == "Withdraw from the study")
      #expect(client.page.contains("Everything you gave us will be deleted"))
      let unconfirmed = try await client.post([], to: "/withdraw")
      #expect(unconfirmed.status == .unprocessableEntity)
      #expect(client.page.contains("To withdraw, tick the box to confirm."))
      #expect(try await client.response(on: app.db) != nil)

      let confirmed = try await client.post([("confirm", "yes")], to: "/withdraw")
      #expect(confirmed.status == .seeOther)
      #expect(client.heading == "You have withdrawn")
      try await Self.expectWithdrawn(app, study: study, client: client, by: "participant")

      // The link cannot start again: consent is refused quietly and the page still says so.
      try await client.post([("choice", "agree"), ("version", "1")], to: "/consent")
      #expect(client.heading == "You have withdrawn")
      #expect(try await client.response(on: app.db) == nil)
      try await client.get("/withdraw")
      #expect(client.heading == "You have withdrawn")
    }
  }

  /// The response is gone, the code and site stay, the status is withdrawn, and one audit event says
  /// who withdrew at which site, with nothing of what was deleted.
  static func expectWithdrawn(_ app: Application, study: Study, client: ParticipantClient, by actor: String)
    async throws
  {
    #expect(try await client.response(on: app.db) == nil)
    let participant = try await client.participant(on: app.db)
    #expect(participant.status == .withdrawn)
    #expect(participant.code == client.code)
    #expect(participant.name == nil && participant.email == nil)
    let events = try await AuditEvent.query(on: app.db).filter(\.$action == "participant.withdrawn").all()
    #expect(events.count == 1)
    let detail = try #require(events.first).detail
    #expect(detail.hasPrefix("site Site A; by \(actor)"))
    #expect(events.first?.$study.id == study.id)
    for content in ["2+3", "HYPERLINK", "Because", "Practice nurse", client.code, "ann@"] {
      #expect(!detail.contains(content), "the audit log holds no content (\(content))")
    }
  }
}
