import Foundation

/// One analysis (`/studies/<slug>/analyses/<id>`): its state while it runs, then its results, the
/// factors to interpret, the adjustments, the comparison with another analysis, the downloads, and
/// what was carried from the analysis it was made from. Built by ``AnalysisPage/query(_:on:)``.
enum AnalysisPage {
  static let template = "builder/analysis"

  struct Model: Encodable, Sendable {
    var id: String
    var name: String
    var status: String
    var state: String
    var finished: Bool
    var failure: String
    var sorts: String
    /// The languages the selection kept ("French"), empty when it kept every language.
    var languages: String
    var createdBy: String
    var createdAt: String
    var needsRerun: Bool
    var withdrawn: String
    /// The results as HTML (the report's tables and figures), empty until the run is done.
    var results: String
    var factors: [FactorLink]
    var downloads: [Link]
    /// The other done analyses to compare with: the value is the other's id.
    var others: [Choice]
    var adjustable: Bool
    /// Whether the member may adjust or re-run it: a researcher who sees all of it.
    var canChange: Bool
    /// The compare page with the analysis this one re-runs, after a re-run.
    var previous: String
    /// "Computed before participant D65 withdrew; re-run to remove their sort.", or empty.
    var withdrawal: String
    /// The interpretations carried from the analysis this one was made from.
    var carried: Carried?
    var hasCarried: Bool
    /// The page's links and forms.
    var list: String
    var href: String
    var statusHref: String
    var rerun: String
    var delete: String
    var carry: String
    var flags: String
    var rotate: String
    var compare: String
  }

  /// What an analysis page says of the interpretations carried from the analysis it was made from:
  /// each match with its r, carried or offered.
  struct Carried: Encodable, Sendable {
    var source: Link
    var threshold: String
    var carried: [CarriedRow]
    var offered: [CarriedRow]
  }

  struct CarriedRow: Encodable, Sendable {
    /// "Factor 2 ← factor 3 (r = 0.97)".
    var text: String
    var name: String
    var from: Int
    var to: Int
    /// Whether the new factor has writing (a carried or typed interpretation).
    var written: Bool
  }
}

/// A factor of an analysis, linked to its interpretation page: "Factor 2 · Ideal world commissioning".
struct FactorLink: Encodable, Sendable {
  var label: String
  var name: String
  var href: String
  /// Whether it is the page shown (the factor pages' navigation).
  var current = false
}

extension AnalysisPage {
  /// The links of analysis `id` of study `slug`, the rest left to fill.
  static func routes(_ id: UUID, slug: String) -> (
    list: String, href: String, status: String, rerun: String,
    delete: String, carry: String, flags: String, rotate: String, compare: String
  ) {
    func href(_ route: StudyRoute.AnalysesRoute) -> String { StudyRoute.analyses(route).href(slug: slug) }
    let id = Parameter.value(id)
    return (
      href(.index), href(.show(id)), href(.status(id)), href(.rerun(id)), href(.delete(id)), href(.carry(id)),
      href(.flags(id)), href(.rotate(id)), href(.compare(id))
    )
  }

  /// The reports and exports of analysis `id`.
  static func reports(_ id: UUID, slug: String) -> [Link] {
    AnalysisDownload.allCases.map {
      Link(label: $0.label, href: StudyRoute.analyses(.download(.value(id), $0)).href(slug: slug))
    }
  }

  /// The downloads of analysis `id`: the reports and exports, and the options file.
  static func downloads(_ id: UUID, slug: String) -> [Link] {
    reports(id, slug: slug) + [
      Link(
        label: "Options file (replays this analysis in poetq analyze)",
        href: StudyRoute.analyses(.config(.value(id))).href(slug: slug))
    ]
  }

  /// The factor links of analysis `id`: labels and names in order.
  static func factorLinks(_ id: UUID, labels: [String], names: [Int: String], current: Int? = nil, slug: String)
    -> [FactorLink]
  {
    labels.enumerated().map { index, label in
      FactorLink(
        label: label, name: names[index + 1] ?? "",
        href: StudyRoute.analyses(.factor(.value(id), .value(index + 1))).href(slug: slug),
        current: current == index + 1)
    }
  }
}

extension AnalysisPage.Model {
  /// A page with its links, for analysis `id` of study `slug`.
  init(
    id: UUID, slug: String, name: String, status: String, state: String, finished: Bool, failure: String = "",
    sorts: String, languages: String = "", createdBy: String, createdAt: String, needsRerun: Bool = false,
    withdrawn: String = "",
    results: String = "", factors: [FactorLink] = [], downloads: [Link] = [], others: [Choice] = [],
    canChange: Bool, previous: String = "", withdrawal: String = "", carried: AnalysisPage.Carried? = nil
  ) {
    let routes = AnalysisPage.routes(id, slug: slug)
    self.init(
      id: id.uuidString, name: name, status: status, state: state, finished: finished, failure: failure, sorts: sorts,
      languages: languages, createdBy: createdBy, createdAt: createdAt, needsRerun: needsRerun, withdrawn: withdrawn,
      results: results,
      factors: factors, downloads: downloads, others: others, adjustable: status == "done" && !factors.isEmpty,
      canChange: canChange, previous: previous, withdrawal: withdrawal, carried: carried, hasCarried: carried != nil,
      list: routes.list, href: routes.href, statusHref: routes.status, rerun: routes.rerun, delete: routes.delete,
      carry: routes.carry, flags: routes.flags, rotate: routes.rotate, compare: routes.compare)
  }

  static let mockID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3))
  static let mockSourceID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))

  /// A done re-run with two factors, a carried interpretation and one offered, and a short result.
  static let mock: Self = {
    let slug = "mock-study"
    let source = Link(
      label: "Centroid, 2 factors, varimax", href: StudyRoute.analyses(.show(.value(mockSourceID))).href(slug: slug))
    return AnalysisPage.Model(
      id: mockID, slug: slug, name: "Centroid, 2 factors, varimax (re-run)", status: "done", state: "Done",
      finished: true, sorts: "39", createdBy: "Ada", createdAt: "2026-03-02 10:15 UTC",
      results: "<section class=\"card\"><h2>Factor loadings</h2><p>The report's tables.</p></section>",
      factors: AnalysisPage.factorLinks(mockID, labels: ["1", "2"], names: [1: "Ideal world"], slug: slug),
      downloads: AnalysisPage.downloads(mockID, slug: slug),
      others: [Choice(value: mockSourceID.uuidString, label: source.label, selected: false)], canChange: true,
      previous: StudyRoute.analyses(.compare(.value(mockID))).href(slug: slug) + "?with=\(mockSourceID)",
      carried: .init(
        source: source, threshold: "0.80",
        carried: [.init(text: "Factor 1 ← factor 1 (r = 0.97)", name: "Ideal world", from: 1, to: 1, written: true)],
        offered: [.init(text: "Factor 2 ← factor 2 (r = 0.62)", name: "Pragmatists", from: 2, to: 2, written: false)]))
  }()

  /// A queued run: no results yet, the page follows it.
  static let queuedMock = AnalysisPage.Model(
    id: mockID, slug: "mock-study", name: "Horst centroid, factors by its stopping rule, varimax", status: "queued",
    state: "Queued", finished: false, sorts: "", createdBy: "Ada", createdAt: "2026-03-02 10:15 UTC",
    canChange: true)
}
