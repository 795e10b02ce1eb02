import Foundation

/// A plain-text report of a multi-site comparison, in the order of the POETQ report's chapter 4:
/// prevalence (Table 11), viewpoints by group (Table 14), the correlation matrices of each site
/// (Tables 15–19) and the summary (Table 20); then Tucker's congruence and the second-order
/// analysis. Factors are named F1, F2, … (aggregate) and A-F1, … (local, site A).
public enum MultiSiteTextReport {
  public static func render(_ comparison: MultiSiteComparison) -> String {
    var out = ReportWriter()
    header(comparison, &out)
    prevalence(comparison, &out)
    groups(comparison, &out)
    correlations(comparison, &out)
    summary(comparison, &out)
    congruence(comparison, &out)
    secondOrderAnalysis(comparison, &out)
    return out.text
  }

  static func header(_ c: MultiSiteComparison, _ out: inout ReportWriter) {
    let a = c.aggregate
    let options = a.options
    out.line("POETQ sites compared — \(a.title.isEmpty ? "untitled" : a.title)")
    out.line(
      "\(a.sorts.count) sorts at \(c.sites.count) sites × \(a.statements.count) statements; grid \(TextReport.gridDescription(a.distribution))"
    )
    out.line(
      "\(options.extraction.rawValue) extraction, rotation \(options.rotation.rawValue), profile \(options.profile.rawValue); aggregate: \(a.factorLabels.count) factors"
    )
    for note in c.notes { out.line("  \(note)") }
  }

  static func aggregateName(_ label: String) -> String { "F\(label)" }
  /// "Site A" for a site named "A"; a longer name ("Site A", "Leeds") as it is.
  static func siteTitle(_ site: String) -> String { site.count <= 3 ? "Site \(site)" : site }
  static func localName(_ site: String, _ label: String) -> String { "\(site)-F\(label)" }

  static func table(_ rows: [[String]], _ out: inout ReportWriter) {
    let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
      rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
    }
    for row in rows {
      let cells = row.enumerated().map { column, cell in
        column == 0
          ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[column] - cell.count) + cell
      }
      out.line(cells.joined(separator: "  "))
    }
  }

  static func prevalence(_ c: MultiSiteComparison, _ out: inout ReportWriter) {
    out.section("Table 11. Prevalence of the aggregate viewpoints across sites (defining sorts)")
    let labels = c.aggregate.factorLabels.map(aggregateName)
    var rows = [["Site", "Matched"] + labels + ["None"]]
    for site in c.sites {
      guard let p = c.prevalence[site] else { continue }
      rows.append([site, "\(p.matched) of \(p.sorts)"] + p.defining.map(String.init) + [String(p.none)])
    }
    let total = c.prevalenceTotal
    rows.append(
      ["Total", "\(total.matched) of \(total.sorts)"] + total.defining.map(String.init) + [String(total.none)])
    table(rows, &out)
    out.line("A sort flagged on two factors counts under both; \"matched\" counts it once.")
  }

  static func groups(_ c: MultiSiteComparison, _ out: inout ReportWriter) {
    for column in c.groupTables.keys.sorted() {
      out.section("Table 14. The \(column) of each aggregate viewpoint's defining sorts, by site")
      guard let bySite = c.groupTables[column] else { continue }
      for site in c.sites {
        guard let factors = bySite[site] else { continue }
        out.line(siteTitle(site))
        for (factor, counts) in factors.enumerated() where !counts.isEmpty {
          let values = counts.map { $0.count > 1 ? "\($0.value) (\($0.count))" : $0.value }
          out.line("  \(aggregateName(c.aggregate.factorLabels[factor])): \(values.joined(separator: ", "))")
        }
      }
    }
    if c.groupTables.isEmpty {
      out.section("Table 14. Aggregate viewpoints by group")
      out.line("(the groups give no column besides sort and site)")
    }
  }

  static func correlations(_ c: MultiSiteComparison, _ out: inout ReportWriter) {
    let s = c.secondOrder
    let what = s.basis == .arrays ? "factor arrays" : "factor z-scores"
    out.section("Tables 15–\(14 + c.sites.count). Correlation of each site's local \(what) with the aggregate ones")
    out.line(
      "Pearson's r; * marks r ≥ \(TextReport.fixed(s.threshold, 2)), [ ] the aggregate viewpoint each local one stands for,"
    )
    out.line("! r ≤ −\(TextReport.fixed(s.threshold, 2)): the local viewpoint is the aggregate one's mirror image.")
    for site in c.sites {
      guard let matrix = s.correlations[site], let labels = s.localFactors[site] else { continue }
      out.blank()
      out.line(siteTitle(site))
      var rows = [[""] + s.aggregateFactors.map(aggregateName)]
      let matched = Dictionary(
        (s.matches[site] ?? []).map { ($0.local, $0.aggregate) }, uniquingKeysWith: { first, _ in first })
      for (index, row) in matrix.enumerated() {
        let label = labels[index]
        rows.append(
          [localName(site, label)]
            + row.enumerated().map { column, r in
              guard let r else { return "—" }
              let text = TextReport.fixed(r, 2)
              if matched[label] == s.aggregateFactors[column] { return "[\(text)]" }
              return r >= s.threshold ? "\(text)*" : r <= -s.threshold ? "\(text)!" : "\(text) "
            })
      }
      table(rows, &out)
      if let only = s.localOnly[site], !only.isEmpty {
        out.line("Local only: \(only.map { localName(site, $0) }.joined(separator: ", "))")
      }
      if let mirrors = s.mirrors[site], !mirrors.isEmpty {
        let pairs = mirrors.map {
          "\(localName(site, $0.local)) of \(aggregateName($0.aggregate)) (\(TextReport.fixed($0.r, 2)))"
        }
        out.line("Mirror images: \(pairs.joined(separator: ", "))")
      }
    }
  }

  static func summary(_ c: MultiSiteComparison, _ out: inout ReportWriter) {
    out.section("Table 20. Aggregate viewpoints found through each site's local analysis")
    var rows = [["Site"] + c.aggregate.factorLabels.map(aggregateName) + ["Local only"]]
    for site in c.sites {
      guard let summary = c.summary[site] else { continue }
      let only = summary.localOnly.map { localName(site, $0) }.joined(separator: ", ")
      rows.append(
        [site] + summary.aggregate.map { $0.map { localName(site, $0.local) } ?? "·" } + [only.isEmpty ? "none" : only])
    }
    table(rows, &out)
    let absent = c.aggregateOnly
    if !absent.isEmpty {
      out.line("Found at no site locally (only in the aggregate): \(absent.map(aggregateName).joined(separator: ", "))")
    }
  }

  static func congruence(_ c: MultiSiteComparison, _ out: inout ReportWriter) {
    out.section("Tucker's congruence of local and aggregate loadings over each site's sorts")
    for site in c.sites {
      guard let matrix = c.congruence[site], let labels = c.secondOrder.localFactors[site] else { continue }
      out.line(siteTitle(site))
      var rows = [[""] + c.aggregate.factorLabels.map(aggregateName)]
      for (index, row) in matrix.enumerated() {
        rows.append([localName(site, labels[index])] + row.map { TextReport.fixed($0, 2) })
      }
      table(rows, &out)
    }
  }

  static func secondOrderAnalysis(_ c: MultiSiteComparison, _ out: inout ReportWriter) {
    out.section("Second-order factor analysis of the local factor arrays")
    guard let result = c.secondOrderAnalysis else {
      out.line("(not run: fewer than two local factors have an array)")
      return
    }
    out.line(
      "\(result.sorts.count) local arrays, \(result.factorLabels.count) second-order factors; loadings (X = defining)")
    var rows = [[""] + result.factorLabels.map { "SF\($0)" }]
    for (row, id) in result.sorts.enumerated() {
      rows.append(
        [id]
          + result.loadings[row].enumerated().map { factor, a in
            TextReport.fixed(a, 2) + (result.flags[row][factor] ? "X" : " ")
          })
    }
    table(rows, &out)
  }
}
