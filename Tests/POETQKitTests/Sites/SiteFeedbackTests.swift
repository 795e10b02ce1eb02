import Foundation
import QMethod
import Testing
import ZIPFoundation

@testable import POETQKit

/// The site feedback reports of the demo study: each holds its own site's quotes and ratings and
/// nothing of another site's sorts, comments or answers; the viewpoints it lists are those the
/// site's sorts define.
@Suite("Site feedback reports")
struct SiteFeedbackTests {
  static let template = StudyTemplate.poetqJointCommissioning

  /// The demo's sorts with every comment and free-text answer made unique to its sort by a tag
  /// ("qz0042qz") that names no sort id, so a tag in a report says exactly whose words it holds.
  static let sorts: [CompletedSort] = {
    let demo = try! DemoDataset(template: template, start: Date(timeIntervalSince1970: 1_330_678_800))
      .completedSorts(template: template)
    return demo.enumerated().map { index, sort in
      var sort = sort
      let tag = tag(index)
      sort.comments = sort.comments.mapValues { "\($0) \(tag)" }
      if let role = sort.answers["role"] { sort.answers["role"] = role.map { "\($0) \(tag)" } }
      sort.answers["further_comments"] = ["Further thoughts \(tag)"]
      return sort
    }
  }()

  static func tag(_ index: Int) -> String { "qz" + String(format: "%04d", index) + "qz" }

  static let export = StudyDataExport(
    title: template.title, statements: template.statements,
    distribution: try! StudyDataExport.distribution(of: template, forced: true),
    questionKeys: template.questions.map(\.key), sorts: sorts)

  static let comparison: MultiSiteComparison = {
    var analysis = AnalysisOptions()
    analysis.factors = 5
    return try! MultiSite.compare(
      try! export.qSortData(), groups: export.sortGroups(sites: template.sites, columns: ["role"]),
      options: MultiSiteOptions(analysis: analysis))
  }()

  static let ratings = PartnershipRatings(
    questions: PartnershipRatings.ratingQuestions(template.questions), sorts: sorts, sites: template.sites)

  static func feedback(_ site: String) -> SiteFeedback {
    SiteFeedback.make(
      site: site, studyTitle: template.title, comparison: comparison, statements: template.statements,
      sorts: sorts.map(SortMetadata.init),
      sharedNames: [
        1: FactorInterpretation(name: "Ideal world", description: "Let's be optimistic.", argument: "Work together")
      ],
      ratings: ratings)
  }

  /// The text of the DOCX's document part.
  static func documentText(_ data: Data) throws -> String {
    let archive = try Archive(data: data, accessMode: .read)
    let entry = try #require(archive["word/document.xml"])
    var xml = Data()
    _ = try archive.extract(entry) { xml.append($0) }
    return String(decoding: xml, as: UTF8.self)
  }

  /// Sort ids as whole words ("B12" but not the "B1" inside it).
  static func mentions(_ text: String, id: String) -> Bool {
    text.range(of: "(?<![A-Za-z0-9])\(id)(?![0-9])", options: .regularExpression) != nil
  }

  @Test("each site's report, HTML and DOCX, holds its own quotes and none of another site's sorts, comments or answers")
  func onlyTheSitesData() throws {
    for site in Self.template.sites {
      let feedback = Self.feedback(site)
      // The text without its stylesheet (whose "size: A4" reads like sort A4).
      let html = SiteFeedbackHTML.render(feedback).replacing(/<style>[\s\S]*?<\/style>/, with: "")
      let docx = try Self.documentText(try SiteFeedbackDOCX.data(feedback))
      let own = Self.sorts.indices.filter { Self.sorts[$0].site == site }
      let others = Self.sorts.indices.filter { Self.sorts[$0].site != site }
      for text in [html, docx] {
        for index in others {
          #expect(!text.contains(Self.tag(index)), "\(site)'s report quotes sort \(Self.sorts[index].sortID)")
          #expect(
            !Self.mentions(text, id: Self.sorts[index].sortID), "\(site)'s report names \(Self.sorts[index].sortID)")
        }
        // Anonymous: not even the site's own sort ids or roles.
        for index in own { #expect(!Self.mentions(text, id: Self.sorts[index].sortID)) }
        #expect(!text.contains("Further thoughts"))
      }
      // The check can fail: the site's own comments are quoted.
      let quoted = own.filter { html.contains(Self.tag($0)) }
      #expect(!quoted.isEmpty, "\(site): no quote of its own")
      #expect(quoted.allSatisfy { docx.contains(Self.tag($0)) }, "the DOCX quotes what the HTML quotes")
      #expect(
        feedback.viewpoints.flatMap(\.quotes).allSatisfy { quote in own.contains { quote.text.hasSuffix(Self.tag($0)) }
        },
        "every quote is the words of one of the site's sorts")
    }
  }

  @Test("the viewpoints listed are the shared ones the site's sorts define, by prevalence, then its local-only ones")
  func viewpointsByPrevalence() throws {
    var sawLocal = false
    for site in Self.template.sites {
      let feedback = Self.feedback(site)
      let p = try #require(Self.comparison.prevalence[site])
      let shared = feedback.viewpoints.filter { $0.kind == .shared }
      let smallest = SiteFeedback.defaultSmallestGroup
      #expect(shared.map(\.people) == p.defining.filter { $0 >= smallest }.sorted(by: >))
      #expect(feedback.respondents == p.sorts && feedback.holdingNone == p.none)
      let local = feedback.viewpoints.filter { $0.kind == .local }
      #expect(local.allSatisfy { $0.people >= smallest })
      #expect(local.count <= Self.comparison.summary[site]?.localOnly.count ?? 0)
      sawLocal = sawLocal || !local.isEmpty
      // Strongest statements: the highest z-scores of the aggregate factor, in order.
      if let first = shared.first,
        let factor = Self.comparison.aggregate.factorLabels.firstIndex(of: first.factorLabel)
      {
        let z = Self.comparison.aggregate.zScores.map { $0[factor]! }
        let top = z.indices.max { z[$0] < z[$1] }!
        #expect(first.agree.first?.number == Self.comparison.aggregate.statements[top])
      }
      // Ratings: the site's own group, recounted here.
      let group = try #require(feedback.ratings)
      let here = Self.sorts.filter { $0.site == site }
      let key = group.items[0].key
      #expect(group.items[0].answered == here.filter { $0.answers[key] != nil }.count)
    }
    #expect(sawLocal, "the demo has local-only viewpoints held by 3 or more at some site")
    let a = SiteFeedbackHTML.render(Self.feedback(Self.template.sites[0]))
    #expect(a.contains("@page { size: A4"), "prints on A4")
    #expect(a.contains("Areas to celebrate") || a.contains("Areas to develop"))
  }

  @Test("consensus: the local analysis's consensus statements every viewpoint there places within one column")
  func consensusWithinOneColumn() throws {
    var listed = 0
    for site in Self.template.sites {
      let feedback = Self.feedback(site)
      let local = try #require(Self.comparison.local[site])
      // Viewpoints held by at least the smallest group reported (a one-person array is their sort).
      let factors = local.factorLabels.indices.filter { f in
        local.factorArrays.allSatisfy { $0[f] != nil }
          && local.flags.filter { $0[f] }.count >= SiteFeedback.defaultSmallestGroup
      }
      guard factors.count >= 2 else {
        #expect(feedback.consensus.isEmpty && feedback.consensusNote.contains("one viewpoint"))
        continue
      }
      // Recomputed here: the engine's consensus statements whose local array scores span ≤ 1 column.
      let expected = local.consensus.filter { number in
        let row = local.statements.firstIndex(of: number)!
        let scores = factors.map { local.factorArrays[row][$0]! }
        return scores.max()! - scores.min()! <= 1
      }
      #expect(
        feedback.consensus.allSatisfy { Set(expected).contains($0.number) && $0.scores.max()! - $0.scores.min()! <= 1 })
      #expect(feedback.consensus.count == min(expected.count, SiteFeedback.maxConsensus))
      if feedback.consensus.isEmpty { #expect(feedback.consensusNote.contains("within one column")) }
      listed += feedback.consensus.count
    }
    #expect(listed > 0, "some demo site has statements its viewpoints agree on")
  }
}
