import Fluent
import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// A decline that can be taken back: by the participant from their link while the study is open,
/// by a researcher from the participant's page; and the researcher's label for an anonymous code.
@Suite("Participant decline and labels")
struct ParticipantDeclineTests {
  @Test("a researcher resets a decline and labels a code; the list shows the label and which codes were opened")
  func researcherResetsAndLabels() async throws {
    try await withPOETQ { app in
      var (browser, study, client) = try await ParticipantClient.openedTemplate(app)
      try await client.get("?step=consent")
      try await client.post([("choice", "decline"), ("version", "1")], to: "/consent")
      let participant = try await client.participant(on: app.db)
      #expect(participant.status == .declined)
      let detail = "/studies/\(study.slug)/participants/\(try participant.requireID())"

      let page = try await browser.get(detail)
      #expect(page.body.string.contains("Reset the decline"))
      let reset = try await browser.post(detail + "/reset-decline", [:])
      #expect(reset.status == .seeOther)
      #expect(try await client.participant(on: app.db).status == .opened)
      try await client.get()
      #expect(client.page.contains("Continue to consent"), "the link leads to the study again")
      let again = try await browser.post(detail + "/reset-decline", [:])
      #expect(again.status == .conflict, "only a decline can be reset")

      let tooLong = try await browser.post(detail + "/label", ["label": String(repeating: "x", count: 101)])
      #expect(tooLong.status == .unprocessableEntity)
      #expect(tooLong.body.string.contains("at most 100 characters"))
      let labelled = try await browser.post(detail + "/label", ["label": "  Ward 3 leaflet "])
      #expect(labelled.status == .seeOther)
      #expect(try await client.participant(on: app.db).label == "Ward 3 leaflet")

      // A code nobody opened says so; the labelled one is listed by its label.
      let site = try #require(try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).first())
      try await Participant(studyID: study.requireID(), siteID: site.requireID(), code: ParticipantCode.make())
        .save(on: app.db)
      let list = try await browser.get("/studies/\(study.slug)/participants").body.string
      #expect(list.contains(">Ward 3 leaflet</a>"))
      #expect(list.contains("Not opened yet"))
      #expect(list.contains("<td>Opened</td>"))
    }
  }
}
