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

  /// Clicks `selector` as a thumb would: scrolled into view first, to the middle of the screen when
  /// a bar fixed at the bottom (the ranking's "Place" bar) would cover it where WebDriver scrolls.
  func tap(_ selector: String) async throws {
    try await run(
      """
      const e = document.querySelector(arguments[0]);
      e.scrollIntoView({block: "nearest"});
      const r = e.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !e.contains(hit)) e.scrollIntoView({block: "center"});
      """, [.string(selector)])
    try await click(selector)
  }

  /// Two taps on `selector`, `milliseconds` apart, at the same spot (the middle of where it was at
  /// the first): a quick double tap, as a thumb makes it, in one WebDriver action so the gap is
  /// exact. Whatever is under that spot at the second tap receives it.
  func twoTaps(_ selector: String, apart milliseconds: Int) async throws {
    try await settled()
    let element = try await find(selector)
    let tap: [JSONValue] = [["type": "pointerDown", "button": 0], ["type": "pointerUp", "button": 0]]
    let move: JSONValue = ["type": "pointerMove", "duration": 0, "origin": element.reference, "x": 0, "y": 0]
    let pause: JSONValue = ["type": "pause", "duration": .number(Double(milliseconds))]
    try await session.command(
      "POST", "/actions",
      [
        "actions": [
          [
            "type": "pointer", "id": "thumb", "parameters": ["pointerType": "mouse"],
            "actions": .array([move] + tap + [pause] + tap),
          ]
        ]
      ])
    try await session.command("DELETE", "/actions")
  }

  /// Waits until the page has no request in flight and no statement settling: every tap made so
  /// far has had its effect (a tap's request starts as the tap is handled).
  func quiet() async throws {
    try await waitUntil("the page to be quiet") {
      try await run(
        "return !document.body.classList.contains('busy') && !document.body.classList.contains('settling')"
      ).bool ?? false
    }
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
          try await tap("label[for='\(id)']")
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
    var other = Page(session: fresh, baseURL: baseURL, test: test + "-fresh")
    other.looks = looks
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

  // MARK: - Viewports and effort

  /// Sizes the window so the page's viewport is `width` × `height` CSS pixels (a 360 × 780 phone,
  /// a 1280 × 800 laptop).
  func setViewport(width: Int, height: Int) async throws {
    try await session.setWindowRect(width: width, height: height)
    for _ in 0..<10 {
      let inner = try await run("return {w: window.innerWidth, h: window.innerHeight}")
      let extraWidth = width - (inner["w"]?.int ?? width)
      let extraHeight = height - (inner["h"]?.int ?? height)
      if extraWidth == 0 && extraHeight == 0 { return }
      // Right after a resize the page may still report its old size (a screenshot's full page):
      // the window's frame is never that large, so measure again instead of resizing by it.
      guard abs(extraWidth) < 200 && abs(extraHeight) < 300 else {
        try await Task.sleep(for: .milliseconds(100))
        continue
      }
      try await session.setWindowRect(width: width + extraWidth, height: height + extraHeight)
    }
  }

  /// Starts counting, on the current document, what a participant spends: taps (pointer presses),
  /// key presses, and the distance scrolled down (scrolling back up to a heading costs nothing:
  /// the page does it). The counts live in the tab's session storage, so they carry over a real
  /// navigation; call again after one.
  func startMeter() async throws {
    try await run(
      """
      if (window.poetqMeter) return;
      window.poetqMeter = true;
      const read = () => JSON.parse(sessionStorage.getItem("poetq-meter") || '{"taps":0,"keys":0,"scroll":0}');
      const add = (field, amount) => {
        const meter = read();
        meter[field] += amount;
        sessionStorage.setItem("poetq-meter", JSON.stringify(meter));
      };
      let last = window.scrollY;
      document.addEventListener("pointerdown", () => add("taps", 1), true);
      document.addEventListener("keydown", () => add("keys", 1), true);
      window.addEventListener("scroll", () => {
        const moved = window.scrollY - last;
        last = window.scrollY;
        if (moved > 0) add("scroll", moved);
      }, {passive: true});
      """)
  }

  /// What the meter has counted so far.
  struct Effort: Sendable, Equatable, CustomStringConvertible {
    var taps = 0
    var keys = 0
    var scroll = 0

    static func - (lhs: Effort, rhs: Effort) -> Effort {
      Effort(taps: lhs.taps - rhs.taps, keys: lhs.keys - rhs.keys, scroll: lhs.scroll - rhs.scroll)
    }

    static func + (lhs: Effort, rhs: Effort) -> Effort {
      Effort(taps: lhs.taps + rhs.taps, keys: lhs.keys + rhs.keys, scroll: lhs.scroll + rhs.scroll)
    }

    var description: String { "\(taps) taps, \(keys) key presses, \(scroll) px scrolled" }
  }

  func effort() async throws -> Effort {
    let value = try await run(
      "return JSON.parse(sessionStorage.getItem('poetq-meter') || '{\"taps\":0,\"keys\":0,\"scroll\":0}')")
    return Effort(
      taps: value["taps"]?.int ?? 0, keys: value["keys"]?.int ?? 0,
      scroll: Int((value["scroll"]?.doubleValue ?? 0).rounded()))
  }

  /// Where an element is in the viewport: its top and bottom (CSS pixels), the viewport's height,
  /// and whether it has the focus.
  struct Placement: Sendable {
    var top: Double
    var bottom: Double
    var viewport: Double
    var focused: Bool

    /// Within the viewport, give or take a pixel (layout in fractions of a pixel).
    var inViewport: Bool { top >= -1 && bottom <= viewport + 1 }
  }

  func placement(_ selector: String) async throws -> Placement {
    let value = try await run(
      """
      const e = document.querySelector(arguments[0]);
      if (!e) return null;
      const r = e.getBoundingClientRect();
      return {top: r.top, bottom: r.bottom, viewport: window.innerHeight, focused: document.activeElement === e};
      """, [.string(selector)])
    return Placement(
      top: value["top"]?.doubleValue ?? -1, bottom: value["bottom"]?.doubleValue ?? -1,
      viewport: value["viewport"]?.doubleValue ?? 0, focused: value["focused"]?.bool ?? false)
  }

  /// What the whole sort cost, and each step's share of it.
  struct MeasuredSort: Sendable, CustomStringConvertible {
    var total = Effort()
    var steps: [(step: String, effort: Effort)] = []

    var description: String {
      "\(total)\n" + steps.map { "  \($0.step): \($0.effort)" }.joined(separator: "\n")
    }
  }

  /// Sorts the whole template study the shortest way a participant can (every statement to a pile,
  /// every ranking step, then on through the review, the comments and the last questions) and
  /// returns the effort, counted from the welcome page, step by step.
  func takePartMeasured() async throws -> MeasuredSort {
    var measured = MeasuredSort()
    var mark = Effort()
    func step(_ name: String) async throws {
      let now = try await effort()
      measured.steps.append((name, now - mark))
      mark = now
    }
    try await startMeter()
    try await click("#proceed")
    try await waitFor("#agree")
    try await step("welcome")
    try await startMeter()
    try await click("#agree")
    try await waitForStep("About you")
    try await step("consent")
    try await answerQuestions()
    try await click("#proceed")
    try await waitForStep("First impressions")
    try await step("questions before")
    try await presortAll(agree: 15, neutral: 10)
    try await click("#proceed")
    try await waitForStep("Ranking")
    try await step("presort")
    var choice = 0
    while let ranking = try await rankingStep() {
      try await rankOnce()
      choice += 1
      try await step("ranking \(choice) (choose \(ranking.count) of \(ranking.candidates.count))")
    }
    try await waitForStep("Your grid")
    try await click("#proceed")
    try await waitForStep("Comments")
    try await step("review")
    try await click("#proceed")
    try await waitForStep("Last questions")
    try await step("comments")
    try await click("#proceed")
    try await waitFor("h1", containing: "Thank you")
    try await step("questions after")
    measured.total = try await effort()
    return measured
  }
}

extension JSONValue {
  /// The number, fractions kept (``int`` drops them).
  fileprivate var doubleValue: Double? {
    if case .number(let value) = self { return value }
    return nil
  }
}
