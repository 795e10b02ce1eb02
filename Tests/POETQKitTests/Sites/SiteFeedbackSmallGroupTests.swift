import Foundation
import QMethod
import Testing

@testable import POETQKit

/// Site reports read out in a workshop must not point at anyone: a viewpoint held by fewer people at
/// the site than the smallest group reported is neither described, counted nor quoted as the site's.
@Suite("Site feedback protects small groups")
struct SiteFeedbackSmallGroupTests {
  static func feedback(_ site: String, smallest: Int) -> SiteFeedback {
    SiteFeedback.make(
      site: site, studyTitle: SiteFeedbackTests.template.title, comparison: SiteFeedbackTests.comparison,
      statements: SiteFeedbackTests.template.statements, sorts: SiteFeedbackTests.sorts.map(SortMetadata.init),
      ratings: SiteFeedbackTests.ratings, smallestGroup: smallest)
  }

  @Test("a viewpoint held by fewer than 3 at a site: no heading, count or quote; merged into “Other views here”")
  func smallViewpointsLeaveNoTrace() throws {
    var sawSmall = false
    for site in SiteFeedbackTests.template.sites {
      let everyone = Self.feedback(site, smallest: 1)
      let protected = Self.feedback(site, smallest: 3)
      let html = SiteFeedbackHTML.render(protected).replacing(/<style>[\s\S]*?<\/style>/, with: "")
      let docx = try SiteFeedbackTests.documentText(try SiteFeedbackDOCX.data(protected))
      let small = everyone.viewpoints.filter { $0.people < 3 }
      sawSmall = sawSmall || !small.isEmpty
      #expect(protected.viewpoints.allSatisfy { $0.people >= 3 })
      #expect(protected.viewpoints.count == everyone.viewpoints.count - small.count)
      for viewpoint in small {
        for quote in viewpoint.quotes {
          // Every comment ends with its sort's tag; one also quoted for a reported viewpoint may stay.
          let tag = String(quote.text.suffix(8))
          let alsoReported = protected.viewpoints.contains { $0.quotes.contains { $0.text.hasSuffix(tag) } }
          if !alsoReported { #expect(!html.contains(tag) && !docx.contains(tag), "\(site): \(tag)") }
        }
      }
      for text in [html, docx] {
        #expect(!text.contains("Held by 1 of the") && !text.contains("Held by 2 of the"), "\(site): no count under 3")
        #expect(!text.contains("fit none"), "\(site): no count of the unmatched")
      }
      if !small.isEmpty || protected.holdingNone > 0 {
        #expect(html.contains("<h3>Other views here</h3>") && docx.contains("Other views here"), "\(site)")
      }
      // Numbered 1…n in the order shown, the origin as a label.
      #expect(protected.viewpoints.map(\.number) == protected.viewpoints.indices.map { $0 + 1 })
      for viewpoint in protected.viewpoints {
        #expect(viewpoint.title.hasPrefix("Viewpoint \(viewpoint.number)"))
        #expect(html.contains("<p class=\"origin\">\(HTMLWriter.escape(viewpoint.origin))</p>"))
        // Each quote with the placement: "strongly agreed, +4".
        for quote in viewpoint.quotes {
          #expect(quote.placement.contains("agreed") && quote.placement.contains(ReportFormat.score(quote.score)))
          #expect(html.contains("a participant at this site (\(quote.placement)), on"))
        }
      }
    }
    #expect(sawSmall, "the demo has a viewpoint held by one or two people at some site")
  }

  @Test(
    "placements in words",
    arguments: [
      (4, "strongly agreed, +4"), (3, "agreed, +3"), (-2, "somewhat disagreed, −2"), (0, "was neutral, 0"),
      (-4, "strongly disagreed, −4"),
    ])
  func placement(score: Int, words: String) {
    #expect(SiteFeedback.placement(score, extreme: 4) == words)
  }

  @Test("ratings: a question with a count below the smallest group shows none of its counts, only its mean")
  func ratingsCannotBeWorkedOut() {
    // The walkthrough's row: 10 answered, one person chose the second answer; with the total and the
    // mean printed, hiding one or two counts would still give them away.
    #expect(SiteFeedbackText.shownCounts([0, 1, 4, 5, 0], smallestGroup: 3) == [nil, nil, nil, nil, nil])
    #expect(SiteFeedbackText.shownCounts([0, 3, 4, 3, 0], smallestGroup: 3) == [0, 3, 4, 3, 0])
    // The smallest group of 1 hides nothing.
    #expect(SiteFeedbackText.shownCounts([1, 9], smallestGroup: 1) == [1, 9])
    let feedback = Self.feedback("Site A", smallest: 3)
    let table = SiteFeedbackText.ratingsTable(feedback)
    for (index, item) in (feedback.ratings?.items ?? []).enumerated() {
      let cells = table?.row(index).map(\.display) ?? []
      let small = item.counts.contains { $0 > 0 && $0 < 3 }
      #expect(
        cells.filter { $0 == SiteFeedbackText.hidden }.count == (small ? item.counts.count : 0),
        "question \(index + 1): \(item.counts) → \(cells)")
    }
  }
}
