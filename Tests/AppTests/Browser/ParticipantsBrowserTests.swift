import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A researcher fills the Participants tab in a real browser: a refused list, a good one, codes,
/// then sends the invitations through a local SMTP server. Each page is photographed at 1280 and
/// 360 px and audited with axe; the send button is reached by keyboard.
@Suite("Browser: participants")
struct ParticipantsBrowserTests {
  @Test("import a list (refused, then right), generate codes, send the invitations by keyboard")
  func participantsTab() async throws {
    try await withBrowser { app, page in
      try await SMTPSink.with { sink in
        app.mailer = InvitationMailTests.mailer(app, port: sink.port)
        try await page.signInAsNewResearcher(app)
        try await page.fill("#title", "Joint commissioning")
        try await page.click("form[action='/studies'] button[type=submit]")
        try await page.waitFor(path: "/studies/joint-commissioning")
        try await page.click("nav.tabs a[href$='/participants']")
        try await page.waitFor(path: "/studies/joint-commissioning/participants")
        #expect(try await page.text("main").contains("No participants yet."))

        try await page.fill("#list", "email,name,site\nzoe@example.org,Zoë Ångström,Site A\nbob@,Bob,Site Q")
        try await page.click("form[action$='/participants/import'] button[type=submit]")
        try await page.waitFor("ul.problems", containing: "Line 3, site: no site called “Site Q”")
        #expect(try await page.texts("ul.problems li").count == 2)
        try await page.screenshot("participants-refused-list")
        try await page.audit()

        try await page.fill("#list", "email,name,site\nzoe@example.org,Zoë Ångström,Site A\nsam@example.org,,Site B")
        try await page.click("form[action$='/participants/import'] button[type=submit]")
        try await page.waitFor(".flash", containing: "2 participants added")
        try await page.fill("#codes-count", "3")
        try await page.click("form[action$='/participants/generate'] button[type=submit]")
        try await page.waitFor(".flash", containing: "3 codes added.")
        #expect(try await page.texts("table.participants tbody tr").count == 5)

        let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "joint-commissioning").first())
        study.status = .open
        try await study.save(on: app.db)
        try await page.open("/studies/joint-commissioning/participants")
        try await page.waitFor("form[action$='/send-invitations'] button", containing: "Send invitations (2)")
        try await page.screenshot("participants")
        try await page.audit()
        try await page.tab(to: "form[action$='/send-invitations'] button", limit: 80)
        try await page.press(.enter)
        try await page.waitFor(".flash", containing: "2 invitations queued")
        #expect(try await app.mailWorker.runDueJobs() == 2)
        try await page.open("/studies/joint-commissioning/participants")
        try await page.waitFor(".mail-progress", containing: "Invitations: 2 of 2 sent.")
        #expect(Set(try sink.messages().flatMap(\.rcptTos)) == ["zoe@example.org", "sam@example.org"])
        #expect(try await page.texts("table.mail-log tbody tr").count == 2)
        try await page.screenshot("participants-sent")
        try await page.audit()
      }
    }
  }
}
