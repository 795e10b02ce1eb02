import Fluent
import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// Ways in: the researcher's preview with a throw-away participant, the open-access link, and the
/// participant texts every page is worded from.
@Suite("Participant entry")
struct ParticipantEntryTests {
  @Test("trying a draft study as a participant runs the real pages and never counts as a response")
  func preview() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      #expect(try await browser.get("/studies/poetq/preview").body.string.contains("Try it as a participant"))
      let started = try await browser.post("/studies/poetq/preview/participant", [:])
      #expect(started.status == .seeOther)
      let location = try #require(started.headers.first(name: .location))
      #expect(location.hasPrefix("/p/"))
      var client = ParticipantClient(app, code: String(location.dropFirst(3)))
      #expect(ParticipantCode.isWellFormed(client.code), "22 URL-safe characters, 128 random bits")
      try await client.get()
      #expect(client.page.contains("Preview: this is how participants see the study."), "a draft study still runs")
      try await client.consent()
      try await client.answerAndContinue()
      try await client.presortAll(agree: 10, neutral: 20)
      #expect(try await StudyLock.realResponseCount(studyID: study.requireID(), on: app.db) == 0)
      #expect(try await browser.post("/studies/poetq/statements", ["text": "One more"]).status == .seeOther)

      // The Q-set changed under the preview: it starts again rather than failing.
      try await client.get()
      #expect(client.page.contains("Step 1 of 8: Welcome"))
      #expect(try await client.response(on: app.db) == nil)

      var viewer = try await StudyBuilderTests.signedIn(app, email: "eve@example.org", name: "Eve")
      #expect(try await viewer.post("/studies/poetq/preview/participant", [:]).status == .notFound, "not a member")
      _ = study
    }
  }

  @Test("the open-access link lets a participant choose a site and gives them a personal code")
  func openAccess() async throws {
    try await withPOETQ { app in
      var (browser, study) = try await StudyEditingTests.templateStudy(app)
      study.consentText = "I agree."
      study.informationSheet = "About."
      try await study.save(on: app.db)
      try await browser.post("/studies/poetq/status", ["status": "open"])
      var visitor = TestBrowser(app)
      #expect(try await visitor.get("/s/poetq").status == .notFound, "open access is off")
      study.openAccess = true
      try await study.save(on: app.db)
      let page = try await visitor.get("/s/poetq").body.string
      #expect(page.contains("Where are you taking part from?"))
      #expect(page.contains("Site C"))
      let missing = try await visitor.post("/s/poetq", [:], includeCSRF: false)
      #expect(missing.status == .unprocessableEntity)
      #expect(missing.body.string.contains("Choose where you are taking part from."))
      #expect(try await Participant.query(on: app.db).count() == 0)
      let siteC = try #require(try await Site.query(on: app.db).filter(\.$name == "Site C").first())
      let started = try await visitor.post("/s/poetq", ["site": try siteC.requireID().uuidString], includeCSRF: false)
      #expect(started.status == .seeOther)
      let participant = try #require(try await Participant.query(on: app.db).first())
      #expect(participant.$site.id == siteC.id)
      #expect(participant.isPreview == false)
      #expect(started.headers.first(name: .location) == "/p/\(participant.code)")
      var client = ParticipantClient(app, code: participant.code)
      try await client.get()
      #expect(client.page.contains("This is your personal link"))
      #expect(client.page.contains("/p/\(participant.code)"))
    }
  }

  @Test("every participant text the server and the pages use exists in the English texts")
  func textsComplete() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("Resources/Locales/en/participant.json"))
    let texts = try JSONDecoder().decode([String: String].self, from: data)
    var used: Set<String> = []
    func collect(_ folder: String, _ pattern: String) throws {
      let directory = root.appendingPathComponent(folder)
      let regex = try NSRegularExpression(pattern: pattern)
      for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
          for group in 1..<match.numberOfRanges {
            if let range = Range(match.range(at: group), in: text) { used.insert(String(text[range])) }
          }
        }
      }
    }
    try collect("Sources/App/Controllers/Participant", #"texts\("([A-Za-z]+)""#)
    try collect("Sources/App/Services/Participation", #"texts\("([A-Za-z]+)""#)
    try collect("Sources/App/Controllers/Participant", #"message\("([A-Za-z]+)", "([A-Za-z]+)"\)"#)
    try collect("Resources/Views/participant", #"#\(t\.([A-Za-z]+)\)"#)
    #expect(used.count > 60, "the scan found the texts in use")
    #expect(used.subtracting(texts.keys).sorted() == [], "texts used but not written")
  }
}
