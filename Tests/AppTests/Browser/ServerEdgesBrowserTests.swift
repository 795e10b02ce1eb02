import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The server's edges in a real browser: error pages in the product's layout (photographed at 1280
/// and 360 px, audited with axe), a stale form sent again with what was typed, a form over its
/// limit, and the People page.
@Suite("Browser: server edges")
struct ServerEdgesBrowserTests {
  @Test("404, 403, 413, 422 and 500 pages; an expired form re-sent with its text; the People page")
  func errorPagesAndStaleForm() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/poetq-demo-synthetic-data")

      try await page.open("/studies/no-such-study")
      try await page.waitFor("h1", containing: "Not found")
      #expect(try await page.text("main").contains("There is no study at this address"))
      #expect(try await page.exists("header.bar a.brand"), "the error page has the product's frame")
      try await page.screenshot("error-404")
      try await page.audit()

      // 500: a table the Participants page reads is missing for a moment (a database error, with SQL).
      let sql = try #require(app.db as? any SQLDatabase)
      try await sql.raw("ALTER TABLE mail_templates RENAME TO mail_templates_hidden").run()
      try await page.open("/studies/poetq-demo-synthetic-data/participants")
      try await page.waitFor("h1", containing: "Something went wrong")
      try await sql.raw("ALTER TABLE mail_templates_hidden RENAME TO mail_templates").run()
      let serverError = try await page.text("main")
      #expect(serverError.contains("reference"))
      #expect(!serverError.contains("mail_templates") && !serverError.contains("SELECT"), "nothing internal")
      try await page.screenshot("error-500")
      try await page.audit()

      // 422: the texts form with an empty title keeps what was typed.
      try await page.open("/studies/poetq-demo-synthetic-data/texts")
      try await page.waitFor("#informationSheet")
      try await page.run("document.querySelector('#title').removeAttribute('required')")
      try await page.fill("#title", "")
      try await page.click("form[action$='/texts'] button[type=submit]")
      try await page.waitFor(".error[role=alert]")
      try await page.screenshot("error-422")
      try await page.audit()

      // An expired form: the token no longer matches; the page offers what was typed again.
      try await page.open("/studies/poetq-demo-synthetic-data/texts")
      try await page.waitFor("#informationSheet")
      let sheet = String(repeating: "A long information sheet, typed with care. ", count: 240)
      try await page.run(
        "document.querySelector('#informationSheet').value = arguments[0];"
          + "document.querySelector('form[action$=\"/texts\"] input[name=csrf]').value = 'stale';", [.string(sheet)])
      try await page.click("form[action$='/texts'] button[type=submit]")
      try await page.waitFor("h1", containing: "Send the form again")
      #expect(try await page.text("main").contains("This form has expired"))
      try await page.screenshot("form-expired")
      try await page.audit()
      try await page.click("main form.resubmit button[type=submit]")
      try await page.waitFor(".flash", containing: "Texts and settings saved.")
      let study = try #require(
        try await Study.query(on: app.db).filter(\.$slug == "poetq-demo-synthetic-data").first())
      #expect(
        study.informationSheet == sheet.trimmingCharacters(in: .whitespaces),
        "the re-sent form saved the 10,000-character sheet")

      // 413: over what a text form accepts (1 MB), a little or far, gets the error page naming the
      // limit; nothing of what was sent comes back (a 45 MB post once came back as a 46 MB page).
      for size in [1_100_000, 2_200_000] {
        try await page.open("/studies/poetq-demo-synthetic-data/texts")
        try await page.waitFor("#informationSheet")
        try await page.run("document.querySelector('#informationSheet').value = 'x'.repeat(\(size))")
        try await page.click("form[action$='/texts'] button[type=submit]")
        try await page.waitFor("h1", containing: "Too large")
        #expect(try await page.text("main").contains("1 MB"))
        #expect((try await page.run("return document.documentElement.outerHTML.length").int ?? 0) < 100_000)
      }
      try await page.screenshot("error-413")
      try await page.audit()

      // 403: a viewer's post.
      try await User(
        email: "bo@example.org", name: "Bo", passwordHash: Bcrypt.hash("correct horse battery", cost: 4), isAdmin: false
      ).save(on: app.db)
      try await page.open("/studies/poetq-demo-synthetic-data/people")
      try await page.waitFor("#email")
      try await page.screenshot("people")
      try await page.audit()
      try await page.fill("#email", "bo@example.org")
      try await page.run("document.querySelector('#role').value = 'viewer'")
      try await page.click("form[action$='/people'] button[type=submit]")
      try await page.waitFor(".flash", containing: "Bo now works on this study.")
      try await page.click("header.bar form button")
      try await page.waitFor(path: "/login")
      try await page.fill("#email", "bo@example.org")
      try await page.fill("#password", "correct horse battery")
      try await page.click("form[action='/login'] button")
      try await page.waitFor(path: "/studies")
      try await page.open("/studies/poetq-demo-synthetic-data/participants/links.csv")
      try await page.waitFor("h1", containing: "Not allowed")
      #expect(try await page.text("main").contains("does not allow this"))
      try await page.screenshot("error-403")
      try await page.audit()
    }
  }
}
