import POETQKit

/// The distribution editor (`/studies/<slug>/grid`): forced or free, a capacity and a label per
/// column, the total checked as the researcher types, and a quasi-normal suggestion for any range.
/// Its model is built by ``GridPage/query(studyID:slug:study:columns:kind:unsaved:on:)``.
enum GridPage {
  static let template = "builder/grid"

  struct Model: Encodable, Sendable {
    var kind: String
    var columns: [Column]
    var statementCount: Int
    var total: Int
    var rangeChoices: [RangeChoice]
    /// The page shows a suggestion (or refused input) that is not saved yet.
    var unsaved: Bool
    /// Where the grid is saved (POST) and where a suggestion is asked for (GET `?min=&max=`).
    var save: String
    var suggest: String
  }

  struct Column: Encodable, Sendable {
    var score: Int
    var name: String
    var capacity: Int
    var label: String
  }

  struct RangeChoice: Encodable, Sendable {
    var value: Int
    var name: String
    var isMin: Bool
    var isMax: Bool
  }
}

extension GridPage.Model {
  /// The page for `columns` (saved, suggested or as typed) of a Q-set of `statementCount`.
  init(
    columns: [TemplateColumn], kind: String, statementCount: Int, unsaved: Bool, minScore: Int, maxScore: Int,
    slug: String
  ) {
    let href = StudyRoute.grid().href(slug: slug)
    self.init(
      kind: kind,
      columns: columns.map {
        GridPage.Column(score: $0.score, name: GridRules.scoreName($0.score), capacity: $0.capacity, label: $0.label)
      },
      statementCount: statementCount, total: columns.reduce(0) { $0 + $1.capacity },
      rangeChoices: (-GridRules.scoreLimit...GridRules.scoreLimit).map {
        GridPage.RangeChoice(
          value: $0, name: GridRules.scoreName($0), isMin: $0 == (columns.first?.score ?? minScore),
          isMax: $0 == (columns.last?.score ?? maxScore))
      },
      unsaved: unsaved, save: href, suggest: href)
  }

  /// A forced −3…+3 grid for 16 statements, its ends labelled: the snapshot's page.
  static let mock = GridPage.Model(
    columns: [
      TemplateColumn(score: -3, capacity: 1, label: "Most disagree"), TemplateColumn(score: -2, capacity: 2, label: ""),
      TemplateColumn(score: -1, capacity: 3, label: ""), TemplateColumn(score: 0, capacity: 4, label: ""),
      TemplateColumn(score: 1, capacity: 3, label: ""), TemplateColumn(score: 2, capacity: 2, label: ""),
      TemplateColumn(score: 3, capacity: 1, label: "Most agree"),
    ], kind: "forced", statementCount: 16, unsaved: false, minScore: -3, maxScore: 3, slug: "mock-study")
}
