import Foundation

/// The Analyses tab (`/studies/<slug>/analyses`): the study's stored analyses, newest first, with
/// their state, and the ways to run one. Its model is built by ``AnalysesPage/query(_:on:)``.
enum AnalysesPage {
  static let template = "builder/analyses"

  struct Model: Encodable, Sendable {
    var analyses: [Row]
    var completed: Int
    /// Whether superseded analyses are left out of the list, and how many are.
    var hidingSuperseded: Bool
    var superseded: Int
    /// The run form, "How many factors?", and the list with and without the superseded analyses.
    var new: String
    var factorCount: String
    var showSuperseded: String
    var hideSuperseded: String
  }

  struct Row: Encodable, Sendable {
    var name: String
    var href: String
    var state: String
    var stateClass: String
    var sorts: String
    var factors: String
    var createdBy: String
    var createdAt: String
    var needsRerun: Bool
    var withdrawn: String
    /// The later analysis made from this one ("re-run as …"), or empty.
    var supersededBy: String
  }
}

extension AnalysesPage.Model {
  /// The page's own addresses around its rows.
  init(analyses: [AnalysesPage.Row], completed: Int, hidingSuperseded: Bool, superseded: Int, slug: String) {
    let list = StudyRoute.analyses().href(slug: slug)
    self.init(
      analyses: analyses, completed: completed, hidingSuperseded: hidingSuperseded, superseded: superseded,
      new: StudyRoute.analyses(.new).href(slug: slug), factorCount: StudyRoute.analyses(.factorCount).href(slug: slug),
      showSuperseded: list, hideSuperseded: list + "?superseded=hide")
  }

  /// Three analyses: a done one superseded by its re-run, the re-run, and a failed one.
  static let mock: Self = {
    func href(_ n: UInt8) -> String {
      StudyRoute.analyses(.show(.value(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n))))).href(
        slug: "mock-study")
    }
    return AnalysesPage.Model(
      analyses: [
        .init(
          name: "Centroid, 3 factors, varimax (re-run)", href: href(3), state: "Done", stateClass: "done",
          sorts: "39", factors: "3", createdBy: "Ada", createdAt: "2026-03-02 10:15 UTC", needsRerun: false,
          withdrawn: "", supersededBy: ""),
        .init(
          name: "Horst centroid, factors by its stopping rule, varimax", href: href(2), state: "Failed: no sorts",
          stateClass: "failed", sorts: "", factors: "", createdBy: "Ben", createdAt: "2026-03-01 16:40 UTC",
          needsRerun: false, withdrawn: "", supersededBy: ""),
        .init(
          name: "Centroid, 3 factors, varimax", href: href(1), state: "Done", stateClass: "done", sorts: "40",
          factors: "3", createdBy: "Ada", createdAt: "2026-02-27 09:05 UTC", needsRerun: true, withdrawn: "D65",
          supersededBy: "Centroid, 3 factors, varimax (re-run)"),
      ], completed: 39, hidingSuperseded: false, superseded: 1, slug: "mock-study")
  }()
}
