import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A researcher's first visit, in a real browser: setup, the studies list, a study from the POETQ
/// template, sign out and in again; screenshots and an accessibility audit of each page, and the
/// new-study form by keyboard alone.
@Suite("Browser: first run")
struct FirstRunBrowserTests {
  static let email = "ada@example.org"
  static let password = "correct horse battery"

  @Test("first run in a browser: setup, new study from the template, overview, sign out, sign in")
  func firstRun() async throws {
    try await withBrowser { app, page in
      // A fresh instance sends everyone to setup.
      try await page.open("/")
      try await page.waitFor(path: "/setup")
      #expect(try await page.text("h1") == "Set up POETQ")
      try await page.screenshot("setup")
      try await page.audit()

      try await page.fill("#token", app.setupToken.value)
      try await page.fill("#name", "Ada Lovelace")
      try await page.fill("#email", Self.email)
      try await page.fill("#password", Self.password)
      try await page.click("form[action='/setup'] button[type=submit]")
      try await page.waitFor(path: "/studies")
      try await page.waitFor("nav", containing: "Sign out (Ada Lovelace)")
      #expect(try await page.text("main p").contains("No studies yet"))
      try await page.screenshot("studies-empty")
      try await page.audit()

      // A study from the POETQ template (the default choice).
      try await page.fill("#title", "Joint commissioning 2026")
      #expect(try await page.property("input[name=template][value=poetq]", "checked").bool == true)
      try await page.click("form[action='/studies'] button[type=submit]")
      try await page.waitFor(path: "/studies/joint-commissioning-2026")
      #expect(try await page.text("h1") == "Joint commissioning 2026")
      #expect(try await page.text("#qset").hasPrefix("Q-set: 40 statements"))
      #expect(try await page.texts("ol.statements li").count == 40)
      #expect(try await page.text(".ok") == "The grid holds 40 statements, one for each statement.")
      #expect(try await !page.exists("section[aria-labelledby=grid] .error"))
      try await page.screenshot("overview")
      try await page.audit()

      try await page.open("/studies")
      try await page.waitFor("table a[href='/studies/joint-commissioning-2026']")
      #expect(try await page.text("table tbody").contains("Joint commissioning 2026"))
      try await page.screenshot("studies")
      try await page.audit()

      // Sign out, then back in: a wrong password is refused with a message, the right one works.
      try await page.click("nav form button[type=submit]")
      try await page.waitFor(path: "/login")
      #expect(try await !page.exists("nav"), "signed out: no navigation for a signed-in user")
      try await page.screenshot("login")
      try await page.audit()

      try await page.fill("#email", Self.email)
      try await page.fill("#password", "not the password")
      try await page.click("form[action='/login'] button[type=submit]")
      try await page.waitFor(".error[role=alert]")
      #expect(try await page.text(".error") == "The e-mail or the password is not right.")
      #expect(try await page.property("#email", "value").string == Self.email, "the e-mail is kept")
      try await page.screenshot("login-refused")
      try await page.audit()

      try await page.fill("#password", Self.password)
      try await page.click("form[action='/login'] button[type=submit]")
      try await page.waitFor(path: "/studies")
      try await page.waitFor("table a[href='/studies/joint-commissioning-2026']")
      #expect(try await page.text("nav").contains("Sign out (Ada Lovelace)"))
    }
  }

  @Test("keyboard only: Tab to the new-study title, type, Tab to submit, Enter creates the study; focus is visible")
  func newStudyByKeyboard() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)

      // From the top of a freshly loaded page, by keyboard alone.
      try await page.open("/studies")
      try await page.waitFor("#title")
      let toTitle = try await page.tab(to: "#title")
      #expect(toTitle > 1, "the skip link and the navigation come before the form")
      let titleFocus = try await page.focused()
      #expect(
        titleFocus.isVisible,
        "the focused title field shows no focus indicator: outline \(titleFocus.outlineStyle) \(titleFocus.outlineWidth), box-shadow \(titleFocus.boxShadow)"
      )
      try await page.type("Keyboard study")

      try await page.tab(to: "form[action='/studies'] button[type=submit]")
      let buttonFocus = try await page.focused()
      #expect(
        buttonFocus.isVisible,
        "the focused submit button shows no focus indicator: outline \(buttonFocus.outlineStyle) \(buttonFocus.outlineWidth), box-shadow \(buttonFocus.boxShadow)"
      )
      try await page.screenshot("focus-on-submit", widths: [1280])
      #expect(try await page.focused().element == buttonFocus.element, "a screenshot does not move focus")
      try await page.press(.enter)

      try await page.waitFor(path: "/studies/keyboard-study")
      #expect(try await page.text("h1") == "Keyboard study")
      #expect(
        try await page.text("#qset").hasPrefix("Q-set: 40 statements"), "the POETQ template is the default choice")
      #expect(try await Study.query(on: app.db).filter(\.$slug == "keyboard-study").count() == 1)
    }
  }
}
