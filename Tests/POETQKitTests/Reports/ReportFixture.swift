import Foundation
import POETQKit
import QMethod

/// A report input built the way the server will: the demo's 93 sorts analysed by the engine
/// (centroid, varimax, 5 factors), with their sites, answers and comments, and two factors
/// interpreted.
enum ReportFixture {
  static let template = StudyTemplate.poetqJointCommissioning

  static let input: ReportInput = {
    let dataset = try! DemoDataset(template: template, start: Date(timeIntervalSince1970: 1_330_678_800))
    var counters: [Int: Int] = [:]
    let sorts = dataset.respondents.map { respondent -> SortMetadata in
      counters[respondent.site, default: 0] += 1
      let site = template.sites[respondent.site]
      return SortMetadata(
        sortID: SortIDs.make(site: site, number: counters[respondent.site]!), site: site,
        answers: respondent.flow.answers, comments: respondent.flow.comments, scores: respondent.flow.placements)
    }
    let statements = template.statements.sorted { $0.number < $1.number }
    let distribution = try! Distribution(
      minScore: template.columns.map(\.score).min()!, maxScore: template.columns.map(\.score).max()!,
      capacities: template.columns.sorted { $0.score < $1.score }.map(\.capacity))
    let data = try! QSortData(
      title: "Demo", statements: statements.map { Statement(number: $0.number, text: $0.text) },
      sortIDs: sorts.map(\.sortID), distribution: distribution,
      scores: sorts.flatMap { sort in statements.map { sort.scores[$0.number]! } })
    var options = AnalysisOptions()
    options.factors = 5
    let result = try! QAnalysis.run(data, options: options)
    let firstExemplar = result.exemplars[0][0].sort
    let quoted = sorts.first { $0.sortID == firstExemplar }!.comments.min { $0.key < $1.key }
    var interpretations: [Int: FactorInterpretation] = [
      1: FactorInterpretation(
        name: "Ideal world commissioning",
        description: "Optimistic about partnership.\n\nSecond paragraph <b>here</b>.",
        argument: "Let's be optimistic", viewedByOthers: "Naive", codeNotes: ["People": "Patients first"]),
      2: FactorInterpretation(name: "Efficient commissioning", argument: "Value for money"),
    ]
    if let quoted {
      interpretations[1]!.quotes = [PinnedQuote(sort: firstExemplar, statement: quoted.key, text: quoted.value)]
    }
    return ReportInput(
      result: result, studyTitle: "Joint commissioning (demo)", statements: statements, sorts: sorts,
      questions: template.questions, interpretations: interpretations,
      columnLabels: Dictionary(uniqueKeysWithValues: template.columns.map { ($0.score, $0.label) }))
  }()
}
