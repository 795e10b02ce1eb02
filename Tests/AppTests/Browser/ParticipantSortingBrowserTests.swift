import Fluent
import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// What the sort measures: the question in view on every sorting page, no statement filed that
/// the participant never saw, Back and Forward that do what they say, and a server error said
/// with its reference instead of retried for ever. At 360 and 1280 px, on SQLite and PostgreSQL.
@Suite("Browser: sorting what the study asks")
struct ParticipantSortingBrowserTests {
  typealias Viewport = ParticipantBrowserTests.Viewport

  /// The template study's condition of instruction, as the participant pages show it.
  static let question = "What do you think joint commissioning should achieve?"

  /// Welcome → consent → questions → the first statement of the presort, at `viewport`.
  static func toPresort(_ app: Application, _ page: Page, _ viewport: Viewport, grid: Bool = false) async throws
    -> ParticipantClient
  {
    let participant = try await ParticipantBrowserTests.invited(app, page) { if grid { $0.sortMode = .grid } }
    try await page.setViewport(width: viewport.width, height: viewport.height)
    try await page.click("#proceed")
    try await page.waitFor("#agree")
    try await page.click("#agree")
    try await page.waitForStep("About you")
    try await page.answerQuestions()
    try await page.click("#proceed")
    try await page.waitForStep("First impressions")
    return participant
  }

  /// Checks the condition of instruction is under the bar: on a phone two lines at most until
  /// opened, then whole; on a laptop whole.
  static func expectInstruction(_ page: Page, _ viewport: Viewport, on step: String) async throws {
    let text = try await page.run("return document.getElementById('instruction-text')?.textContent ?? ''").string ?? ""
    #expect(text.contains(Self.question), "\(step): the question is on the page: “\(text)”")
    let box = try await page.placement("#instruction")
    #expect(box.inViewport, "\(step): the question is on the first screen: \(box)")
    let lines =
      try await page.run(
        """
        const t = document.getElementById('instruction-text');
        return Math.round(t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight));
        """
      ).int ?? 0
    if viewport.width < 700 {
      #expect(lines <= 2, "\(step): the question takes \(lines) lines of a phone until opened")
    } else {
      #expect(
        try await page.run(
          "return document.getElementById('instruction-text').scrollHeight <= document.getElementById('instruction-text').clientHeight + 1"
        ).bool == true, "\(step): the whole question shows on a laptop")
    }
  }

  @Test(
    "the condition of instruction is in view on the welcome and every sorting page",
    arguments: [Viewport.phone, .laptop])
  func instructionInView(_ viewport: Viewport) async throws {
    try await withBrowser { app, page in
      _ = try await ParticipantBrowserTests.invited(app, page)
      try await page.setViewport(width: viewport.width, height: viewport.height)
      try await Self.expectInstruction(page, viewport, on: "welcome")
      #expect(try await page.texts("header .study-name").isEmpty, "the welcome's title is said once, as its heading")
      try await page.click("#proceed")
      try await page.waitFor("#agree")
      #expect(!(try await page.exists("#instruction")), "not on the consent page")
      try await page.click("#agree")
      try await page.waitForStep("About you")
      #expect(!(try await page.exists("#instruction")), "not on the questions")
      try await page.answerQuestions()
      try await page.click("#proceed")
      try await page.waitForStep("First impressions")
      try await Self.expectInstruction(page, viewport, on: "presort")
      if viewport.width < 700 {
        // Opened with a tap, it shows the whole question, and stays open from statement to statement.
        try await page.click("#instruction summary")
        let whole = try await page.run(
          "const t = document.getElementById('instruction-text'); return t.scrollHeight <= t.clientHeight + 1"
        ).bool
        #expect(whole == true, "opened, the whole question shows")
        try await page.screenshot("instruction-open", widths: [360])
        try await page.setViewport(width: viewport.width, height: viewport.height)
      }
      try await page.audit()
      try await page.presortAll(agree: 15, neutral: 10)
      if viewport.width < 700 {
        #expect(try await page.run("return document.querySelector('#instruction details').open").bool == true)
        try await page.click("#instruction summary")
      }
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")
      try await Self.expectInstruction(page, viewport, on: "ranking")
      try await page.rankOnce()
      try await Self.expectInstruction(page, viewport, on: "the second ranking step")
      try await page.rankAll()
      try await page.waitForStep("Your grid")
      try await Self.expectInstruction(page, viewport, on: "review")
      try await page.audit()
      try await page.click("#proceed")
      try await page.waitForStep("Comments")
      #expect(!(try await page.exists("#instruction")), "not on the comments")
    }
  }

  @Test(
    "two taps 120 ms apart sort one statement in the presort and place one in the grid",
    arguments: [Viewport.phone, .laptop])
  func quickDoubleTap(_ viewport: Viewport) async throws {
    try await withBrowser { app, page in
      let participant = try await Self.toPresort(app, page, viewport, grid: true)
      for round in 1...3 {
        let statement = try #require(try await page.presortStatement())
        let before = try #require(try await participant.response(on: app.db)).revision
        try await page.twoTaps("#pile-agree", apart: 120)
        try await page.quiet()
        let stored = try #require(try await participant.response(on: app.db))
        let presort = try JSONDecoder().decode([Int: PresortPile].self, from: Data(stored.presort.utf8))
        #expect(stored.revision == before + 1, "round \(round): one statement sorted, not two")
        #expect(presort.count == round && presort[statement] == .agree)
      }
      #expect(
        try await page.placement("#undo").bottom <= (try await page.placement(".pile-buttons").top) + 1,
        "Undo is above the pile buttons")
      try await page.presortAll(agree: 11, neutral: 12)
      try await page.click("#proceed")
      try await page.waitForStep("Placing")
      try await page.setViewport(width: viewport.width, height: viewport.height)
      for round in 1...3 {
        let selected = try #require(try await page.attribute("#choose-column input[name=statement]", "value"))
        let before = try #require(try await participant.response(on: app.db)).revision
        try await page.twoTaps("#to-col-p0", apart: 120)
        try await page.quiet()
        let stored = try #require(try await participant.response(on: app.db))
        let placements = try JSONDecoder().decode([Int: Int].self, from: Data(stored.placements.utf8))
        #expect(stored.revision == before + 1, "round \(round): one statement placed, not two")
        #expect(placements.count == round && placements[Int(selected) ?? 0] == 0)
      }
      try await page.screenshot("placing-settled", widths: [viewport.width])
    }
  }

  @Test(
    "Back in the ranking is one undo step and brings the ticks back; Forward undoes nothing",
    arguments: [Viewport.phone, .laptop])
  func backAndForward(_ viewport: Viewport) async throws {
    try await withBrowser { app, page in
      let participant = try await Self.toPresort(app, page, viewport)
      try await page.presortAll(agree: 15, neutral: 10)
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")
      try await page.rankOnce()
      let second = try await page.text("#heading")
      let secondProgress = try await page.text("#progress-text")
      let secondStep = try #require(try await page.rankingStep())
      let chosen = Array(secondStep.candidates.prefix(secondStep.count))
      try await page.rankOnce()
      let third = try await page.text("#progress-text")
      let revision = try #require(try await participant.response(on: app.db)).revision

      try await page.run("history.back()")
      try await page.waitUntil("Back to return to “\(second)”") {
        try await page.text("#progress-text") == secondProgress
      }
      #expect(try await page.text("#heading") == second)
      let ticked =
        try await page.run(
          "return [...document.querySelectorAll('form.ranking input[name=chosen]:checked')].map(e => e.id)"
        ).array?.compactMap(\.string) ?? []
      #expect(ticked == chosen, "the undone step comes back with its ticks")
      #expect(try await participant.response(on: app.db)?.revision == revision + 1, "one step undone")
      try await page.screenshot("ranking-back-ticks", widths: [viewport.width])
      try await page.setViewport(width: viewport.width, height: viewport.height)

      try await page.run("history.forward()")
      try await page.quiet()
      #expect(try await page.text("#progress-text") == secondProgress, "Forward undid nothing")
      #expect(try await participant.response(on: app.db)?.revision == revision + 1, "nothing saved by Forward")

      // The ticks are there: one tap places them again.
      try await page.saving("the choice again") { try await page.click("#proceed") }
      #expect(try await page.text("#progress-text") == third)
      try await page.run("history.back()")
      try await page.waitUntil("Back again") { try await page.text("#progress-text") == secondProgress }
    }
  }

  @Test("on a phone the ranking says what the last choice placed in one line, and candidates show on arrival")
  func rankingReportOnAPhone() async throws {
    try await withBrowser { app, page in
      _ = try await Self.toPresort(app, page, .phone)
      try await page.presortAll(agree: 15, neutral: 10)
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")
      var step = 0
      while let ranking = try await page.rankingStep() {
        let first = try await page.placement("label[for='\(ranking.candidates[0])']")
        #expect(first.top < first.viewport - 100, "step \(step): a candidate is on the first screen: \(first)")
        if step > 0 {
          let summary = try await page.text(".placed-compact summary")
          #expect(
            summary.range(of: #"^\d+ statements? placed in [+-]?\d"#, options: .regularExpression) != nil, "\(summary)")
          let line = try await page.placement(".placed-report")
          #expect(line.bottom - line.top < 60, "step \(step): the report is one line: \(line)")
          #expect(try await page.exists(".placed-report #undo"), "Undo is beside it")
        }
        if step == 1 {
          try await page.screenshot("ranking-report", widths: [360])
          try await page.setViewport(width: 360, height: 780)
        }
        try await page.rankOnce()
        step += 1
      }
    }
  }

  @Test(
    "review on a phone and a laptop: Continue within 5 Tabs; after a selection, what to do and Cancel beside the card",
    arguments: [Viewport.phone, .laptop])
  func reviewReach(_ viewport: Viewport) async throws {
    try await withBrowser { app, page in
      _ = try await Self.toPresort(app, page, viewport)
      try await page.presortAll(agree: 15, neutral: 10)
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")
      try await page.rankAll()
      try await page.waitForStep("Your grid")
      // Loaded whole (a resumed link), the page starts at its top: Continue is a few Tabs away.
      try await page.open(try await page.path())
      try await page.waitFor("#proceed")
      let tabs = try await page.tab(to: "#proceed", limit: 5)
      print("Tabs to Continue on the review at \(viewport.testDescription): \(tabs)")
      let proceed = try await page.placement("#proceed")
      #expect(proceed.inViewport, "Continue is on the screen: \(proceed)")

      let top = try await page.statements(inColumn: 4)
      try await page.click("#s\(top[0])")
      try await page.waitFor("#selection")
      if viewport.width < 700 {
        let card = try await page.placement("#s\(top[0])")
        let help = try await page.placement("#swap-here")
        #expect(help.top >= card.bottom - 1 && help.top - card.bottom < 40, "beside the card: \(card) \(help)")
        #expect(try await page.text("#swap-here").contains("Cancel the selection"))
      } else {
        #expect(try await page.text("#selection").contains("Now select the statement to swap it with"))
      }
      try await page.waitUntil("the selection to be said") {
        let spoken = try await page.run("return document.getElementById('announcer').textContent").string ?? ""
        return spoken.contains("Selected: “")
      }
      try await page.audit()
      try await page.screenshot("review-selected-card", widths: [viewport.width])
    }
  }

  @Test("a server error is said at once with its reference, not retried; trying again submits the sort")
  func serverErrorSaid() async throws {
    try await withBrowser { app, page in
      let participant = try await Self.toPresort(app, page, .laptop)
      try await page.presortAll(agree: 15, neutral: 10)
      try await page.click("#proceed")
      try await page.waitForStep("Ranking")
      try await page.rankAll()
      try await page.waitForStep("Your grid")
      try await page.click("#proceed")
      try await page.waitForStep("Comments")
      try await page.click("#proceed")
      try await page.waitForStep("Last questions")
      let failing = ParticipantCountedTests.FailingCompletion()
      app.databases.middleware.use(failing)
      try await page.click("#proceed")
      try await page.waitFor("#connection", containing: "reference")
      let banner = try await page.text("#connection")
      #expect(banner.range(of: #"reference: [A-Za-z0-9_-]{6,}\."#, options: .regularExpression) != nil, "\(banner)")
      #expect(!banner.contains("Connection lost"), "not taken for a lost connection: \(banner)")
      try await page.quiet()
      #expect(try await participant.response(on: app.db)?.stage == "questions_after", "nothing half saved")
      try await page.screenshot("server-error", widths: [360])

      failing.armed.withLockedValue { $0 = false }
      try await page.click("#proceed")
      try await page.waitFor("h1", containing: "Thank you")
      #expect(try await participant.participant(on: app.db).status == .completed)
    }
  }
}
