import Fluent
import Foundation
import QMethod
import Testing
import Vapor

@testable import App

/// The results page's folded PQMethod/KADE tables (cumulative communalities, factor score ranks,
/// the differences of every pair, consensus to disagreement) opened in a real browser: axe clean at
/// 1280 px, and at 360 px the wide tables scroll inside their own box, not the page.
@Suite("Browser: PQMethod/KADE outputs")
struct AnalysisOutputsBrowserTests {
  @Test("the folded tables open, pass axe, and keep the page from scrolling sideways at 360 px")
  func foldedTables() async throws {
    try await withBrowser { app, page in
      try await page.signInAsNewResearcher(app)
      try await page.click("#create-demo")
      try await page.waitFor(path: "/studies/\(AnalysisPagesTests.slug)")
      let study = try #require(
        try await Study.query(on: app.db).filter(\.$slug == AnalysisPagesTests.slug).first())
      var options = AnalysisOptions()
      options.factors = 3
      let (analysis, _) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      try await page.open("\(AnalysisPagesTests.base)/\(try analysis.requireID())")
      try await page.waitFor("#differences-title")
      let opened = try await page.run(
        """
        const folded = [...document.querySelectorAll('details.long-table')];
        folded.forEach(d => d.open = true);
        return folded.map(d => d.id);
        """)
      #expect(
        opened.description.contains("cumulative-communalities") && opened.description.contains("differences-F2-F3"),
        "\(opened.description)")
      #expect(try await page.text("#differences-F1-F2").contains("Descending array of differences"))
      try await page.audit()
      try await page.screenshot("folded-tables")
      try await page.setViewport(width: 360, height: 780)
      let widths = try await page.run(
        """
        const wide = [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
          .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));
        return {page: document.documentElement.scrollWidth, viewport: window.innerWidth, wide: wide.slice(0, 8)};
        """)
      let pageWidth = widths["page"]?.int ?? 0
      #expect(
        pageWidth <= widths["viewport"]?.int ?? 0,
        "the results are \(pageWidth) px wide at 360 px; too wide: \(widths["wide"]?.description ?? "")")
      try await page.audit()
    }
  }
}
