import Foundation
import Testing

@testable import POETQKit

/// How a site report words its small-group rule and its agreement scores.
@Suite("Site feedback wording")
struct SiteFeedbackWordingTests {
  @Test("a smallest group of 1 hides nothing, so the report says nothing of “fewer than 1 people”")
  func smallestGroupOfOne() throws {
    for site in SiteFeedbackTests.template.sites {
      let feedback = SiteFeedbackSmallGroupTests.feedback(site, smallest: 1)
      let html = SiteFeedbackHTML.render(feedback)
      let docx = try SiteFeedbackTests.documentText(try SiteFeedbackDOCX.data(feedback))
      for text in [html, docx] {
        #expect(!text.contains("fewer than 1 "), "\(site)")
        #expect(text.contains("Quotes are anonymous"), "\(site): the anonymity line stays")
      }
    }
    let protected = SiteFeedbackHTML.render(SiteFeedbackSmallGroupTests.feedback("Site A", smallest: 3))
    #expect(protected.contains("A viewpoint held by fewer than 3 people here is not described"))
  }

  @Test("the agreement scores say they come from the site's own analysis")
  func consensusScoresAreLabelled() throws {
    let reports = SiteFeedbackTests.template.sites.map { SiteFeedbackSmallGroupTests.feedback($0, smallest: 1) }
    let withConsensus = try #require(reports.first { !$0.consensus.isEmpty }, "a site with agreement")
    let html = SiteFeedbackHTML.render(withConsensus)
    #expect(html.contains("where each viewpoint of this site’s own analysis puts the statement"))
    let item = try #require(withConsensus.consensus.first)
    #expect(SiteFeedbackText.consensusLine(item).contains("(this site’s own viewpoints: "))
  }
}
