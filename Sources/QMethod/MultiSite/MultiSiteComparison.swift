import Foundation

/// A multi-site comparison (section 3.5 and chapter 4 of the POETQ report): the aggregate analysis
/// of every site's sorts with its prevalence (Table 11) and group tables (Table 14), one local
/// analysis per site, the second-order comparison of local with aggregate factors (Tables 15–19),
/// the second-order factor analysis of the local factor arrays, Tucker's congruence of the
/// loadings, and the summary (Table 20).
///
/// The JSON keys `aggregate`, `local`, `prevalence`, `secondOrder` and `secondOrderAnalysis` are the
/// ones `poetq sites --format json` promises (docs/result-schema.md).
public struct MultiSiteComparison: Sendable, Codable, Equatable {
  /// The sites, in the order of every table.
  public var sites: [String]
  public var options: MultiSiteOptions
  /// The analysis of all sorts together.
  public var aggregate: AnalysisResult
  /// One analysis per site, of that site's sorts alone.
  public var local: [String: AnalysisResult]
  /// Table 11, by site.
  public var prevalence: [String: SitePrevalence]
  /// Table 14 for each group column (e.g. "role"): by site, per aggregate factor, the column's
  /// values among the site's defining sorts.
  public var groupTables: [String: [String: [[GroupCount]]]]
  /// Tables 15–19.
  public var secondOrder: SecondOrderComparison
  /// The factor analysis of every local factor array as a sort named `<site>-F<factor>`; `nil`
  /// when fewer than two local factors have arrays.
  public var secondOrderAnalysis: AnalysisResult?
  /// By site, Tucker's congruence of each local factor's loadings with each aggregate factor's
  /// loadings over the site's sorts (rows local, columns aggregate).
  public var congruence: [String: [[Double]]]
  /// Table 20, by site.
  public var summary: [String: SiteSummary]
  /// What a researcher should know: how each site's factor count was chosen, skipped analyses.
  public var notes: [String]

  /// Table 11's totals row.
  public var prevalenceTotal: SitePrevalence { SitePrevalence.total(sites.compactMap { prevalence[$0] }) }

  /// Aggregate factors (labels) that stand for a local factor at no site (the report's pluralist
  /// commissioning: "only emerges once we aggregate the data").
  public var aggregateOnly: [String] {
    aggregate.factorLabels.indices.filter { factor in
      sites.allSatisfy { summary[$0]?.aggregate[factor] == nil }
    }.map { aggregate.factorLabels[$0] }
  }
}

/// Runs and assembles multi-site comparisons.
public enum MultiSite {
  /// The stages of a comparison, reported to a progress callback.
  public enum Stage: Sendable, Equatable {
    case aggregate
    case local(site: String)
    case secondOrder
  }

  /// Runs the aggregate analysis, one local analysis per site and the second-order analysis, and
  /// assembles the tables.
  /// - Parameters:
  ///   - data: every site's sorts.
  ///   - groups: each sort's site (and other columns); every sort of `data` must have one.
  ///   - options: the analysis options and the factor counts.
  /// - Throws: ``QMethodError`` naming the sort, site or option at fault: a groups file with unknown
  ///   or missing sorts, a site without sorts, a site with fewer sorts than the factors asked, a
  ///   local factor count for a site that does not exist; an engine error is prefixed with its site.
  public static func compare(
    _ data: QSortData, groups: SortGroups, options: MultiSiteOptions = MultiSiteOptions(),
    progress: (@Sendable (Stage) -> Void)? = nil
  ) throws(QMethodError) -> MultiSiteComparison {
    let rowsBySite = try siteRows(data.sortIDs, groups: groups, options: options)
    progress?(.aggregate)
    let aggregate = try prefixed("aggregate analysis") { () throws(QMethodError) in
      try QAnalysis.run(data, options: options.analysis)
    }
    var local: [String: AnalysisResult] = [:]
    for site in groups.sites {
      progress?(.local(site: site))
      let rows = rowsBySite[site]!
      local[site] = try prefixed("site \(site)") { () throws(QMethodError) in
        try QAnalysis.run(
          data.selectingSorts(rows), options: options.methodOptions(factors: options.localFactors[site]))
      }
    }
    progress?(.secondOrder)
    return try assemble(aggregate: aggregate, local: local, data: data, groups: groups, options: options)
  }

  /// Builds the tables from analyses already run (e.g. stored ones): the aggregate analysis of
  /// `data` and each site's local analysis. Runs only the second-order factor analysis.
  /// - Throws: ``QMethodError`` when the results do not belong to `data` and `groups` (a missing
  ///   site, different statements), or the second-order analysis cannot run as asked.
  public static func assemble(
    aggregate: AnalysisResult, local: [String: AnalysisResult], data: QSortData, groups: SortGroups,
    options: MultiSiteOptions
  ) throws(QMethodError) -> MultiSiteComparison {
    let rowsBySite = try siteRows(data.sortIDs, groups: groups, options: options)
    let statements = data.statements.map(\.number)
    guard aggregate.sorts == data.sortIDs, aggregate.statements == statements else {
      throw .invalidData("the aggregate analysis is not of these sorts and statements")
    }
    let aggregateRow = Dictionary(
      aggregate.sorts.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    var prevalence: [String: SitePrevalence] = [:]
    var groupTables: [String: [String: [[GroupCount]]]] = [:]
    var correlations: [String: [[Double?]]] = [:]
    var matches: [String: [SecondOrderMatch]] = [:]
    var localOnly: [String: [String]] = [:]
    var mirrors: [String: [SecondOrderMatch]] = [:]
    var localFactors: [String: [String]] = [:]
    var congruence: [String: [[Double]]] = [:]
    var summary: [String: SiteSummary] = [:]
    var notes: [String] = []
    for column in groups.columns {
      let values = data.sortIDs.map { groups.values[$0]?[column] }
      groupTables[column] = rowsBySite.mapValues { GroupCount.byFactor(aggregate: aggregate, rows: $0, values: values) }
    }
    for site in groups.sites {
      let rows = rowsBySite[site]!
      prevalence[site] = SitePrevalence.compute(aggregate: aggregate, rows: rows)
      guard let result = local[site] else { throw .invalidData("site \(site) has no local analysis") }
      guard result.statements == statements, result.sorts == rows.map({ data.sortIDs[$0] }) else {
        throw .invalidData("the local analysis of site \(site) is not of that site's sorts and these statements")
      }
      let how = options.localFactors[site] == nil ? "eigenvalue above 1" : "as asked"
      notes.append("site \(site): \(rows.count) sorts, \(result.factorLabels.count) local factors (\(how))")
      let r = SecondOrder.correlations(local: result, aggregate: aggregate, basis: options.basis)
      correlations[site] = r
      localFactors[site] = result.factorLabels
      let paired = SecondOrder.match(r, threshold: options.threshold)
      let siteMatches = paired.matches.map {
        SecondOrderMatch(local: result.factorLabels[$0.local], aggregate: aggregate.factorLabels[$0.aggregate], r: $0.r)
      }
      matches[site] = siteMatches
      localOnly[site] = paired.unmatched.map { result.factorLabels[$0] }
      mirrors[site] = SecondOrder.mirrors(r, threshold: options.threshold).map {
        SecondOrderMatch(local: result.factorLabels[$0.local], aggregate: aggregate.factorLabels[$0.aggregate], r: $0.r)
      }
      congruence[site] = SecondOrder.congruence(
        local: result, aggregate: aggregate, aggregateRows: result.sorts.map { aggregateRow[$0]! })
      var row: [SecondOrderMatch?] = Array(repeating: nil, count: aggregate.factorLabels.count)
      for (pair, match) in zip(paired.matches, siteMatches) { row[pair.aggregate] = match }
      summary[site] = SiteSummary(aggregate: row, localOnly: localOnly[site]!)
    }
    let secondOrderAnalysis = try secondOrderAnalysis(local: local, data: data, groups: groups, options: options)
    if secondOrderAnalysis == nil {
      notes.append("no second-order analysis: fewer than two local factors have an array")
    }
    return MultiSiteComparison(
      sites: groups.sites, options: options, aggregate: aggregate, local: local, prevalence: prevalence,
      groupTables: groupTables,
      secondOrder: SecondOrderComparison(
        basis: options.basis, correlations: correlations, threshold: options.threshold, matches: matches,
        localOnly: localOnly, mirrors: mirrors, localFactors: localFactors, aggregateFactors: aggregate.factorLabels),
      secondOrderAnalysis: secondOrderAnalysis, congruence: congruence, summary: summary, notes: notes)
  }

  /// The local factor arrays as sorts (`A-F1`, `A-F2`, …, site by site), on the data's grid.
  public static func localArrays(local: [String: AnalysisResult], data: QSortData, sites: [String])
    throws(QMethodError) -> QSortData
  {
    var ids: [String] = []
    var scores: [Int] = []
    for site in sites {
      guard let result = local[site] else { continue }
      for (factor, label) in result.factorLabels.enumerated() {
        let array = result.factorArrays.map { $0[factor] }
        guard !array.contains(nil) else { continue }
        ids.append("\(site)-F\(label)")
        scores += array.map { $0! }
      }
    }
    // qmethod's tie rule can leave an array off the forced grid; the arrays are analysed as they are.
    return try QSortData(
      title: "second order: local factor arrays of \(data.title.isEmpty ? "the sites" : data.title)",
      statements: data.statements, sortIDs: ids, distribution: data.distribution, scores: scores,
      validateForced: false)
  }

  static func secondOrderAnalysis(
    local: [String: AnalysisResult], data: QSortData, groups: SortGroups, options: MultiSiteOptions
  ) throws(QMethodError) -> AnalysisResult? {
    let arrays = try localArrays(local: local, data: data, sites: groups.sites)
    guard arrays.sortCount >= 2 else { return nil }
    return try prefixed("second-order analysis") { () throws(QMethodError) in
      try QAnalysis.run(arrays, options: options.methodOptions(factors: options.secondOrderFactors))
    }
  }

  /// Each site's rows in the data, after checking the groups against the data and the options.
  static func siteRows(_ sortIDs: [String], groups: SortGroups, options: MultiSiteOptions) throws(QMethodError)
    -> [String: [Int]]
  {
    try groups.validate(sortIDs: sortIDs)
    var rows: [String: [Int]] = [:]
    for (row, id) in sortIDs.enumerated() { rows[groups.site[id]!, default: []].append(row) }
    for site in groups.sites where rows[site] == nil {
      throw .invalidData("site \(site) has no sorts")
    }
    for site in options.localFactors.keys.sorted() where rows[site] == nil {
      throw .invalidOptions(
        "local factors for site \(site), which has no sorts (sites: \(groups.sites.joined(separator: ", ")))")
    }
    for site in groups.sites {
      guard let factors = options.localFactors[site] else { continue }
      let count = rows[site]!.count
      guard factors >= 1 else { throw .invalidOptions("site \(site): local factors must be at least 1") }
      guard factors <= count else {
        throw .invalidOptions("site \(site) has \(count) sorts, fewer than the \(factors) local factors asked")
      }
    }
    return rows
  }

  /// Runs `body`, prefixing an engine error's message with `context`.
  static func prefixed<T>(_ context: String, _ body: () throws(QMethodError) -> T) throws(QMethodError) -> T {
    do {
      return try body()
    } catch {
      switch error {
      case .invalidData(let message): throw .invalidData("\(context): \(message)")
      case .invalidOptions(let message): throw .invalidOptions("\(context): \(message)")
      case .invalidDistribution(let message): throw .invalidDistribution("\(context): \(message)")
      case .malformedInput, .remedied: throw error
      }
    }
  }
}
