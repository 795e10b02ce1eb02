import Foundation
import Testing

/// The participant's steps as a person takes them in the browser. The participant's script
/// replaces pages in place, so every step waits for what it changed (a new revision, a new step),
/// never for a navigation.
extension Page {
  /// Waits until the step indicator names `stage` ("First impressions", "Your grid").
  func waitForStep(_ stage: String) async throws { try await waitFor("#step-indicator", containing: stage) }

  /// The revision the page was rendered at, or nil on a page without one (welcome, thank-you).
  func revision() async throws -> Int? {
    try await run("const f = document.querySelector('#main input[name=revision]'); return f ? f.value : null")
      .string.flatMap(Int.init)
  }

  /// Runs `act` (a click, a key) and waits until the server has saved it: the page shows a newer
  /// revision, or none because the flow moved past the saved steps.
  func saving(_ what: String, _ act: () async throws -> Void) async throws {
    let before = try await revision()
    try await act()
    try await waitUntil("\(what) to be saved (page revision \(before.map(String.init) ?? "none"))") {
      let now = try await revision()
      let busy = try await run("return document.body.classList.contains('busy')").bool ?? false
      return now != before && !busy
    }
  }

  /// Presses Enter on `selector`, tabbing to it first unless it already has focus.
  func activate(_ selector: String, tabLimit: Int = 80) async throws {
    let focused = try await run("return document.activeElement.matches(arguments[0])", [.string(selector)]).bool
    if focused != true { try await tab(to: selector, limit: tabLimit) }
    try await press(.enter)
  }

  /// The statement the presort shows, or nil once all are sorted.
  func presortStatement() async throws -> Int? {
    try await run("const f = document.querySelector('#main input[name=statement]'); return f ? f.value : null")
      .string.flatMap(Int.init)
  }

  /// Sorts every statement: the first `agree` to Agree, the next `neutral` to Neutral, the rest to
  /// Disagree, by clicking the pile buttons or (`byKeys`) pressing 1, 2 and 3. Returns the
  /// statements in the order they were shown.
  @discardableResult
  func presortAll(agree: Int, neutral: Int, byKeys: Bool = false) async throws -> [Int] {
    var shown: [Int] = []
    while let statement = try await presortStatement() {
      let pile = shown.count < agree ? "agree" : shown.count < agree + neutral ? "neutral" : "disagree"
      let key = ["disagree": "1", "neutral": "2", "agree": "3"][pile]!
      try await saving("statement \(statement) into \(pile)") {
        if byKeys { try await type(key) } else { try await click("#pile-\(pile)") }
      }
      shown.append(statement)
    }
    return shown
  }

  /// The ids of the ranking's candidates, in page order, and how many to choose; nil off the ranking.
  func rankingStep() async throws -> (candidates: [String], count: Int)? {
    guard try await exists("form.ranking") else { return nil }
    let ids =
      try await run(
        "return [...document.querySelectorAll('form.ranking input[name=chosen]')].map(e => e.id)"
      ).array?.compactMap(\.string) ?? []
    let count = Int(try await attribute("form.ranking", "data-count") ?? "") ?? 0
    return (ids, count)
  }

  /// Makes one choice of the stepwise ranking: ticks the first candidates (by clicking, or with Tab
  /// and Space) and places them.
  func rankOnce(byKeyboard: Bool = false) async throws {
    let step = try #require(try await rankingStep(), "on a ranking step")
    try await saving("the choice of \(step.count)") {
      for id in step.candidates.prefix(step.count) {
        if byKeyboard {
          try await tab(to: "#\(id)")
          try await press(.space)
        } else {
          try await click("label[for='\(id)']")
        }
      }
      try await waitFor("#chosen-count", containing: "\(step.count) of \(step.count) chosen")
      if byKeyboard { try await activate("#proceed") } else { try await click("#proceed") }
    }
  }

  /// Makes every choice of the stepwise ranking until the review.
  func rankAll(byKeyboard: Bool = false) async throws {
    while try await rankingStep() != nil { try await rankOnce(byKeyboard: byKeyboard) }
  }

  /// The statement numbers in the grid's column `score`, top to bottom.
  func statements(inColumn score: Int) async throws -> [Int] {
    try await run(
      "return [...document.querySelectorAll(`.qcolumn[data-score='${arguments[0]}'] .qcard`)].map(e => e.dataset.statement)",
      [.number(Double(score))]
    ).array?.compactMap { $0.string.flatMap(Int.init) } ?? []
  }

  /// Drags the card of `statement` onto `target` with the browser's drag-and-drop events (WebDriver's
  /// pointer actions do not start an HTML drag in Chromium, so the events are dispatched as a mouse
  /// drag would fire them).
  func drag(statement: Int, onto target: String) async throws {
    try await run(
      """
      const card = document.querySelector(`.qcard[data-statement='${arguments[0]}']`);
      const target = document.querySelector(arguments[1]);
      const data = new DataTransfer();
      const fire = (element, type) => element.dispatchEvent(
        new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
      fire(card, "dragstart");
      fire(target, "dragover");
      fire(target, "drop");
      """, [.number(Double(statement)), .string(target)])
  }

  /// Answers the questions on the page: `text` into every text field, the first option of every
  /// choice; then continues.
  func answerQuestions(text: String = "Practice nurse") async throws {
    let fields =
      try await run(
        """
        return [...document.querySelectorAll('#main .question')].map(q => {
          const option = q.querySelector('input[type=radio], input[type=checkbox]');
          if (option) return '#' + option.id;
          const field = q.querySelector('input, textarea');
          return field ? '!' + field.id : null;
        }).filter(Boolean);
        """
      ).array?.compactMap(\.string) ?? []
    for field in fields {
      if field.hasPrefix("!") {
        try await fill("#" + field.dropFirst(), text)
      } else {
        try await click("label[for='\(field.dropFirst())']")
      }
    }
  }

  /// Opens another headless Chromium with a fresh profile (no cookies, no storage) on the same
  /// server, runs `body` with it and closes it: the participant on another device.
  func withFreshProfile(_ body: (Page) async throws -> Void) async throws {
    let tools = try #require(BrowserTools.locate(), "chromium is there: this page runs in it")
    let fresh = try await WebDriverSession.create(client: self.session.client, browser: tools.chromium)
    let other = Page(session: fresh, baseURL: baseURL, test: test + "-fresh")
    do {
      try await body(other)
    } catch {
      try? await fresh.delete()
      throw error
    }
    try await fresh.delete()
  }

  /// Takes the browser off the network, or puts it back (Chromium's network emulation: requests
  /// fail as they would with no connection).
  func setOffline(_ offline: Bool) async throws {
    try await session.command(
      "POST", "/chromium/network_conditions",
      [
        "network_conditions": [
          "offline": .bool(offline), "latency": 0, "download_throughput": -1, "upload_throughput": -1,
        ]
      ])
  }

  /// Bytes of the current page and everything it loaded (the document, styles, scripts), as sent
  /// over the wire (the Resource Timing API's encoded body sizes, counted even when cached).
  func transferSize() async throws -> Int {
    try await run(
      """
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      return entries.reduce((sum, e) => sum + (e.encodedBodySize || 0), 0);
      """
    ).int ?? 0
  }
}
