import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The demo study: a researcher on an empty instance creates it with one button and finds the
/// report's sites and sort times on the monitor.
@Suite("Demo study")
struct DemoStudyTests {
  @Test("the button on an empty studies list creates the demo study with 93 synthetic sorts")
  func demoFromTheStudiesList() async throws {
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      #expect(try await browser.get("/studies").body.string.contains("Create the demo study"))
      let created = try await browser.post("/studies/demo", [:])
      #expect(created.status == .seeOther)
      let slug = "poetq-demo-synthetic-data"
      #expect(created.headers.first(name: .location) == "/studies/\(slug)")
      let overview = try await browser.get("/studies/\(slug)").body.string
      #expect(overview.contains("The demo study holds 93 synthetic completed sorts"))
      #expect(overview.contains("<h1>POETQ demo (synthetic data)</h1>"), "the title says the data are synthetic")
      #expect(
        !(try await browser.get("/studies").body.string.contains("Create the demo study")), "offered only when empty")

      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
      #expect(study.status == .open)
      #expect(study.description.contains("None of these responses is real."))
      let completed = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
        .filter(\.$status == .completed).count()
      #expect(completed == 93)
      #expect(
        try await StudyLock.reason(studyID: study.requireID(), on: app.db) != nil,
        "real-looking responses lock the Q-set")

      let monitor = try await browser.get("/studies/\(slug)/monitor").body.string
      #expect(monitor.contains("<tr><th scope=\"row\">Site A</th><td>10</td><td>15-90</td>"), "Table 9, site A")
      #expect(monitor.contains("<tr><th scope=\"row\">Site C</th><td>34</td><td>14-78</td>"), "Table 9, site C")
      #expect(monitor.contains("<tr><th scope=\"row\">Total</th><td>93</td><td>7-90</td>"), "Table 9, total")
      #expect(monitor.contains("Partnership Manager"), "Table 10 lists the roles")
      #expect(
        try await AuditEvent.query(on: app.db).filter(\.$action == "study.demo").count() == 1, "the demo is audited")
    }
  }
}
