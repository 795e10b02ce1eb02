import Foundation

/// A factor's interpretation page (`/studies/<slug>/analyses/<id>/factors/<n>`): the researcher's
/// writing about the viewpoint (autosaved) beside what the factor says, and the analysis's downloads.
enum FactorPage {
  static let template = "builder/factor"

  struct Model: Encodable, Sendable {
    var analysisName: String
    var factor: Int
    var factorLabel: String
    var factors: [FactorLink]
    /// The factor's aids as HTML (array, characteristic and distinguishing statements, crib sheet…).
    var aids: String
    var interpretation: Fields
    var revision: Int
    var codeNotes: [CodeNote]
    var comments: [Comment]
    var downloads: [Link]
    /// Where the interpretation posts (and the page's script saves in the background).
    var action: String
    /// Whether the member may write the interpretation (a researcher who sees all of the analysis).
    var canWrite: Bool
    /// "Computed before participant D65 withdrew; …", or empty.
    var withdrawal: String
    /// "1 quote removed: its participant withdrew.", and quotes dropped when carried.
    var removalNotes: [String]
  }

  struct Fields: Encodable, Sendable {
    var name: String
    var argument: String
    var description: String
    var viewedByOthers: String
  }

  struct CodeNote: Encodable, Sendable {
    var code: String
    var field: String
    var note: String
    var id: String
  }

  struct Comment: Encodable, Sendable {
    var id: String
    var value: String
    var sort: String
    var loading: String
    var statement: Int
    var statementText: String
    var text: String
    /// The comment's language when it is not the study's: its tag (`lang`) and its name, said after
    /// the quote ("French"); empty in the study's language. Comments are never translated.
    var lang: String
    var language: String
    var pinned: Bool
  }
}

extension FactorPage.Model {
  /// Factor 1 of two, named, with a code note and one exemplar's comment pinned.
  static let mock: Self = {
    let id = AnalysisPage.Model.mockID
    let slug = "mock-study"
    return FactorPage.Model(
      analysisName: "Centroid, 2 factors, varimax", factor: 1, factorLabel: "1",
      factors: AnalysisPage.factorLinks(
        id, labels: ["1", "2"], names: [1: "Ideal world"], current: 1, slug: slug),
      aids: "<h4>Factor array</h4><p>The statements in the grid.</p>",
      interpretation: .init(
        name: "Ideal world", argument: "Let's be optimistic", description: "Partners trust each other.",
        viewedByOthers: ""),
      revision: 2, codeNotes: [.init(code: "Trust", field: "codeNote.Trust", note: "High.", id: "code-0")],
      comments: [
        .init(
          id: "quote-A1-2", value: "A1|2", sort: "A1", loading: "0.81", statement: 2,
          statementText: "Partners share the budget.", text: "We always do.", lang: "", language: "", pinned: true),
        .init(
          id: "quote-B1-2", value: "B1|2", sort: "B1", loading: "0.74", statement: 2,
          statementText: "Partners share the budget.", text: "Toujours, ou presque.", lang: "fr", language: "French",
          pinned: false),
      ],
      downloads: AnalysisPage.reports(id, slug: slug),
      action: StudyRoute.analyses(.factor(.value(id), .value(1))).href(slug: slug), canWrite: true,
      withdrawal: "", removalNotes: [])
  }()
}
