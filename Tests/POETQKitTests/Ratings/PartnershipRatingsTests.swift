import Foundation
import QMethod
import Testing

@testable import POETQKit

/// The partnership-process ratings per site and overall, on the demo's answers (recounted here)
/// and on small hand-made cases (strongest, weakest, ties, unrecognised answers).
@Suite("Partnership ratings")
struct PartnershipRatingsTests {
  static let template = StudyTemplate.poetqJointCommissioning
  static let sorts = try! DemoDataset(template: template, start: Date(timeIntervalSince1970: 1_330_678_800))
    .completedSorts(template: template)

  @Test("the template's partnership ratings are its five partners_ rating scales, in order")
  func questions() {
    let keys = PartnershipRatings.ratingQuestions(Self.template.questions).map(\.key)
    #expect(
      keys == [
        "partners_overall", "partners_shared_aims", "partners_information", "partners_decisions", "partners_users",
      ])
    let plain = [
      TemplateQuestion(phase: .before, key: "q", kind: .ratingScale, prompt: "?", options: ["a", "b"], required: true)
    ]
    #expect(PartnershipRatings.ratingQuestions(plain).map(\.key) == ["q"])
  }

  @Test("on the demo, every site's counts and means are the answers recounted")
  func demo() throws {
    let questions = PartnershipRatings.ratingQuestions(Self.template.questions)
    let ratings = PartnershipRatings(questions: questions, sorts: Self.sorts, sites: Self.template.sites)
    #expect(ratings.sites == Self.template.sites)
    #expect(ratings.bySite.map(\.respondents) == [10, 14, 34, 22, 13])
    #expect(ratings.overall.respondents == 93)
    for (index, question) in questions.enumerated() {
      for group in ratings.bySite + [ratings.overall] {
        let members = Self.sorts.filter { group.name == "All sites" || $0.site == group.name }
        let points = members.compactMap { $0.answers[question.key]?.first }.compactMap {
          question.options.firstIndex(of: $0)
        }
        let item = group.items[index]
        #expect(item.counts == question.options.indices.map { p in points.filter { $0 == p }.count })
        #expect(item.answered == points.count)
        let mean = Double(points.reduce(0) { $0 + $1 + 1 }) / Double(points.count)
        #expect(abs(item.mean! - mean) < 1e-12, "\(group.name) \(question.key)")
      }
      // The overall counts are the sites' added up; the comparison lists each site's mean.
      #expect(
        ratings.overall.items[index].counts
          == ratings.bySite.map { $0.items[index].counts }.reduce(
            Array(repeating: 0, count: question.options.count)
          ) { zip($0, $1).map(+) })
      let comparison = ratings.comparison[index]
      #expect(comparison.means == ratings.bySite.map { $0.items[index].mean })
      let means = comparison.means.compactMap { $0 }
      #expect(comparison.spread == means.max()! - means.min()!)
      #expect(
        comparison.highest.allSatisfy { site in
          ratings.bySite.first { $0.name == site }!.items[index].mean == means.max()
        })
    }
    for group in ratings.bySite + [ratings.overall] {
      let means = Dictionary(uniqueKeysWithValues: group.items.map { ($0.key, $0.mean!) })
      #expect(group.ranking.map { means[$0]! } == group.ranking.map { means[$0]! }.sorted(by: >))
      if !group.strongest.isEmpty {
        #expect(group.strongest.allSatisfy { means[$0] == means.values.max() })
        #expect(group.weakest.allSatisfy { means[$0] == means.values.min() })
      }
    }
  }

  @Test("strongest and weakest items, ties, unanswered items and unknown answers")
  func smallCases() {
    let scale = ["Very poorly", "Poorly", "Neither", "Well", "Very well"]
    let questions = ["a", "b", "c", "d"].map {
      TemplateQuestion(phase: .before, key: $0, kind: .ratingScale, prompt: $0, options: scale, required: false)
    }
    let sorts = [
      CompletedSort(
        sortID: "A1", site: "A", status: "completed",
        answers: ["a": ["Very well"], "b": ["Poorly"], "c": ["Very well"]], scores: [:]),
      CompletedSort(
        sortID: "A2", site: "A", status: "completed",
        answers: ["a": ["well"], "b": ["Neither"], "c": ["Well"], "d": ["Brilliantly"]], scores: [:]),
      CompletedSort(
        sortID: "B3", site: "B", status: "completed", answers: ["a": ["Poorly"], "b": ["Poorly"]], scores: [:]),
    ]
    let ratings = PartnershipRatings(questions: questions, sorts: sorts, sites: ["A", "B", "C"])
    let a = ratings.bySite[0]
    #expect(a.items[0].counts == [0, 0, 0, 1, 1])
    #expect(a.items[0].mean == 4.5 && a.items[1].mean == 2.5)
    #expect(a.items[0].favourable == 1)
    #expect(a.items[3].answered == 0 && a.items[3].unrecognised == 1 && a.items[3].mean == nil)
    #expect(a.strongest == ["a", "c"] && a.weakest == ["b"])
    #expect(a.ranking == ["a", "c", "b"])
    let b = ratings.bySite[1]
    #expect(b.strongest.isEmpty && b.weakest.isEmpty, "every answered item has the same mean")
    let c = ratings.bySite[2]
    #expect(c.respondents == 0 && c.ranking.isEmpty)
    #expect(ratings.comparison[0].highest == ["A"] && ratings.comparison[0].lowest == ["B"])
    #expect(ratings.comparison[0].spread == 2.5)
    #expect(ratings.comparison[2].spread == nil, "only one site answered c")
  }
}
