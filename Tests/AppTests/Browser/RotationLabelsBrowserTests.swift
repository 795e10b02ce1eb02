import Foundation
import Testing

@testable import App

/// The walkthrough's defects on LIPSET (33 statements, 9 sorts): the Analyses tab's Factors column
/// was empty for a Horst run left to stop by itself, and the rotation plot wrote its sorts' labels
/// over each other.
@Suite("Browser: rotation labels and factor counts on LIPSET")
struct RotationLabelsBrowserTests {
  /// The point labels of the rotation plot that overlap each other, and how many labels there are.
  static let overlapScript = """
    const svg = document.querySelector('#plot svg');
    const labels = [...svg.querySelectorAll('text')].filter((t) => !t.getAttribute('font-weight'));
    const boxes = labels.map((t) => {
      const b = t.getBBox();
      return { text: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height };
    });
    const overlaps = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) overlaps.push(a.text + '/' + b.text);
    }));
    return { count: boxes.length, overlaps: overlaps.join(', '), labels: boxes.map((b) => b.text).sort().join(',') };
    """

  @Test(
    "Horst on LIPSET: the list shows the 2 factors it settled on; the rotation plot's 9 labels stand clear of each other",
    .enabled(if: HorstBrowserTests.runnable, "../shared/reference/lipset is not on this machine"))
  func lipset() async throws {
    try await withBrowser { app, page in
      try await HorstBrowserTests.importLipset(app, page)
      try await page.open("/studies/lipset/analyses/new")
      try await page.waitFor("#analysis-form")
      try await page.click("#extraction option[value='horst']")
      try await page.click("#run")
      let path = try await page.waitFor(pathMatching: "^/studies/lipset/analyses/[0-9A-F-]{36}$")
      try await page.waitFor("#loadings-title")

      try await page.open("/studies/lipset/analyses")
      try await page.waitFor("table.analyses")
      let cells = try await page.texts("table.analyses tbody tr td.num")
      #expect(cells == ["9", "2"], "Sorts 9, Factors 2 (Horst stopped by itself after 2)")

      try await page.open("\(path)/rotate")
      try await page.waitFor("#plot svg text")
      for step in ["as drawn", "after +5°"] {
        if step != "as drawn" { try await page.click("#turn-plus-5") }
        let found = try await page.run(Self.overlapScript)
        #expect(found["count"]?.int == 9, "every sort labelled (\(step))")
        #expect(found["overlaps"]?.string == "", "no label over another (\(step))")
        #expect(found["labels"]?.string?.split(separator: ",").count == 9)
      }
      try await page.screenshot("rotation-labels-lipset", widths: [1280, 360])
    }
  }
}
