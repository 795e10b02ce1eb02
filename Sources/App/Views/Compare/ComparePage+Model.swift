import Foundation
import QMethod

/// The "Sites compared" page (`/studies/<slug>/compare`; section 3.5 and chapter 4 of the POETQ
/// report): the aggregate analysis of every site's sorts counted site by site, one local analysis per
/// site, the second-order comparison, the partnership ratings and each site's feedback report. Its
/// model is built by ``ComparePage/query(_:options:on:)``, one block at a time (`ComparePage+<Block>`).
enum ComparePage {
  static let template = "builder/compare"

  struct Model: Encodable, Sendable {
    var aggregates: [Choice]
    var aggregate: AggregateInfo?
    var questions: [Choice]
    var question: String
    var threshold: String
    var canRunAggregate: Bool
    var canRunLocal: Bool
    var limited: Bool
    var locals: [LocalRow]
    var localsWaiting: Bool
    var localsMissing: Bool
    var problem: String?
    var viewpoints: [Block]
    var secondOrder: [Block]
    var ratings: [Block]
    var reports: [ReportLink]
    var extractions: [Choice]
    /// Aggregate analyses still running ("All sites (aggregate): queued").
    var pending: [String]
    /// The study's smallest group reported in site reports and per-site counts, and what it hides.
    var smallestGroup: Int
    var smallestGroupNote: String
    var canEdit: Bool
    /// Where the page's forms go: the choice of aggregate (GET), the two runs, the smallest group.
    var show: String
    var runAggregate: String
    var runLocal: String
    var saveSmallestGroup: String
  }

  struct AggregateInfo: Encodable, Sendable {
    var id: String
    var name: String
    var href: String
    var summary: String
    /// This page on this aggregate, to reload while local analyses run.
    var reload: String
  }

  struct LocalRow: Encodable, Sendable {
    var site: String
    var field: String
    var fieldID: String
    var sorts: Int
    var state: String
    var href: String?
    var factors: String
  }

  /// A part of the page: a heading, paragraphs, tables, a figure and a list.
  struct Block: Encodable, Sendable {
    var id: String
    var title: String
    var intro: [String]
    var figure: String?
    var tables: [ComparedTable]
    var items: [String]
  }

  struct ReportLink: Encodable, Sendable {
    var site: String
    var html: String
    var docx: String
  }

  /// An analysis's page.
  static func analysisHref(slug: String, id: UUID) -> String {
    StudyRoute.analyses(.show(.value(id))).href(slug: slug)
  }

  /// The extraction methods an aggregate analysis may use.
  static let extractions = [
    Choice(value: "centroid", label: "Centroid (PQMethod)", selected: true),
    Choice(value: "pca", label: "Principal components", selected: false),
  ]

  /// What the smallest group reported does to this page and the site reports, in words; with a
  /// smallest group of 1 nothing is hidden, so nothing is said to be.
  static func smallestGroupNote(_ smallestGroup: Int) -> String {
    guard smallestGroup > 1 else {
      return "Every viewpoint is described in the site reports and every count is shown, however few people hold it."
    }
    return "A viewpoint held by fewer than \(smallestGroup) people at a site is not described as that site’s: "
      + "no quotes, no count; it joins “Other views here”. The same applies to this page’s per-site counts "
      + "(Table 11, the make-up figure, Table 14 and the ratings)."
  }
}

extension ComparePage.Model {
  /// The page before any aggregate is chosen: the choices and the forms' addresses.
  init(
    slug: String, aggregates: [Choice], questions: [Choice], question: String, threshold: String,
    canRunAggregate: Bool, canRunLocal: Bool, limited: Bool, pending: [String], smallestGroup: Int, canEdit: Bool
  ) {
    self.init(
      aggregates: aggregates, aggregate: nil, questions: questions, question: question, threshold: threshold,
      canRunAggregate: canRunAggregate, canRunLocal: canRunLocal, limited: limited, locals: [],
      localsWaiting: false, localsMissing: false, problem: nil, viewpoints: [], secondOrder: [], ratings: [],
      reports: [], extractions: ComparePage.extractions, pending: pending, smallestGroup: smallestGroup,
      smallestGroupNote: ComparePage.smallestGroupNote(smallestGroup), canEdit: canEdit,
      show: StudyRoute.compare().href(slug: slug), runAggregate: StudyRoute.compare(.aggregate).href(slug: slug),
      runLocal: StudyRoute.compare(.local).href(slug: slug),
      saveSmallestGroup: StudyRoute.compare(.smallestGroup).href(slug: slug))
  }

  /// No aggregate analysis yet: the researcher's first visit.
  static let mockEmpty = Self(
    slug: "mock-study", aggregates: [], questions: [], question: "", threshold: "0.50", canRunAggregate: true,
    canRunLocal: true, limited: false, pending: [], smallestGroup: 3, canEdit: true)

  /// Two sites compared: Table 11 with a hidden small group, the local analyses done, the summary,
  /// the ratings and the reports.
  static let mock: Self = {
    let slug = "mock-study"
    let site = { (n: UInt8) in UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, n)) }
    let aggregateID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9))
    var model = Self(
      slug: slug,
      aggregates: [Choice(value: aggregateID.uuidString, label: "All sites (aggregate)", selected: true)],
      questions: [Choice(value: "role", label: "Your role", selected: true)], question: "role", threshold: "0.50",
      canRunAggregate: true, canRunLocal: true, limited: false, pending: [], smallestGroup: 3, canEdit: true)
    model.aggregate = ComparePage.AggregateInfo(
      id: aggregateID.uuidString, name: "All sites (aggregate)",
      href: ComparePage.analysisHref(slug: slug, id: aggregateID),
      summary: "20 sorts at 2 sites, 2 factors (centroid, varimax)",
      reload: StudyRoute.compare().href(slug: slug, query: [("aggregate", aggregateID.uuidString)]))
    // Site A: 9 of 10 define a viewpoint, 2 of them F2 ("<3"), 1 none ("<3", so "matched" is hidden).
    let prevalence = [
      (site: "Site A", prevalence: SitePrevalence(sorts: 10, defining: [7, 2], none: 1)),
      (site: "Site B", prevalence: SitePrevalence(sorts: 10, defining: [4, 4], none: 2)),
    ]
    model.viewpoints = [
      ComparePage.Block(
        id: "aggregate-viewpoints", title: "The aggregate viewpoints at each site",
        intro: ["How many of each site’s sorts define each viewpoint of the aggregate analysis (Table 11)."],
        figure: nil,
        tables: [
          SitesComparedTables.prevalence(prevalence, names: ["F1 Ideal world", "F2"], total: true, smallestGroup: 3),
          SitesComparedTables.groups(
            [
              "Site A": [
                [.init(value: "Manager", count: 4), .init(value: "Nurse", count: 3)], [.init(value: "GP", count: 2)],
              ],
              "Site B": [
                [.init(value: "Nurse", count: 4)], [.init(value: "GP", count: 3), .init(value: "Manager", count: 1)],
              ],
            ], sites: ["Site A", "Site B"], names: ["F1 Ideal world", "F2"], question: "Your role", smallestGroup: 3),
        ], items: [])
    ]
    model.locals = [
      ComparePage.LocalRow(
        site: "Site A", field: "factors.\(site(1).uuidString)", fieldID: "factors-\(site(1).uuidString)", sorts: 10,
        state: "done: 2 factors", href: nil, factors: ""),
      ComparePage.LocalRow(
        site: "Site B", field: "factors.\(site(2).uuidString)", fieldID: "factors-\(site(2).uuidString)", sorts: 10,
        state: "not run", href: nil, factors: "2"),
    ]
    model.localsMissing = true
    model.reports = [UInt8(1), 2].map { n in
      let query = [("aggregate", aggregateID.uuidString), ("threshold", "0.50")]
      return ComparePage.ReportLink(
        site: "Site \(n == 1 ? "A" : "B")",
        html: StudyRoute.compare(.reportHTML(site: .value(site(n)))).href(slug: slug, query: query),
        docx: StudyRoute.compare(.reportDOCX(site: .value(site(n)))).href(slug: slug, query: query))
    }
    return model
  }()
}
