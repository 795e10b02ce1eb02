import Foundation

/// Flags by hand, inversion and splitting of a stored solution (`/studies/<slug>/analyses/<id>/flags`),
/// saved as a new analysis.
enum AnalysisFlagsPage {
  static let template = "builder/analysis-flags"

  struct Model: Encodable, Sendable {
    var name: String
    /// The Analyses tab, the analysis adjusted, and where the form posts.
    var list: String
    var href: String
    var save: String
    var factors: [FactorChoice]
    var rows: [Row]
    var warnings: [String]
    var threshold: String
    var newName: String
  }

  struct FactorChoice: Encodable, Sendable {
    var number: Int
    var label: String
    var inverted: Bool
    var split: Bool
  }

  struct Row: Encodable, Sendable {
    var sort: String
    var site: String
    var cells: [Cell]
    var automatic: String
    var byHand: Bool
  }

  struct Cell: Encodable, Sendable {
    var loading: String
    var flagged: Bool
    var automatic: Bool
    var value: String
    var id: String
  }
}

extension AnalysisFlagsPage.Model {
  /// The page of analysis `id` of study `slug`, with its links.
  init(
    id: UUID, slug: String, name: String, factors: [AnalysisFlagsPage.FactorChoice], rows: [AnalysisFlagsPage.Row],
    warnings: [String], threshold: String
  ) {
    self.init(
      name: name, list: StudyRoute.analyses().href(slug: slug),
      href: StudyRoute.analyses(.show(.value(id))).href(slug: slug),
      save: StudyRoute.analyses(.flags(.value(id))).href(slug: slug), factors: factors, rows: rows,
      warnings: warnings, threshold: threshold, newName: "\(name), flags by hand")
  }

  /// Two factors, three sorts: one flagged by the rule, one by hand, one on neither; one warning.
  static let mock: Self = {
    func row(
      _ sort: String, _ site: String, _ loadings: [String], _ flags: [Bool], auto: [Bool], byHand: Bool, _ r: Int
    )
      -> AnalysisFlagsPage.Row
    {
      AnalysisFlagsPage.Row(
        sort: sort, site: site,
        cells: loadings.indices.map {
          .init(
            loading: loadings[$0], flagged: flags[$0], automatic: auto[$0], value: "\(sort)|\($0 + 1)",
            id: "flag-\(r)-\($0 + 1)")
        },
        automatic: auto.indices.filter { auto[$0] }.map { "F\($0 + 1)" }.joined(separator: ", "), byHand: byHand)
    }
    return AnalysisFlagsPage.Model(
      id: AnalysisPage.Model.mockID, slug: "mock-study", name: "Centroid, 2 factors, varimax",
      factors: [
        .init(number: 1, label: "F1", inverted: false, split: false),
        .init(number: 2, label: "F2", inverted: true, split: false),
      ],
      rows: [
        row("A1", "Site A", ["0.812", "0.104"], [true, false], auto: [true, false], byHand: false, 0),
        row("A2", "Site A", ["0.402", "0.388"], [false, true], auto: [false, false], byHand: true, 1),
        row("B1", "Site B", ["-0.120", "0.211"], [false, false], auto: [false, false], byHand: false, 2),
      ], warnings: ["Factor 2 has one defining sort."], threshold: "0.327")
  }()
}
