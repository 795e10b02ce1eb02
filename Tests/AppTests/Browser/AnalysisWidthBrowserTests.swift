import Fluent
import Foundation
import QMethod
import Testing
import Vapor

@testable import App

/// No analysis page scrolls sideways on a 360 px phone (issue 25): the results, a factor page, the
/// flags and rotation pages, two analyses compared, "How many factors?", the run form and Sites
/// compared with its second-order tables. Wide tables scroll inside their own box, not the page.
/// The rotation page at 1280 px keeps the plot beside the buttons and in view while turning, and
/// Ctrl+Z / Ctrl+Y undo and redo a turn.
@Suite("Browser: analysis pages at 360 and 1280 px")
struct AnalysisWidthBrowserTests {
  static let slug = "poetq-demo-synthetic-data"

  /// The page's width and how wide its content is, at the window's current width.
  static func widths(_ page: Page) async throws -> (content: Int, window: Int) {
    let value = try await page.run(
      "return {content: document.scrollingElement.scrollWidth, window: window.innerWidth};")
    return (value["content"]?.int ?? -1, value["window"]?.int ?? 0)
  }

  /// The elements wider than the window, for the failure message.
  static func culprits(_ page: Page) async throws -> String {
    let value = try await page.run(
      """
      const scrolls = (e) => {
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
          if (["auto", "scroll", "hidden"].includes(getComputedStyle(a).overflowX)) return true;
        }
        return false;
      };
      const wide = [];
      for (const e of document.body.querySelectorAll("*")) {
        const r = e.getBoundingClientRect();
        if (r.right > window.innerWidth + 1 && !scrolls(e)) {
          const cls = typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : "";
          wide.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + cls + " " + Math.round(r.right));
        }
      }
      return wide.slice(0, 10).join("; ");
      """)
    return value.string ?? ""
  }

  /// The shown captions of tables that scroll in their own box whose words reach past the box (read
  /// only by scrolling the table sideways), each with its right edge and the box's.
  static let clippedCaptions = """
    const cut = [];
    for (const caption of document.querySelectorAll(".table-scroll caption")) {
      if (caption.classList.contains("visually-hidden")) continue;
      const box = caption.closest(".table-scroll").getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(caption);
      const words = range.getBoundingClientRect();
      if (words.width > 0 && (words.right > box.right + 1 || words.left < box.left - 1)) {
        cut.push(caption.textContent.trim().slice(0, 40) + " " + Math.round(words.right) + " > " + Math.round(box.right));
      }
    }
    return cut.join("; ");
    """

  /// Presses Ctrl with `key` held together, as a keyboard shortcut.
  static func chord(_ page: Page, control key: String) async throws {
    try await page.settled()
    let control = "\u{E009}"
    let actions: [JSONValue] = [
      ["type": "keyDown", "value": .string(control)], ["type": "keyDown", "value": .string(key)],
      ["type": "keyUp", "value": .string(key)], ["type": "keyUp", "value": .string(control)],
    ]
    _ = try await page.session.command(
      "POST", "/actions", ["actions": [["type": "key", "id": "keyboard", "actions": .array(actions)]]])
    _ = try await page.session.command("DELETE", "/actions")
  }

  @Test("every analysis page fits a 360 px phone; the rotation plot stays beside the buttons at 1280 px")
  func widths() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/\(Self.slug)")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first())
      var options = AnalysisOptions()
      options.factors = 5
      let (five, _) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      options.factors = 4
      let (four, _) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let base = "/studies/\(Self.slug)/analyses/\(try five.requireID())"

      // Sites compared with its local analyses run, so the second-order tables are there.
      let compare = "/studies/\(Self.slug)/compare?aggregate=\(try five.requireID())"
      try await page.open(compare)
      try await page.waitFor("form[action$='/compare/local'] button[type=submit]")
      try await page.click("form[action$='/compare/local'] button[type=submit]")
      try await page.waitFor(".flash", containing: "Local analyses queued")
      try await SitesComparedBrowserTests.reload(page, compare, until: "#table-20")

      // The rotation page at 1280 px: the plot beside the buttons, still in view after scrolling to
      // the table; Ctrl+Z and Ctrl+Y undo and redo a turn.
      try await page.open("\(base)/rotate")
      try await page.waitFor("#rotation-table tbody tr")
      let layout = try await page.run(
        """
        const plot = document.getElementById("plot").getBoundingClientRect();
        const buttons = document.querySelector(".rotate-buttons").getBoundingClientRect();
        return {plotLeft: plot.left, buttonsRight: buttons.right, plotTop: plot.top, buttonsBottom: buttons.bottom,
          label: parseFloat(getComputedStyle(document.querySelector("#plot svg text")).fontSize)
            * document.querySelector("#plot svg").getBoundingClientRect().width / 480};
        """)
      #expect(
        (layout["plotLeft"]?.double ?? 0) >= (layout["buttonsRight"]?.double ?? .infinity),
        "the plot is beside the buttons: \(layout)")
      #expect((layout["label"]?.double ?? 0) >= 11, "sort labels are at least 11 px on screen: \(layout)")
      try await page.run("document.getElementById('rotation-table').scrollIntoView({block: 'end'});")
      let scrolled = try await page.run(
        """
        const r = document.getElementById("plot").getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, height: window.innerHeight, scrollY: window.scrollY};
        """)
      #expect((scrolled["scrollY"]?.double ?? 0) > 0, "the page scrolled: \(scrolled)")
      #expect(
        (scrolled["top"]?.double ?? -1) >= 0
          && (scrolled["top"]?.double ?? .infinity) < (scrolled["height"]?.double ?? 0),
        "the plot stays in view: \(scrolled)")
      let before = try await AnalysesBrowserTests.firstRow(page)
      try await page.click("#turn-plus-5")
      try await page.waitFor("#rotation-summary", containing: "1 step")
      let turned = try await AnalysesBrowserTests.firstRow(page)
      try await page.click("#rotation-summary")
      try await Self.chord(page, control: "z")
      try await page.waitFor("#rotation-summary", containing: "No rotation yet")
      #expect(try await AnalysesBrowserTests.firstRow(page) == before, "Ctrl+Z undoes the turn")
      try await Self.chord(page, control: "y")
      try await page.waitFor("#rotation-summary", containing: "1 step")
      #expect(try await AnalysesBrowserTests.firstRow(page) == turned, "Ctrl+Y turns it again")
      try await page.screenshot("rotate", widths: [1280])
      try await page.audit()

      // Every analysis page at 360 px.
      let pages = [
        "/studies/\(Self.slug)/analyses", "/studies/\(Self.slug)/analyses/new", base, "\(base)/factors/1",
        "\(base)/flags", "\(base)/rotate", "\(base)/compare?with=\(try four.requireID())",
        "/studies/\(Self.slug)/analyses/factor-count", compare,
      ]
      try await page.session.setWindowRect(width: 360, height: 800)
      var wide: [String] = []
      var clipped: [String] = []
      for path in pages {
        try await page.open(path)
        _ = try await page.waitFor("h1")
        if path.hasSuffix("factor-count") { _ = try await page.waitFor("#solution-card-5") }
        try await page.settled()
        let (content, window) = try await Self.widths(page)
        #expect(window == 360, "the window is 360 px wide on \(path)")
        if content > window { wide.append("\(path): \(content) px — \(try await Self.culprits(page))") }
        if let cut = try await page.run(Self.clippedCaptions).string, !cut.isEmpty { clipped.append("\(path): \(cut)") }
      }
      try await page.session.setWindowRect(width: 1280, height: 900)
      #expect(wide.isEmpty, "pages wider than 360 px:\n\(wide.joined(separator: "\n"))")
      #expect(clipped.isEmpty, "captions cut off by their table's scroll box:\n\(clipped.joined(separator: "\n"))")
    }
  }
}

extension JSONValue {
  /// A number a script returned.
  fileprivate var double: Double? {
    if case .number(let value) = self { return value }
    return nil
  }
}
