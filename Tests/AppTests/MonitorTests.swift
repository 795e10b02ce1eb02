import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The study's dashboard counts what the participants did: per site, overall, Table 9's sort times
/// and Table 10's completers; previews are left out.
@Suite("Monitor")
struct MonitorTests {
  @Test("the dashboard shows who is where, the sort times and who completed, per site and overall")
  func dashboard() async throws {
    try await withPOETQ { app in
      var (browser, study, done) = try await ParticipantClient.openedTemplate(app)
      try await done.consent()
      try await done.answerAndContinue()
      try await done.presortAll(agree: 15, neutral: 10)
      try await done.post([("action", "continue")])
      try await done.rankAll()
      try await done.post([("action", "continue")])
      try await done.post([("action", "continue")])
      try await done.post([("action", "continue")])
      let response = try #require(try await done.response(on: app.db))
      #expect(response.stage == "submitted")
      // Make the sort take 31 minutes: the presort started 31 minutes before the grid was confirmed.
      var times = try JSONDecoder.iso.decode([String: Date].self, from: Data(response.stageTimestamps.utf8))
      let confirmed = try #require(times["grid_confirmed"])
      times["presort"] = confirmed.addingTimeInterval(-31 * 60)
      response.stageTimestamps = try ResponseStore.json(times)
      try await response.save(on: app.db)

      var started = try await ParticipantClient.invite(app, to: study)
      try await started.consent()
      _ = try await ParticipantClient.invite(app, to: study)
      var preview = try await ParticipantClient.invite(app, to: study, preview: true)
      try await preview.consent()

      let page = try await browser.get("/studies/\(study.slug)/monitor")
      #expect(page.status == .ok)
      let html = page.body.string
      #expect(
        html.contains(
          "<tr><th scope=\"row\">Site A</th><td>3</td><td>2</td><td>2</td><td>0</td><td>1</td><td>1</td><td>0</td><td>33%</td></tr>"
        ))
      #expect(
        html.contains("<tr><th scope=\"row\">Site A</th><td>1</td><td>31-31</td><td>31</td><td>31 mins</td></tr>"))
      #expect(html.contains("<li>Practice nurse ("), "Table 10 lists the completer's role and organisation")
      #expect(html.contains("<tr><th scope=\"row\">Site B</th><td>0</td>"), "a site without participants has a row")
      #expect(html.contains("<th scope=\"row\">Completed</th><td>1</td>"))
      var stranger = try await StudyBuilderTests.signedIn(app, email: "eve@example.org", name: "Eve")
      #expect(try await stranger.get("/studies/\(study.slug)/monitor").status == .notFound)
    }
  }
}
