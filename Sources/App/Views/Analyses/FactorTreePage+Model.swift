import Foundation

/// The factor tree (`/studies/<slug>/analyses/factor-tree`): the solutions with 1…7 factors and how
/// each factor descends from the solution before, as a figure and a table.
enum FactorTreePage {
  static let template = "builder/factor-tree"

  struct Model: Encodable, Sendable {
    /// The Analyses tab and "How many factors?" (the crumbs), and this page (the form's action).
    var list: String
    var factorCount: String
    var href: String
    var sites: [AnalysisForm.Tick]
    var extractions: [Choice]
    var sorts: Int
    /// The tree as SVG, empty until computed.
    var figure: String
    var links: [Link]
    var threshold: String
  }

  /// A row of the table: a factor of one solution and the factor it descends from.
  struct Link: Encodable, Sendable {
    var solution: Int
    var factor: String
    var from: String
    var r: String
    var also: String
    var kind: String
    var what: String
  }
}

extension FactorTreePage.Model {
  /// The page of study `slug` with its links.
  init(
    slug: String, sites: [AnalysisForm.Tick], extractions: [Choice], sorts: Int, figure: String,
    links: [FactorTreePage.Link], threshold: String
  ) {
    self.init(
      list: StudyRoute.analyses().href(slug: slug), factorCount: StudyRoute.analyses(.factorCount).href(slug: slug),
      href: StudyRoute.analyses(.factorTree).href(slug: slug), sites: sites, extractions: extractions, sorts: sorts,
      figure: figure, links: links, threshold: threshold)
  }

  /// Twelve sorts: factor 1 splits into two, which stay.
  static let mock = FactorTreePage.Model(
    slug: "mock-study",
    sites: [.init(value: "Site A", label: "Site A", checked: true, id: "site-0", detail: "12 sorts")],
    extractions: [Choice(value: "centroid", label: "Centroid (Brown; PQMethod's QCENT)", selected: true)], sorts: 12,
    figure: "<svg role=\"img\" aria-label=\"Factor tree\" viewBox=\"0 0 100 100\"></svg>",
    links: [
      .init(solution: 2, factor: "2.1", from: "1.1", r: "0.93", also: "", kind: "stays", what: "stays"),
      .init(solution: 2, factor: "2.2", from: "1.1", r: "0.41", also: "", kind: "split", what: "splits from 1.1"),
    ], threshold: "0.30")
}
