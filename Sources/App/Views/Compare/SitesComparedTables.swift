import POETQKit
import QMethod

/// A table of the "Sites compared" page as the template draws it: a caption, column heads, rows
/// with a row head, cells that say how to show themselves, and a note on how to read it.
struct ComparedTable: Encodable {
  struct Cell: Encodable {
    var text: String
    /// CSS classes: `num`, and `match` (the pair Table 20 counts), `above` (r at or above the
    /// threshold), `mirror` (r at or below minus the threshold).
    var cls: String
    /// Said to screen readers after the number ("matched").
    var say: String
  }

  struct Row: Encodable {
    var head: String
    var cells: [Cell]
    var total: Bool
  }

  var id: String
  var caption: String
  var columns: [String]
  var rows: [Row]
  var note: String

}

extension ComparedTable.Cell {
  /// Text, as it is.
  static func plain(_ value: String) -> Self { Self(text: value, cls: "", say: "") }
  /// A count, right-aligned.
  static func count(_ value: Int) -> Self { Self(text: String(value), cls: "num", say: "") }
  /// A number with `places` decimals, right-aligned; "—" for none.
  static func value(_ value: Double?, _ places: Int = 2) -> Self {
    Self(text: value.map { ReportFormat.fixed($0, places) } ?? "—", cls: "num", say: "")
  }
}

/// The tables of chapter 4 of the POETQ report, built from a comparison for the sites a member sees.
enum SitesComparedTables {
  /// "F2" and, once written, the researcher's name: "F2 Pragmatic".
  static func aggregateNames(_ result: AnalysisResult, _ names: [Int: FactorInterpretation]) -> [String] {
    result.factorLabels.enumerated().map { index, label in
      let name = names[index + 1]?.name ?? ""
      return name.isEmpty ? "F\(label)" : "F\(label) \(name)"
    }
  }

  /// Table 11: per site, the sorts defining each aggregate viewpoint; the total only for a member
  /// who sees every site (else it would reveal the others' counts).
  ///
  /// The study's smallest group reported (`smallestGroup`, k) applies as in the site reports: a
  /// site's count from 1 to k − 1 shows as "<k", since a 1 in a site's row points at someone; and
  /// so does any count it could be worked out from by subtraction: "matched" and "none" add up to the
  /// site's sorts, so when one is small the other reads "hidden"; a column of the total row reads
  /// "hidden" when a site's count in it is (the total less the other sites' counts would give it).
  static func prevalence(
    _ rows: [(site: String, prevalence: SitePrevalence)], names: [String], total: Bool,
    smallestGroup: Int = Study.defaultSmallestGroup
  ) -> ComparedTable {
    let k = smallestGroup
    var body = rows.map { row($0.site, $0.prevalence, smallestGroup: k) }
    if total {
      let sites = rows.map(\.prevalence)
      let sum = SitePrevalence.total(sites)
      let pairHidden = sites.contains { isSmall($0.matched, k) || isSmall($0.none, k) }
      let hiddenColumns = Set(sum.defining.indices.filter { f in sites.contains { isSmall($0.defining[safe: f], k) } })
      let defining = sum.defining.enumerated().map { f, n in hiddenColumns.contains(f) ? hidden : .count(n) }
      body.append(
        ComparedTable.Row(
          head: "Total",
          cells: [.plain("\(pairHidden ? "hidden" : "\(sum.matched)") of \(sum.sorts)")] + defining
            + [pairHidden ? hidden : .count(sum.none)], total: true))
    }
    return ComparedTable(
      id: "table-11", caption: "Table 11. Prevalence of the aggregate viewpoints at each site (defining sorts)",
      columns: ["Site", "Matched"] + names + ["None"], rows: body,
      note: "A sort defining two viewpoints counts under both; “matched” counts it once."
        + (k > 1
          ? " At a site, fewer than \(k) is shown as “<\(k)” (the smallest group reported), and a count it could "
            + "be worked out from (the other of “matched” and “none”, a total) as “hidden”." : ""))
  }

  /// Whether `n` people are a group too small to count (1 … k − 1).
  static func isSmall(_ n: Int, _ smallestGroup: Int) -> Bool { n > 0 && n < smallestGroup }

  /// A count shown as "<k".
  static func small(_ smallestGroup: Int) -> ComparedTable.Cell {
    ComparedTable.Cell(text: "<\(smallestGroup)", cls: "num", say: "fewer than \(smallestGroup)")
  }

  /// A count left out because a small one would follow from it.
  static let hidden = ComparedTable.Cell(text: "hidden", cls: "num", say: "")

  /// A site's row of Table 11 (see ``prevalence(_:names:total:smallestGroup:)`` for what is hidden).
  static func row(_ head: String, _ p: SitePrevalence, smallestGroup k: Int = 1) -> ComparedTable.Row {
    func cell(_ n: Int) -> ComparedTable.Cell { isSmall(n, k) ? small(k) : .count(n) }
    let pairHidden = isSmall(p.matched, k) || isSmall(p.none, k)
    let matched = isSmall(p.matched, k) ? "<\(k)" : pairHidden ? "hidden" : "\(p.matched)"
    let none = isSmall(p.none, k) ? small(k) : pairHidden ? hidden : .count(p.none)
    return ComparedTable.Row(
      head: head, cells: [.plain("\(matched) of \(p.sorts)")] + p.defining.map(cell) + [none], total: false)
  }

  /// The prevalence rows as the make-up figure may draw them: a site's count below the smallest
  /// group is left out (a bar drawn to scale would show it as plainly as a number).
  static func drawable(_ p: SitePrevalence, smallestGroup k: Int) -> SitePrevalence {
    SitePrevalence(sorts: p.sorts, defining: p.defining.map { isSmall($0, k) ? 0 : $0 }, none: p.none)
  }

  /// Table 14: per site and aggregate viewpoint, the answers to `question` among its defining sorts.
  /// A viewpoint held by fewer than the smallest group at a site shows "<k", not their answers (a
  /// one-person viewpoint's role names them); an answer given by fewer joins "other answers".
  static func groups(
    _ tables: [String: [[GroupCount]]], sites: [String], names: [String], question: String,
    smallestGroup k: Int = 1
  ) -> ComparedTable {
    let rows = sites.compactMap { site -> ComparedTable.Row? in
      guard let factors = tables[site] else { return nil }
      return ComparedTable.Row(
        head: site,
        cells: factors.map { counts -> ComparedTable.Cell in
          if isSmall(counts.reduce(0) { $0 + $1.count }, k) { return small(k) }
          let shown = counts.filter { !isSmall($0.count, k) }
          let words =
            shown.map { $0.count > 1 ? "\($0.value) (\($0.count))" : $0.value }
            + (shown.count < counts.count ? ["other answers"] : [])
          return .plain(words.isEmpty ? "·" : words.joined(separator: "; "))
        }, total: false)
    }
    return ComparedTable(
      id: "table-14", caption: "Table 14. Each viewpoint’s defining sorts by their answer to “\(question)”",
      columns: ["Site"] + names, rows: rows,
      note: "(n) counts answers given by more than one sort; · none."
        + (k > 1
          ? " A viewpoint held by fewer than \(k) at a site shows “<\(k)”; an answer given by fewer than \(k) "
            + "of its sorts is counted among “other answers”." : ""))
  }

  /// Why a local factor has no row of numbers: said where the factor appears.
  static let noArray = "no sort defines this local factor alone, so it has no array"

  /// The local factors (labels) of `result` without a factor array: no sort is flagged on them alone.
  static func withoutArray(_ result: AnalysisResult) -> [String] {
    result.factorLabels.enumerated().filter { factor, _ in result.factorArrays.contains { $0[factor] == nil } }
      .map(\.element)
  }

  /// Tables 15–19: one matrix per site, local factors by aggregate factors. A local factor without
  /// an array keeps its row, with the reason instead of numbers.
  static func correlations(
    _ c: MultiSiteComparison, site: String, number: Int, names: [String], withoutArray: [String] = []
  ) -> ComparedTable? {
    let s = c.secondOrder
    guard let matrix = s.correlations[site], let labels = s.localFactors[site] else { return nil }
    let matched = Dictionary(
      (s.matches[site] ?? []).map { ($0.local, $0.aggregate) }, uniquingKeysWith: { first, _ in first })
    let rows = matrix.enumerated().map { index, values in
      let label = labels[index]
      if withoutArray.contains(label) {
        return ComparedTable.Row(
          head: "\(SiteFigures.short(site))-F\(label)",
          cells: [.plain("— \(noArray)")] + Array(repeating: .plain(""), count: max(values.count - 1, 0)),
          total: false)
      }
      return ComparedTable.Row(
        head: "\(SiteFigures.short(site))-F\(label)",
        cells: values.enumerated().map { column, r -> ComparedTable.Cell in
          guard let r else { return .plain("—") }
          let text = ReportFormat.fixed(r, 2)
          if matched[label] == s.aggregateFactors[column] {
            return ComparedTable.Cell(text: text, cls: "num match", say: "matched")
          }
          if r >= s.threshold { return ComparedTable.Cell(text: text, cls: "num above", say: "above threshold") }
          if r <= -s.threshold { return ComparedTable.Cell(text: text, cls: "num mirror", say: "mirror image") }
          return ComparedTable.Cell(text: text, cls: "num", say: "")
        }, total: false)
    }
    let what = s.basis == .arrays ? "factor arrays" : "z-scores"
    return ComparedTable(
      id: "table-\(number)", caption: "Table \(number). \(site): local \(what) correlated with the aggregate ones",
      columns: ["Local"] + names, rows: rows,
      note:
        "Pearson’s r. Boxed: the aggregate viewpoint the local one stands for; bold: r ≥ \(ReportFormat.fixed(s.threshold, 2)); struck: r ≤ −\(ReportFormat.fixed(s.threshold, 2)) (a mirror image)."
        + withoutArray.map { " \(SiteFigures.short(site))-F\($0): \(noArray), and nothing to correlate." }.joined()
    )
  }

  /// How to read Tucker's φ beside the array r of Tables 15–19.
  static let readingPhi =
    "Reading φ beside r: the r of Tables 15–19 compares two viewpoints’ arrays over the statements (do they say the same thing?); Tucker’s congruence φ = Σxy / √(Σx² Σy²) compares a local and an aggregate factor’s loadings over the same sorts (do the same people define them, in the same direction?). Unlike r, φ does not centre the loadings: it reads their pattern and signs around zero, and ignores only a common scale. Lorenzo-Seva and ten Berge (2006) read φ of 0.95 or more as the two factors being equal and 0.85–0.94 as fair similarity."

  /// Tucker's congruence of the loadings, one matrix per site.
  static func congruence(_ c: MultiSiteComparison, site: String, names: [String]) -> ComparedTable? {
    guard let matrix = c.congruence[site], let labels = c.secondOrder.localFactors[site] else { return nil }
    return ComparedTable(
      id: "congruence-\(SiteFigures.short(site))", caption: "\(site): Tucker’s congruence of the loadings",
      columns: ["Local"] + names,
      rows: matrix.enumerated().map { index, values in
        ComparedTable.Row(
          head: "\(SiteFigures.short(site))-F\(labels[index])",
          cells: values.map { φ in
            ComparedTable.Cell(text: ReportFormat.fixed(φ, 2), cls: φ >= 0.85 ? "num above" : "num", say: "")
          }, total: false)
      },
      note:
        "φ over the site’s sorts; ≥ 0.95 reads as equal, 0.85–0.94 as fair similarity (Lorenzo-Seva & ten Berge 2006).")
  }

  /// The second-order factor analysis: each local array's loadings, X where it defines.
  static func secondOrder(_ result: AnalysisResult) -> ComparedTable {
    ComparedTable(
      id: "second-order-loadings", caption: "Second-order factor analysis of the local factor arrays",
      columns: ["Local array"] + result.factorLabels.map { "SF\($0)" },
      rows: result.sorts.enumerated().map { row, id in
        ComparedTable.Row(
          head: id,
          cells: result.loadings[row].enumerated().map { factor, a in
            let flagged = result.flags[row][factor]
            return ComparedTable.Cell(
              text: ReportFormat.fixed(a, 2) + (flagged ? " X" : ""), cls: flagged ? "num above" : "num",
              say: flagged ? "defining" : "")
          }, total: false)
      },
      note:
        "\(result.factorLabels.count) second-order factors (\(result.options.extraction.rawValue), \(result.options.rotation.rawValue)); X: the array defines the factor."
    )
  }

  /// Table 20: which aggregate viewpoints each site's local analysis found, and its local-only ones.
  static func summary(_ c: MultiSiteComparison, sites: [String], names: [String]) -> ComparedTable {
    let rows = sites.compactMap { site -> ComparedTable.Row? in
      guard let summary = c.summary[site] else { return nil }
      let short = SiteFigures.short(site)
      let only = summary.localOnly.map { "\(short)-F\($0)" }.joined(separator: ", ")
      return ComparedTable.Row(
        head: site,
        cells: summary.aggregate.map { match in
          match.map {
            ComparedTable.Cell(
              text: "\(short)-F\($0.local) (\(ReportFormat.fixed($0.r, 2)))", cls: "match", say: "")
          } ?? .plain("·")
        } + [.plain(only.isEmpty ? "none" : only)], total: false)
    }
    return ComparedTable(
      id: "table-20", caption: "Table 20. Aggregate viewpoints found through each site’s local analysis",
      columns: ["Site"] + names + ["Local only"], rows: rows,
      note: "Each cell names the local factor that stands for the aggregate viewpoint, with r; · not found locally.")
  }

  /// Table 21: the national (aggregate) viewpoints and the local-only ones, with the names and main
  /// arguments written in the interpretation workspace.
  static func viewpoints(
    _ c: MultiSiteComparison, sites: [String], shared: [Int: FactorInterpretation],
    local: [String: [Int: FactorInterpretation]]
  ) -> ComparedTable {
    var rows: [ComparedTable.Row] = []
    for (index, label) in c.aggregate.factorLabels.enumerated() {
      let i = shared[index + 1] ?? FactorInterpretation()
      let found = sites.filter { c.summary[$0]?.aggregate[index] != nil }.map(SiteFigures.short)
      rows.append(
        ComparedTable.Row(
          head: "F\(label)",
          cells: [
            .plain("National"), .plain(i.name.isEmpty ? "(not named yet)" : i.name), .plain(i.argument),
            .plain(found.isEmpty ? "only in the aggregate" : found.joined(separator: ", ")),
          ], total: false))
    }
    for site in sites {
      guard let result = c.local[site] else { continue }
      for label in c.summary[site]?.localOnly ?? [] {
        guard let factor = result.factorLabels.firstIndex(of: label) else { continue }
        let i = local[site]?[factor + 1] ?? FactorInterpretation()
        rows.append(
          ComparedTable.Row(
            head: "\(SiteFigures.short(site))-F\(label)",
            cells: [
              .plain("Local"), .plain(i.name.isEmpty ? "(not named yet)" : i.name), .plain(i.argument), .plain(site),
            ], total: false))
      }
    }
    return ComparedTable(
      id: "table-21", caption: "Table 21. National and local viewpoints",
      columns: ["Viewpoint", "Kind", "Name", "Main argument", "Found at"], rows: rows,
      note: "Names and main arguments are those written on each factor’s interpretation page.")
  }

  /// The partnership ratings: each item's mean per site, over everyone shown, and the spread.
  static func ratingMeans(_ ratings: PartnershipRatings) -> ComparedTable {
    ComparedTable(
      id: "ratings-means", caption: "Partnership ratings: mean per item and site",
      columns: ["Item"] + ratings.sites + ["All", "Spread"],
      rows: ratings.comparison.enumerated().map { index, item in
        ComparedTable.Row(
          head: ratings.questions[index].prompt,
          cells: item.means.map { .value($0) } + [.value(item.overall), .value(item.spread)],
          total: false)
      }, note: "Mean scale point, 1 for the lowest label; “All” is everyone shown on this page.")
  }

  /// One group's distribution: how many chose each point of each item, and the mean.
  /// An item whose answers include a count below the smallest group shows none of its counts, only
  /// its mean, as in the site reports (one hidden count would follow from the others and the total).
  static func ratingDistribution(_ group: PartnershipRatings.Group, id: String, smallestGroup k: Int = 1)
    -> ComparedTable
  {
    let points = group.items.first?.points ?? []
    return ComparedTable(
      id: id, caption: "\(group.name): answers per scale point (\(group.respondents) sorts)",
      columns: ["Item"] + points + ["Mean"],
      rows: group.items.map { item in
        let hides = item.counts.contains { isSmall($0, k) }
        let counts: [ComparedTable.Cell] =
          item.points == points
          ? item.counts.map { hides ? hidden : .count($0) }
          : [
            .plain(
              zip(item.points, item.counts).map { "\($0): \(hides ? "hidden" : String($1))" }.joined(separator: ", "))
          ]
        return ComparedTable.Row(head: item.prompt, cells: counts + [.value(item.mean)], total: false)
      },
      note: k > 1
        ? "Where fewer than \(k) chose one of an item’s answers, its counts are hidden and only its mean is given."
        : "")
  }
}

extension Array where Element == Int {
  /// The element at `index`, 0 past the end (rows of unequal width add as if padded).
  fileprivate subscript(safe index: Int) -> Int { indices.contains(index) ? self[index] : 0 }
}
