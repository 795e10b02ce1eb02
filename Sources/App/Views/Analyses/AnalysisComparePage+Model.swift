import Foundation

/// Two analyses compared (`/studies/<slug>/analyses/<id>/compare?with=<other>`): how their factors
/// correspond (the correlations of the factor arrays) and which sorts changed flags.
enum AnalysisComparePage {
  static let template = "builder/analysis-compare"

  struct Model: Encodable, Sendable {
    /// The Analyses tab, for the crumbs.
    var list: String
    var first: Link
    var second: Link
    var changes: [Change]
    var onlyInFirst: String
    var onlyInSecond: String
    var secondFactors: [String]
    var rows: [CorrelationRow]
    var withdrawal: String
  }

  struct Change: Encodable, Sendable {
    var sort: String
    var before: String
    var after: String
  }

  struct CorrelationRow: Encodable, Sendable {
    var factor: String
    var cells: [Cell]
    var match: String
  }

  struct Cell: Encodable, Sendable {
    var value: String
    var best: Bool
  }
}

extension AnalysisComparePage.Model {
  /// A re-run compared with its original: one sort changed its flags, one left the study.
  static let mock: Self = {
    let slug = "mock-study"
    func link(_ name: String, _ id: UUID) -> Link {
      Link(label: name, href: StudyRoute.analyses(.show(.value(id))).href(slug: slug))
    }
    return AnalysisComparePage.Model(
      list: StudyRoute.analyses().href(slug: slug),
      first: link("Centroid, 2 factors, varimax (re-run)", AnalysisPage.Model.mockID),
      second: link("Centroid, 2 factors, varimax", AnalysisPage.Model.mockSourceID),
      changes: [.init(sort: "D12", before: "F1", after: "none")], onlyInFirst: "", onlyInSecond: "D65",
      secondFactors: ["F1", "F2"],
      rows: [
        .init(
          factor: "F1", cells: [.init(value: "0.97", best: true), .init(value: "0.12", best: false)],
          match: "F1 (r = 0.97)"),
        .init(
          factor: "F2", cells: [.init(value: "0.08", best: false), .init(value: "0.62", best: true)],
          match: "F2 (r = 0.62)"),
      ], withdrawal: "")
  }()
}
