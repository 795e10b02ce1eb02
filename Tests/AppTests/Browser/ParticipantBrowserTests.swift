import Fluent
import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// Participants take part in a real browser: the POETQ stepwise flow, grid mode, the keyboard
/// alone, an interruption resumed on another device, and submissions the server refuses. Every
/// step is photographed at 1280 and 360 px and audited with axe.
@Suite("Browser: taking part")
struct ParticipantBrowserTests {
  /// The template study, opened, with one invited participant; the page is at their welcome page.
  static func invited(_ app: Application, _ page: Page, configure: (Study) -> Void = { _ in }) async throws
    -> ParticipantClient
  {
    let (_, participant) = try await ParticipantClient.openTemplateStudy(app) { study in
      study.thankYouText = "Thank you: your sort is one of the viewpoints we will compare across the sites."
      configure(study)
    }
    try await page.open(participant.path)
    try await page.waitFor("#proceed")
    return participant
  }

  /// Welcome → consent → agree, checking and photographing both pages when `photograph`.
  static func consent(_ page: Page, photograph: Bool = false) async throws {
    #expect(try await page.text("main").contains("What the study is about."))
    #expect(try await page.text(".personal-link code").hasSuffix(try await page.path()))
    if photograph {
      try await page.screenshot("welcome")
      try await page.audit()
    }
    try await page.click("#proceed")
    try await page.waitFor("#agree")
    #expect(try await page.text("main").contains("I agree to take part."))
    if photograph {
      try await page.screenshot("consent")
      try await page.audit()
    }
    try await page.click("#agree")
    try await page.waitForStep("About you")
  }

  @Test("a participant completes the POETQ stepwise flow for the template study")
  func stepwise() async throws {
    try await withBrowser { app, page in
      let participant = try await Self.invited(app, page)
      try await Self.consent(page, photograph: true)

      // Questions before the sort: a required one left empty is refused, then answered.
      try await page.screenshot("questions-before")
      try await page.audit()
      try await page.click("#proceed")
      try await page.waitFor("#error", containing: "Please answer these 6 questions")
      #expect(try await page.texts("#error .error-summary a").first == "What is your current role or job title?")
      try await page.answerQuestions()
      try await page.click("#proceed")
      try await page.waitForStep("First impressions")

      // Presort: one statement at a time; undo puts the last one back.
      #expect(try await page.text("#progress-text") == "Statement 1 of 40")
      try await page.screenshot("presort")
      try await page.audit()
      let first = try #require(try await page.presortStatement())
      try await page.saving("the first statement") { try await page.click("#pile-agree") }
      try await page.waitFor("#announce", containing: "Agree:")
      try await page.saving("the undo") { try await page.click("#undo") }
      #expect(try await page.presortStatement() == first, "undo shows the same statement again")
      try await page.presortAll(agree: 15, neutral: 10)
      #expect(try await page.text(".done").contains("15 agree, 10 neutral and 15 disagree"))
      try await page.screenshot("presort-done")
      try await page.audit()
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")

      // Stepwise ranking: +4 first, "choose the 2 statements you agree with most".
      #expect(try await page.text("#heading") == "Choose the 2 statements you agree with most")
      try await page.screenshot("ranking")
      try await page.audit()
      try await page.rankOnce()
      try await page.waitFor("#announce", containing: "Placed in column +4")
      #expect(try await page.text("#heading") == "Choose the 3 statements you agree with most")
      try await page.rankAll()
      try await page.waitForStep("Your grid")

      // Review: the upturned pyramid; swap the two statements at the ends.
      let top = try await page.statements(inColumn: 4)
      let bottom = try await page.statements(inColumn: -4)
      #expect(top.count == 2 && bottom.count == 2)
      #expect(try await page.texts(".pyramid .qcard").count == 40)
      try await page.screenshot("review")
      try await page.audit()
      try await page.click("#s\(top[0])")
      try await page.waitFor("#selection")
      try await page.screenshot("review-selected")
      try await page.audit()
      try await page.saving("the swap") { try await page.click("#s\(bottom[0])") }
      try await page.waitFor("#announce", containing: "Swapped")
      #expect(try await page.statements(inColumn: 4).contains(bottom[0]))
      #expect(try await page.statements(inColumn: -4).contains(top[0]))
      try await page.click("#proceed")
      try await page.waitForStep("Comments")

      // Comments on the four statements at the ends, then the last question, then submit.
      #expect(try await page.texts(".comment-item").count == 4)
      try await page.screenshot("comments")
      try await page.audit()
      try await page.fill("#c\(bottom[0])", "Pooled budgets are what make this work — “joint” means shared money.")
      try await page.click("#proceed")
      try await page.waitForStep("Last questions")
      try await page.screenshot("questions-after")
      try await page.audit()
      #expect(try await page.text("#proceed") == "Submit my sort")
      try await page.click("#proceed")
      try await page.waitFor("h1", containing: "Thank you")
      #expect(try await page.text("main").contains("Your sort has been submitted."))
      #expect(try await page.text("main").contains("one of the viewpoints we will compare"))
      #expect(try await page.text("main").contains("ada@example.org"), "the study's contact")
      try await page.screenshot("thanks")
      try await page.audit()

      let response = try #require(try await participant.response(on: app.db))
      #expect(response.stage == "submitted")
      let placements = try JSONDecoder().decode([Int: Int].self, from: Data(response.placements.utf8))
      #expect(placements.count == 40)
      #expect(placements[bottom[0]] == 4 && placements[top[0]] == -4, "the swap was saved")
      let comments = try JSONDecoder().decode([Int: String].self, from: Data(response.comments.utf8))
      #expect(comments[bottom[0]]?.contains("“joint” means shared money") == true)
      #expect(try await participant.participant(on: app.db).status == .completed)
    }
  }

  @Test("a participant places the statements directly in grid mode, by tap and by drag and drop")
  func gridMode() async throws {
    try await withBrowser { app, page in
      let participant = try await Self.invited(app, page) { $0.sortMode = .grid }
      try await Self.consent(page)
      try await page.answerQuestions()
      try await page.click("#proceed")
      try await page.waitForStep("First impressions")
      try await page.presortAll(agree: 14, neutral: 12)
      #expect(try await page.text("#proceed") == "Continue to the grid")
      try await page.click("#proceed")
      try await page.waitForStep("Placing")

      // On a laptop the piles and the grid share the first screen, piles in the grid's order.
      try await page.setViewport(width: 1280, height: 800)
      try await page.run("window.scrollTo(0, 0)")
      let piles = try await page.placement(".piles-unplaced")
      let grid = try await page.placement(".pyramid .qcolumn-head")
      let bar = try await page.placement("#place-bar")
      #expect(piles.top >= 0 && piles.top < piles.viewport, "the piles start on the first screen: \(piles)")
      #expect(grid.bottom <= grid.viewport, "the grid's column headings are on the first screen: \(grid)")
      #expect(bar.inViewport, "the column buttons are on the first screen: \(bar)")
      #expect(
        try await page.texts(".pile-group h3").map { $0.components(separatedBy: " ").first ?? "" }
          == ["Disagree", "Neutral", "Agree"])
      #expect(try await page.text(".qcolumn[data-score='4'] .free") == "2 of 2 free")
      try await page.screenshot("placing")
      try await page.setViewport(width: 1280, height: 800)
      try await page.audit()

      // Two statements by drag and drop onto column +4; a third is refused where it was dropped.
      for expected in 1...2 {
        let dragged = try #require(
          try await page.run("return document.querySelector('.pile-agree .qcard').dataset.statement").string
            .flatMap(Int.init))
        try await page.saving("the drop") { try await page.drag(statement: dragged, onto: ".qcolumn[data-score='4']") }
        #expect(try await page.statements(inColumn: 4).count == expected)
      }
      #expect(try await page.text(".qcolumn[data-score='4'] .free") == "0 of 2 free")
      let refused = try #require(
        try await page.run("return document.querySelector('.pile-agree .qcard').dataset.statement").string
          .flatMap(Int.init))
      let revision = try await page.revision()
      try await page.drag(statement: refused, onto: ".qcolumn[data-score='4']")
      try await page.waitFor(".qcolumn[data-score='4'] .drop-refused", containing: "already holds 2 statements")
      #expect(try await page.revision() == revision, "nothing was sent")
      let note = try await page.placement(".qcolumn[data-score='4'] .drop-refused")
      #expect(note.inViewport, "said in place, on the screen: \(note)")

      // A statement chosen by hand: select it, then its column (two actions).
      let neutral = try #require(
        try await page.run("return document.querySelector('.pile-neutral .qcard').dataset.statement").string
          .flatMap(Int.init))
      try await page.click("#s\(neutral)")
      try await page.waitUntil("the selected statement in the placing bar") {
        try await page.attribute("#choose-column input[name=statement]", "value") == String(neutral)
      }
      #expect(try await page.placement("#to-col-m4").focused, "a selected statement starts at the first column")
      try await page.saving("placing the selected statement") { try await page.click("#to-col-p0") }
      #expect(try await page.statements(inColumn: 0) == [neutral])
      var placed = 3
      try await page.screenshot("placing-next", widths: [1280, 360])
      try await page.audit()

      // The rest: after each placement the next statement of the same pile is selected, so each
      // is one action: Enter on the column button that keeps the focus, or one tap on a phone,
      // where the placing bar stays at the bottom of the screen and nothing scrolls.
      try await page.setViewport(width: 360, height: 780)
      try await page.startMeter()
      let start = try await page.effort()
      var scrolled: [Int] = []
      while try await page.exists(".piles-unplaced .qcard") {
        let selected = try #require(try await page.attribute("#choose-column input[name=statement]", "value"))
        let bar = try await page.placement("#place-bar")
        #expect(bar.inViewport, "the placing bar is on the screen: \(bar)")
        #expect(try await page.exists(".piles-unplaced #s\(selected).selected"), "the statement to place is marked")
        if placed < 8 {
          #expect(
            try await page.run("return document.activeElement.matches('#place-bar button[name=score]')").bool == true,
            "the focus is on a column button")
          try await page.saving("placing \(selected) with Enter") { try await page.press(.enter) }
        } else {
          try await page.saving("placing \(selected)") {
            try await page.click("#place-bar button[name=score]:not([disabled])")
          }
        }
        placed += 1
        scrolled.append(try await page.effort().scroll)
        #expect(try await page.text("#announce").hasPrefix("Placed in column"))
        if placed == 4 {
          // Screen readers hear the placement and the statement that comes next.
          try await page.waitUntil("the live region to say the placement and the next statement") {
            let spoken = try await page.run("return document.getElementById('announcer').textContent").string ?? ""
            return spoken.hasPrefix("Placed in column") && spoken.contains("Where does this statement go? “")
          }
        }
      }
      let spent = try await page.effort() - start
      #expect(spent.taps + spent.keys == placed - 3, "one action per placement: \(spent)")
      #expect(spent.scroll == 0, "nothing scrolls on a phone while placing: \(spent); after each: \(scrolled)")
      #expect(try await page.placement("#proceed").focused, "the focus moves on to Continue once all are placed")
      try await page.setViewport(width: 1280, height: 800)
      #expect(placed == 40)
      #expect(try await page.text("#placing-status") == "Every statement is placed.")
      try await page.screenshot("placing-done")
      try await page.click("#proceed")
      try await page.waitForStep("Your grid")

      // The same review: swap by drag and drop this time.
      let top = try await page.statements(inColumn: 4)
      let middle = try await page.statements(inColumn: 0)
      try await page.saving("the swap") { try await page.drag(statement: top[0], onto: "#s\(middle[0])") }
      #expect(try await page.statements(inColumn: 4).contains(middle[0]))
      try await page.click("#proceed")
      try await page.waitForStep("Comments")
      try await page.click("#proceed")
      try await page.waitForStep("Last questions")
      try await page.click("#proceed")
      try await page.waitFor("h1", containing: "Thank you")

      let response = try #require(try await participant.response(on: app.db))
      #expect(response.stage == "submitted")
      let placements = try JSONDecoder().decode([Int: Int].self, from: Data(response.placements.utf8))
      #expect(placements[middle[0]] == 4 && placements[top[0]] == 0)
      let counts = Dictionary(grouping: placements.values, by: { $0 }).mapValues(\.count)
      #expect(counts == [-4: 2, -3: 3, -2: 4, -1: 6, 0: 10, 1: 6, 2: 4, 3: 3, 4: 2], "the grid's shape")
    }
  }

  @Test("a participant completes the stepwise flow with the keyboard alone", arguments: [Viewport.phone, .laptop])
  func keyboardOnly(_ viewport: Viewport) async throws {
    try await withBrowser { app, page in
      let participant = try await Self.invited(app, page)
      try await page.setViewport(width: viewport.width, height: viewport.height)
      try await page.activate("#proceed")
      try await page.waitFor("#agree")
      try await page.activate("#agree")
      try await page.waitForStep("About you")

      // The required questions: type the role, Space on the first option of each of the next five.
      try await page.tab(to: "input[name='q.role']")
      try await page.type("Social worker")
      for question in 2...6 {
        try await page.tab(to: "#q\(question)-1")
        try await page.press(.space)
      }
      try await page.activate("#proceed")
      try await page.waitForStep("First impressions")

      // Keys 1, 2 and 3 sort; focus stays where the next statement is read.
      try await page.presortAll(agree: 12, neutral: 16, byKeys: true)
      let focus = try await page.focused()
      #expect(focus.element.hasPrefix("button#proceed"), "focus moves to Continue when all are sorted: \(focus)")
      #expect(focus.isVisible, "the focus ring shows")
      try await page.activate("#proceed")
      try await page.waitForStep("Ranking")

      // Tab and Space tick the candidates, Enter places them.
      try await page.rankAll(byKeyboard: true)
      try await page.waitForStep("Your grid")

      // Review: Enter selects a card, Enter on another swaps them.
      let top = try await page.statements(inColumn: 4)
      let next = try await page.statements(inColumn: 3)
      try await page.activate("#s\(top[0])")
      try await page.waitFor("#selection")
      try await page.saving("the swap") { try await page.activate("#s\(next[0])") }
      #expect(try await page.statements(inColumn: 4).contains(next[0]))
      try await page.screenshot("review-after-keyboard-swap", widths: [viewport.width])
      try await page.setViewport(width: viewport.width, height: viewport.height)
      try await page.activate("#proceed")
      try await page.waitForStep("Comments")

      let firstComment = try #require(
        try await page.run("return document.querySelector('#main textarea').id").string)
      try await page.tab(to: "#\(firstComment)")
      try await page.type("Typed without a mouse.")
      try await page.activate("#proceed")
      try await page.waitForStep("Last questions")
      try await page.activate("#proceed")
      try await page.waitFor("h1", containing: "Thank you")

      let response = try #require(try await participant.response(on: app.db))
      #expect(response.stage == "submitted")
      #expect(response.comments.contains("Typed without a mouse."))
      #expect(response.answers.contains("Social worker"))
    }
  }

  @Test("a participant interrupted mid-ranking resumes on another device at the exact step, through a lost connection")
  func interruptedAndResumed() async throws {
    try await withBrowser { app, page in
      let participant = try await Self.invited(app, page)
      try await Self.consent(page)
      try await page.answerQuestions()
      try await page.click("#proceed")
      try await page.waitForStep("First impressions")
      let shown = try await page.presortAll(agree: 20, neutral: 8)
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")
      try await page.rankOnce()
      try await page.rankOnce()
      let heading = try await page.text("#heading")
      let progress = try await page.text("#progress-text")
      #expect(progress == "5 of 40 statements placed")
      let candidates = try #require(try await page.rankingStep()).candidates

      // The tab is gone; the same link in a browser with nothing stored carries on from there.
      try await page.withFreshProfile { other in
        try await other.open(participant.path)
        try await other.waitForStep("Ranking")
        #expect(try await other.text("#heading") == heading)
        #expect(try await other.text("#progress-text") == progress)
        #expect(try #require(try await other.rankingStep()).candidates == candidates)
        try await other.screenshot("resumed")

        // The connection drops while choosing: the banner says so and the save is retried.
        try await other.setOffline(true)
        let step = try #require(try await other.rankingStep())
        for id in step.candidates.prefix(step.count) { try await other.click("label[for='\(id)']") }
        try await other.click("#proceed")
        try await other.waitFor("#connection", containing: "Connection lost")
        try await other.screenshot("connection-lost", widths: [360])
        let savedBefore = try #require(try await participant.response(on: app.db)).revision
        try await other.setOffline(false)
        try await other.waitFor("#connection", containing: "Connection is back")
        try await other.waitUntil("the retried choice to be saved") {
          try await participant.response(on: app.db)?.revision == savedBefore + 1
        }
        #expect(try await other.text("#progress-text") != progress, "the page moved on to the next step")
        try await other.waitUntil("the banner to go after a few seconds") {
          try await other.run("return document.getElementById('connection').hidden").bool == true
        }
        try await other.rankAll()
        try await other.waitForStep("Your grid")
        #expect(try await other.texts(".pyramid .qcard").count == 40)
      }

      // Back on the first device, the old page is out of date: acting on it is refused, nothing lost.
      try await page.click("label[for='\(candidates[0])']")
      try await page.click("#proceed")
      try await page.waitFor("#error", containing: "This page was out of date")
      try await page.waitForStep("Your grid")
      let response = try #require(try await participant.response(on: app.db))
      #expect(response.stage == "review")
      let presortOrder = try JSONDecoder().decode([Int].self, from: Data(response.presortOrder.utf8))
      #expect(presortOrder == shown, "the presort order shown is the one stored")
    }
  }

  @Test("the server refuses an incomplete or repeated final submission and changes nothing")
  func refusedSubmission() async throws {
    try await withBrowser { app, page in
      let participant = try await Self.invited(app, page) { $0.commentsRequired = true }
      try await Self.consent(page)
      try await page.answerQuestions()
      try await page.click("#proceed")
      try await page.waitForStep("First impressions")
      try await page.presortAll(agree: 13, neutral: 14)
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")
      try await page.rankAll()
      try await page.click("#proceed")
      try await page.waitForStep("Comments")

      // Required comments: one left empty is refused with the statement named.
      let fields =
        try await page.run("return [...document.querySelectorAll('#main textarea')].map(t => t.id)")
        .array?.compactMap(\.string) ?? []
      #expect(fields.count == 4)
      for field in fields.dropLast() { try await page.fill("#\(field)", "Because it matters most to me.") }
      try await page.click("#proceed")
      let missing = try #require(fields.last)
      let quoted = try #require(
        try await page.run(
          "return document.querySelector(`label[for='${arguments[0]}']`).textContent", [.string(missing)]
        )
        .string)
      #expect(quoted.hasPrefix("Your comment on “"), "the prompt quotes the statement: \(quoted)")
      let statement = String(quoted.dropFirst("Your comment on ".count))
      try await page.waitFor("#error", containing: "Please write a comment on \(statement)")
      let error = try await page.text("#error")
      #expect(!error.contains(".”."), "no doubled full stop after a quoted statement: \(error)")
      #expect(try await page.texts(".field-error").count == 1)
      try await page.screenshot("comment-required")
      try await page.audit()
      #expect(try await participant.response(on: app.db)?.stage == "comments", "nothing moved on")

      try await page.fill("#\(fields.last!)", "Least like my experience.")
      try await page.click("#proceed")
      try await page.waitForStep("Last questions")
      try await page.click("#proceed")
      try await page.waitFor("h1", containing: "Thank you")
      let submitted = try #require(try await participant.response(on: app.db))

      // A second submission (a replayed request, a forged one) is refused; the stored sort stays.
      // WebDriver waits for a promise the script returns.
      let answer = try await page.run(
        """
        const body = new URLSearchParams({revision: arguments[0], action: "continue"});
        return fetch(location.pathname, {method: "POST", body, headers: {Accept: "application/json"}})
          .then(async (response) => ({status: response.status, body: await response.json()}));
        """, [.string(String(submitted.revision))])
      #expect(answer["status"]?.int == 409)
      #expect(answer["body"]?["error"]?.string == "Your sort has already been submitted, so nothing more can change.")
      let after = try #require(try await participant.response(on: app.db))
      #expect(after.revision == submitted.revision && after.placements == submitted.placements)
    }
  }

  @Test(
    "open access: a participant picks their site, gets a personal link, and may decline (asked, and undone)",
    arguments: [Viewport.phone, .laptop])
  func openAccessAndDecline(_ viewport: Viewport) async throws {
    try await withBrowser { app, page in
      let (study, _) = try await ParticipantClient.openTemplateStudy(app) { $0.openAccess = true }
      try await page.open("/s/\(study.slug)")
      try await page.setViewport(width: viewport.width, height: viewport.height)
      try await page.waitFor("#proceed")
      try await page.audit()
      try await page.screenshot("open-access", widths: [viewport.width])
      try await page.setViewport(width: viewport.width, height: viewport.height)
      try await page.click("#proceed")
      try await page.waitFor(".error, #error", containing: "Choose where you are taking part from.")
      try await page.click("label.choice:nth-of-type(3)")
      try await page.click("#proceed")
      let path = try await page.waitFor(pathMatching: "^/p/[A-Za-z0-9_-]{22}$")
      try await page.waitFor(".personal-link", containing: path)
      let code = String(path.dropFirst(3))
      let participant = try #require(
        try await Participant.query(on: app.db).filter(\.$code == code).with(\.$site).first())
      #expect(participant.site.name == "Site C")

      try await page.click("#proceed")
      try await page.waitFor("#decline")
      try await page.click("#decline")
      try await page.waitFor("#decline-confirm", containing: "Nothing you entered will be kept")
      let question = try await page.placement("#decline-confirm")
      #expect(question.inViewport && question.focused, "the question is on the screen, focused: \(question)")
      #expect(try await Participant.find(participant.requireID(), on: app.db)?.status == .opened, "asked, not declined")
      try await page.audit()
      try await page.screenshot("decline-confirm", widths: [viewport.width])
      try await page.setViewport(width: viewport.width, height: viewport.height)
      try await page.click("#decline-yes")
      try await page.waitFor("h1", containing: "Thank you")
      #expect(try await Participant.find(participant.requireID(), on: app.db)?.status == .declined)

      // The participant changes their mind from the same page, then declines for good.
      try await page.click("#reconsider")
      try await page.waitFor("#agree")
      #expect(try await Participant.find(participant.requireID(), on: app.db)?.status == .opened)
      try await page.click("#decline")
      try await page.waitFor("#decline-yes")
      try await page.click("#decline-yes")
      try await page.waitFor("h1", containing: "Thank you")
      #expect(try await page.text("main").contains("Nothing else about you has been stored."))
      try await page.audit()
      try await page.screenshot("declined", widths: [viewport.width])
      #expect(try await SortResponse.query(on: app.db).count() == 0)
      #expect(try await Participant.find(participant.requireID(), on: app.db)?.status == .declined)
    }
  }

  @Test("the sort pages stay light: what the browser transfers for the presort and the review")
  func transferSize() async throws {
    try await withBrowser { app, page in
      _ = try await Self.invited(app, page)
      try await Self.consent(page)
      try await page.answerQuestions()
      try await page.click("#proceed")
      try await page.waitForStep("First impressions")
      try await page.open(try await page.path())
      try await page.waitFor("#pile-agree")
      let presort = try await page.transferSize()
      print("Transfer size of the presort page with its CSS and JS: \(presort) bytes")
      #expect(presort > 0 && presort < 60_000, "the presort page and its assets: \(presort) bytes")
    }
  }

  /// The two screens the participant's journey is checked on.
  struct Viewport: Sendable, CustomTestStringConvertible {
    var width: Int
    var height: Int

    static let phone = Viewport(width: 360, height: 780)
    static let laptop = Viewport(width: 1280, height: 800)

    var testDescription: String { "\(width) × \(height)" }
  }

  @Test(
    "on a phone and a laptop: steps start at their heading, errors come at once, Back goes a step back",
    arguments: [Viewport.phone, .laptop])
  func journey(_ viewport: Viewport) async throws {
    try await withBrowser { app, page in
      _ = try await Self.invited(app, page)
      try await page.setViewport(width: viewport.width, height: viewport.height)
      try await page.startMeter()
      try await page.click("#proceed")
      try await page.waitFor("#agree")
      try await page.startMeter()
      try await page.click("#agree")
      try await page.waitForStep("About you")
      // Effort spent on what the checks provoke (a refused form, a step back), not on the sort.
      var asides = Page.Effort()

      // Every missing answer at once: in the summary, linked, and beside its field.
      var mark = try await page.effort()
      let required =
        try await page.run(
          "return [...document.querySelectorAll('#main .question .hint')].filter(h => h.textContent === '(required)').length"
        ).int ?? 0
      #expect(required >= 2)
      try await page.click("#proceed")
      try await page.waitFor("#error", containing: "Please answer these \(required) questions")
      #expect(try await page.texts("#error .error-summary a").count == required)
      #expect(try await page.texts(".field-error").count == required)
      let linked = try await page.run(
        "return [...document.querySelectorAll('#error .error-summary a')].every(a => document.querySelector(a.getAttribute('href')))"
      ).bool
      #expect(linked == true, "every summary link leads to its field")
      #expect(try await page.placement("#error").focused)
      try await page.audit()
      asides = try await asides + page.effort() - mark
      try await page.answerQuestions()
      try await page.click("#proceed")
      try await page.waitForStep("First impressions")

      // The pile buttons are in the same place for every statement, on the screen.
      var tops: [Double] = []
      var sorted = 0
      while let statement = try await page.presortStatement() {
        let buttons = try await page.placement("#pile-agree")
        #expect(buttons.inViewport, "statement \(statement): the pile buttons are on the screen (\(buttons))")
        tops.append(buttons.top)
        let pile = sorted < 15 ? "agree" : sorted < 25 ? "neutral" : "disagree"
        try await page.saving("statement \(statement) into \(pile)") { try await page.click("#pile-\(pile)") }
        let announced = try await page.text("#announce")
        #expect(!announced.contains(".”."), "no doubled full stop: \(announced)")
        sorted += 1
      }
      #expect(tops.count == 40)
      #expect(
        (tops.max() ?? 0) - (tops.min() ?? 0) <= 2, "the pile buttons moved: \(tops.min() ?? 0)…\(tops.max() ?? 0)")
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")

      // Every ranking step starts at its heading, focused; the turn to the other end is said once.
      var step = 0
      var sawTurn = false
      var previous: (heading: String, progress: String)?
      while let ranking = try await page.rankingStep() {
        let heading = try await page.text("#heading")
        let placement = try await page.placement("#heading")
        #expect(placement.focused, "step \(step) “\(heading)”: the heading has the focus")
        #expect(placement.inViewport, "step \(step) “\(heading)”: the heading is on the screen (\(placement))")
        let turn = try await page.exists("#turn")
        if heading.contains("disagree") && !sawTurn {
          #expect(turn, "the first disagree step says the question has turned")
          #expect(try await page.placement("#turn").inViewport)
          try await page.audit()
          sawTurn = true
        } else {
          #expect(!turn, "“\(heading)”: the turn is said once")
        }
        let progress = try await page.text("#progress-text")
        if step == 0 {
          // One tick too many: refused with the count, and the ticks stay.
          mark = try await page.effort()
          for id in ranking.candidates.prefix(ranking.count + 1) { try await page.tap("label[for='\(id)']") }
          try await page.click("#proceed")
          try await page.waitFor("#error", containing: "Choose \(ranking.count); you chose \(ranking.count + 1).")
          try await page.audit()
          let ticked = try await page.run(
            "return document.querySelectorAll('form.ranking input[name=chosen]:checked').length"
          ).int
          #expect(ticked == ranking.count + 1, "the ticks are kept")
          try await page.tap("label[for='\(ranking.candidates[ranking.count])']")
          try await page.saving("the corrected choice") { try await page.click("#proceed") }
          asides = try await asides + page.effort() - mark
        } else if step == 1, let previous {
          // The browser's Back undoes the last choice: the previous step, as it was, ticks and all.
          mark = try await page.effort()
          try await page.run("history.back()")
          try await page.waitUntil("Back to return to “\(previous.heading)”") {
            try await page.text("#progress-text") == previous.progress
          }
          #expect(try await page.text("#heading") == previous.heading)
          #expect(try await page.placement("#heading").focused)
          try await page.waitFor("#chosen-count", containing: "of")
          let chosen = try await page.text("#chosen-count")
          #expect(
            chosen.range(of: #"^(\d+) of \1 chosen$"#, options: .regularExpression) != nil,
            "the ticks are back: \(chosen)")
          try await page.saving("the same choice again") { try await page.click("#proceed") }
          asides = try await asides + page.effort() - mark
        } else {
          try await page.rankOnce()
        }
        previous = (heading, progress)
        step += 1
      }
      #expect(sawTurn)
      try await page.waitForStep("Your grid")
      try await page.click("#proceed")
      try await page.waitForStep("Comments")

      // Comment prompts quote the statement; Back returns to the grid.
      let labels = try await page.texts(".comment-item label")
      #expect(!labels.isEmpty && labels.allSatisfy { $0.hasPrefix("Your comment on “") }, "\(labels)")
      let comments = try await page.text("main")
      #expect(comments.range(of: #"statement \d"#, options: .regularExpression) == nil, "no statement numbers")
      mark = try await page.effort()
      try await page.run("history.back()")
      try await page.waitForStep("Your grid")
      try await page.click("#proceed")
      try await page.waitForStep("Comments")
      asides = try await asides + page.effort() - mark
      try await page.click("#proceed")
      try await page.waitForStep("Last questions")
      try await page.click("#proceed")
      try await page.waitFor("h1", containing: "Thank you")
      let numbered = try await page.exists("#step-indicator")
      #expect(!numbered, "the thank-you page is no numbered step")
      let effort = try await page.effort() - asides
      print("Effort of the template study's sort at \(viewport.testDescription), welcome to thank-you: \(effort)")
    }
  }

  @Test(
    "taps and scrolling for the whole template study, on a phone and a laptop", arguments: [Viewport.phone, .laptop])
  func effort(_ viewport: Viewport) async throws {
    try await withBrowser { app, page in
      _ = try await Self.invited(app, page)
      try await page.setViewport(width: viewport.width, height: viewport.height)
      let measured = try await page.takePartMeasured()
      let effort = measured.total
      print("Effort of the template study's sort at \(viewport.testDescription): \(measured)")
      let budget = viewport.width < 700 ? Self.phoneBudget : Self.laptopBudget
      #expect(effort.taps <= budget.taps, "taps: \(effort.taps), at most \(budget.taps)")
      #expect(effort.scroll <= budget.scroll, "scrolled \(effort.scroll) px, at most \(budget.scroll)")
    }
  }

  /// What the sort may cost at most (taps, pixels scrolled), from this test's measurements.
  /// Before issue 16: 80 taps and 13,671 px at 360 × 780, 80 taps and 5,637 px at 1280 × 800.
  /// After its first part (pile bar, sticky Place bar): 80 taps, 7,729 px and 3,074 px. After the
  /// sticky Continue on the review and compact ranking steps: 80 taps, 3,633 px and 1,941 px. The
  /// 80 taps are 68 decisions (an answer, a pile, a tick, the consent) and 12 moves on (6 of them
  /// "Place in column …", kept so an over-tick can be fixed before anything moves): the step
  /// output above says where each goes. The scrolling varies by a few hundred pixels with the
  /// random order of the statements (3,633–3,838 px on a phone in three runs), hence the margin;
  /// the budgets keep the gains from slipping back.
  /// Issue 23 (the condition of instruction under the bar on every sorting page, the ranking's
  /// one-line report on a phone): 80 taps, 3,740 → 3,141–3,203 px on a phone; 1,967 → 2,093 px on
  /// a laptop, where the question's line (two lines at 1280 px) pushes each ranking step's last
  /// candidates down a little: the price of keeping the question in view.
  static let phoneBudget = (taps: 80, scroll: 3_900)
  static let laptopBudget = (taps: 80, scroll: 2_350)

  @Test("the researcher's monitor fits a phone without scrolling sideways")
  func monitorOnAPhone() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.fill("#title", "Joint commissioning")
      try await page.click("form[action='/studies'] button[type=submit]")
      try await page.waitFor(path: "/studies/joint-commissioning")
      try await page.setViewport(width: 360, height: 780)
      try await page.open("/studies/joint-commissioning/monitor")
      try await page.waitFor("#monitor")
      let widths = try await page.run(
        """
        const wide = [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
          .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
        return {page: document.documentElement.scrollWidth, viewport: window.innerWidth, wide: wide.slice(0, 8)};
        """)
      let pageWidth = widths["page"]?.int ?? 0
      #expect(
        pageWidth <= widths["viewport"]?.int ?? 0,
        "the monitor is \(pageWidth) px wide at 360 px; too wide: \(widths["wide"]?.description ?? "")")
      try await page.screenshot("monitor", widths: [360])
      try await page.audit()
    }
  }
}
