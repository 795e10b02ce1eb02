import Foundation

/// "How many factors?" (`/studies/<slug>/analyses/factor-count`): the criteria, the scree with the
/// parallel analysis line, Humphrey's rule and the solutions with 2…7 factors side by side, each of
/// which can be kept as an analysis. Built by ``FactorCountController/content(_:export:allSites:ticked:extraction:threshold:limited:chosenSites:parallelPending:slug:)``.
enum FactorCountPage {
  static let template = "builder/factor-count"

  struct Model: Encodable, Sendable {
    /// The Analyses tab, the factor tree, this page (the form's action) and the promote form.
    var list: String
    var factorTree: String
    var href: String
    var promote: String
    var sites: [AnalysisForm.Tick]
    var extractions: [Choice]
    var threshold: String
    var sorts: Int
    var statements: Int
    var criteria: [Criterion]
    var scree: String
    var screeRows: [ScreeRow]
    var humphrey: [HumphreyRow]
    var humphreyNote: String
    var solutions: [Solution]
    var maxFactors: [Int]
    var parallelNote: String
    /// The chosen sites, as hidden fields of the promote forms.
    var chosenSites: [String]
    var extraction: String
    var limited: Bool
  }

  struct Criterion: Encodable, Sendable {
    var name: String
    var explanation: String
    var source: String
    /// The count, or "computing…" for the parallel analysis while it is computed.
    var suggested: String
  }

  struct ScreeRow: Encodable, Sendable {
    var factor: Int
    var eigenvalue: String
    var threshold: String
    var above: Bool
    var kaiser: Bool
  }

  struct HumphreyRow: Encodable, Sendable {
    var factor: Int
    var product: String
    var passes: Bool
    var significant: Int
  }

  struct Solution: Encodable, Sendable {
    var factors: Int
    var total: String
    var rows: [FactorRow]
    var pairs: [String]
    var warnings: [String]
    var name: String
  }

  struct FactorRow: Encodable, Sendable {
    var label: String
    var defining: Int
    var definingSorts: String
    var variance: String
    var significant: Int
    var weak: Bool
  }
}

extension FactorCountPage.Model {
  /// The page's links for study `slug`, with its form filled and nothing computed yet.
  init(
    slug: String, sites: [AnalysisForm.Tick], extractions: [Choice], threshold: String, chosenSites: [String],
    extraction: String, limited: Bool
  ) {
    self.init(
      list: StudyRoute.analyses().href(slug: slug), factorTree: StudyRoute.analyses(.factorTree).href(slug: slug),
      href: StudyRoute.analyses(.factorCount).href(slug: slug), promote: StudyRoute.analyses(.promote).href(slug: slug),
      sites: sites, extractions: extractions, threshold: threshold, sorts: 0, statements: 0, criteria: [], scree: "",
      screeRows: [], humphrey: [], humphreyNote: "", solutions: [], maxFactors: [], parallelNote: "",
      chosenSites: chosenSites, extraction: extraction, limited: limited)
  }

  /// Twelve sorts of two sites: three criteria, three eigenvalues, the 2- and 3-factor solutions.
  static let mock: Self = {
    var model = FactorCountPage.Model(
      slug: "mock-study",
      sites: [
        .init(value: "Site A", label: "Site A", checked: true, id: "site-0", detail: "7 sorts"),
        .init(value: "Site B", label: "Site B", checked: true, id: "site-1", detail: "5 sorts"),
      ],
      extractions: [
        Choice(value: "centroid", label: "Centroid (Brown; PQMethod's QCENT)", selected: true),
        Choice(value: "pca", label: "Principal components (PQMethod's QPCA)", selected: false),
      ], threshold: "0.80", chosenSites: ["Site A", "Site B"], extraction: "centroid", limited: false)
    model.sorts = 12
    model.statements = 9
    model.criteria = [
      .init(name: "Kaiser-Guttman", explanation: "Eigenvalues above 1.", source: "Kaiser 1960", suggested: "3"),
      .init(name: "Parallel analysis", explanation: "Above chance.", source: "Horn 1965", suggested: "2"),
    ]
    model.scree = "<svg role=\"img\" aria-label=\"Scree\" viewBox=\"0 0 100 60\"></svg>"
    model.screeRows = [
      .init(factor: 1, eigenvalue: "4.210", threshold: "2.010", above: true, kaiser: true),
      .init(factor: 2, eigenvalue: "1.870", threshold: "1.620", above: true, kaiser: true),
      .init(factor: 3, eigenvalue: "1.050", threshold: "1.330", above: false, kaiser: true),
    ]
    model.humphrey = [
      .init(factor: 1, product: "0.512", passes: true, significant: 9),
      .init(factor: 2, product: "0.301", passes: false, significant: 4),
    ]
    model.humphreyNote = "Twice the standard error: 2 × 1/√9 = 0.667; a significant loading exceeds 0.653."
    model.parallelNote = "100 sets of 12 random sorts on this study's grid, seed 1; the line is the 95th percentile."
    model.solutions = [2, 3].map { k in
      .init(
        factors: k, total: k == 2 ? "48" : "57",
        rows: (1...k).map {
          .init(
            label: "F\($0)", defining: $0 == 3 ? 2 : 5, definingSorts: $0 == 3 ? "A1, B2" : "A1, A2, A3, B1, B2",
            variance: "19", significant: 4, weak: $0 == 3)
        },
        pairs: k == 3 ? ["F1–F3: r = 0.82"] : [], warnings: [], name: "Centroid, \(k) factors, varimax")
    }
    model.maxFactors = [1, 2, 3]
    return model
  }()
}
