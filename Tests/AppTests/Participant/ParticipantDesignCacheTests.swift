import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// The participant's request is cheap: the study's design is loaded once per design version and
/// shared, the participant and their response are read in one statement, and a save is one
/// conditional UPDATE. A design change is still seen by the very next request, on this instance
/// and on another one sharing the database (issue 26).
@Suite("Participant design cache")
struct ParticipantDesignCacheTests {
  @Test("a design change is seen by the next participant request, however it was written")
  func designChangeSeen() async throws {
    try await withPOETQ { app in
      var (browser, study, client) = try await ParticipantClient.openedTemplate(app)
      try await client.consent()
      try await client.answerAndContinue()
      let shown = try #require(client.presortStatement)

      // A statement's text changed by a plain model write (no editor): the next page shows it.
      let statement = try #require(
        try await StudyStatement.query(on: app.db).filter(\.$study.$id == study.requireID())
          .filter(\.$number == shown).first())
      statement.text = "A wording changed while the page was open"
      try await statement.save(on: app.db)
      try await client.get()
      #expect(client.page.contains("A wording changed while the page was open"))

      // The study's title, written on the model.
      study.title = "A title changed under way"
      try await study.save(on: app.db)
      try await client.get()
      #expect(client.page.contains("A title changed under way"))

      // Closing the study through the builder (the editor): the next request is refused.
      let closed = try await browser.post("/studies/\(study.slug)/status", ["status": "closed"])
      #expect(closed.status == .seeOther)
      let refused = try await client.post([("action", "presort"), ("statement", String(shown)), ("pile", "agree")])
      #expect(refused.status == .conflict, "a closed study takes no saves")
      #expect(client.page.contains(app.participantTexts("closedHeading")))
    }
  }

  @Test("a second instance on the same database sees a design change made through the first")
  func secondInstance() async throws {
    try await withRunningPOETQ { app, _ in
      var (browser, study, client) = try await ParticipantClient.openedTemplate(app)
      let second = try await Application.make(.testing)
      second.directory = app.directory
      do {
        try await configure(second, config: AppConfig(database: app.poetqConfig.database))
        // The second instance serves the participant and keeps the design it loaded.
        var there = ParticipantClient(second, code: client.code)
        try await there.get()
        #expect(there.page.contains(study.title))
        #expect(second.studyDesignCache.count == 1)

        // The first changes the design: the second's next request shows it.
        let closed = try await browser.post("/studies/\(study.slug)/status", ["status": "closed"])
        #expect(closed.status == .seeOther)
        try await there.get()
        #expect(there.page.contains(second.participantTexts("closedHeading")))
        try await client.get()
        #expect(client.page.contains(app.participantTexts("closedHeading")))
      } catch {
        try? await second.asyncShutdown()
        throw error
      }
      try await second.asyncShutdown()
    }
  }
}
