import Foundation

/// Judgmental rotation of two factors (`/studies/<slug>/analyses/<id>/rotate`): a scatter plot the
/// page's script turns, saved as a new analysis whose settings record the steps.
enum AnalysisRotatePage {
  static let template = "builder/analysis-rotate"

  struct Model: Encodable, Sendable {
    var name: String
    /// The Analyses tab, the analysis rotated, and where the form posts.
    var list: String
    var href: String
    var save: String
    var factors: [Choice]
    var secondFactors: [Choice]
    /// ``RotationData`` as JSON for the page's script (`<` escaped).
    var data: String
    /// The plot of the sorts on F1 and F2 as the server draws it (SVG).
    var plot: String
    var newName: String
    var earlier: String
  }

  /// What the page's script needs to preview a rotation exactly as the engine will compute it.
  struct RotationData: Encodable, Sendable {
    var sorts: [String]
    var sites: [String]
    var loadings: [[Double]]
    var statements: Int
    var flagZ: Double
    var majority: Bool
    var manualFlags: [String: [Int]]
  }
}

extension AnalysisRotatePage.Model {
  /// The page of analysis `id` of study `slug` with `kept` factors, F1 and F2 chosen.
  init(id: UUID, slug: String, name: String, kept: Int, data: String, plot: String, earlier: String) {
    let options = (1...max(kept, 2)).map { Choice(value: "\($0)", label: "F\($0)", selected: $0 == 1) }
    self.init(
      name: name, list: StudyRoute.analyses().href(slug: slug),
      href: StudyRoute.analyses(.show(.value(id))).href(slug: slug),
      save: StudyRoute.analyses(.rotate(.value(id))).href(slug: slug), factors: options,
      secondFactors: options.map { Choice(value: $0.value, label: $0.label, selected: $0.value == "2") },
      data: data, plot: plot, newName: "\(name), rotated by hand", earlier: earlier)
  }

  /// Three factors after one earlier step; a stand-in plot (the real one is the report's SVG).
  static let mock = AnalysisRotatePage.Model(
    id: AnalysisPage.Model.mockID, slug: "mock-study", name: "Centroid, 3 factors, varimax", kept: 3,
    data:
      #"{"sorts":["A1","B1"],"sites":["Site A","Site B"],"loadings":[[0.8,0.1,0.2],[0.1,0.7,0.3]],"statements":9,"flagZ":1.96,"majority":true,"manualFlags":{}}"#,
    plot: "<svg role=\"img\" aria-label=\"Sorts on F1 and F2\" viewBox=\"0 0 100 100\"></svg>",
    earlier: "F1–F2 by 5.0°")
}
