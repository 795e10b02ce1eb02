import Fluent
import Foundation
import POETQKit
import QMethod

/// The multi-site comparison of a study from its stored analyses (section 3.5 of the POETQ report):
/// an aggregate analysis of every site's sorts, one local analysis per site queued through
/// ``AnalysisRuns`` (so they are ordinary analyses on the Analyses tab), and the tables
/// ``MultiSite/assemble(aggregate:local:data:groups:options:)`` builds from them.
enum SitesComparison {
  /// A stored analysis that can serve as the aggregate: done, of every site's sorts (no site or
  /// question filter; sorts ticked out, and the explicit sort list that hand flags and hand
  /// rotations store, are allowed: hand rotation of the national solution is routine practice).
  struct Candidate: Sendable {
    var analysis: Analysis
    var parameters: AnalysisParameters
  }

  /// A site's local analysis: the newest one queued for this aggregate's sorts of the site, and the
  /// newest of those that is done and fits (same sorts and statements as the aggregate's).
  struct Local: Sendable {
    var site: String
    var siteID: UUID
    /// The site's sorts in the aggregate, in its order.
    var sortIDs: [String]
    var latest: Analysis?
    var done: Analysis?
    var result: AnalysisResult?
  }

  /// Everything the page and the site reports are made from.
  struct State: Sendable {
    var aggregate: Analysis
    var aggregateResult: AnalysisResult
    var parameters: AnalysisParameters
    /// The aggregate's sorts (every site), as the engine's data.
    var data: QSortData
    var export: StudyDataExport
    /// Each sort's site and the chosen question's answer.
    var groups: SortGroups
    /// The sites with sorts in the aggregate, in the study's order.
    var locals: [Local]
    /// The full comparison, once every site has a done local analysis.
    var comparison: MultiSiteComparison?
    /// Why the comparison could not be assembled from the done analyses (they no longer fit).
    var problem: String?
  }

  /// The study's analyses that can be the aggregate, newest first (their results are not read:
  /// ``load(_:study:question:threshold:on:)`` reads the chosen one's).
  static func candidates(studyID: UUID, on db: any Database) async throws -> [Candidate] {
    let analyses = try await Analysis.query(on: db).filter(\.$study.$id == studyID).filter(\.$status == .done)
      .sort(\.$createdAt, .descending).all()
    return analyses.compactMap { analysis in
      guard let parameters = try? AnalysisParameters.decode(analysis.parameters) else { return nil }
      let s = parameters.selection
      guard s.sites == nil, s.question == nil else { return nil }
      return Candidate(analysis: analysis, parameters: parameters)
    }
  }

  /// Analyses of every site's sorts still queued or running, oldest first.
  static func pending(studyID: UUID, on db: any Database) async throws -> [Analysis] {
    try await Analysis.query(on: db).filter(\.$study.$id == studyID).filter(\.$status ~~ [.queued, .running])
      .sort(\.$createdAt).all()
      .filter { (try? AnalysisParameters.decode($0.parameters))?.selection.sites == nil }
  }

  /// Loads the comparison for `aggregateID` (a candidate of the study).
  /// - Parameters:
  ///   - question: a question key whose answers make Table 14 (and a group column), or `nil`.
  ///   - threshold: the second-order matching threshold.
  /// - Throws: 404 for an analysis that is not a candidate.
  static func load(
    _ candidate: Candidate, study: Study, question: String?, threshold: Double, on db: any Database
  ) async throws -> State {
    let studyID = try study.requireID()
    guard let aggregate = try await Analysis.find(candidate.analysis.id, on: db) else {
      throw Refusal.notFound("That analysis is gone.")
    }
    let aggregateResult = try await StoredResults.required(aggregate, on: db)
    let full = try await StudySorts.export(study, on: db)
    let byID = Dictionary(full.sorts.map { ($0.sortID, $0) }) { first, _ in first }
    var export = full
    export.sorts = aggregateResult.sorts.compactMap { byID[$0] }
    let sites = try await Site.query(on: db).filter(\.$study.$id == studyID).sort(\.$position).all()
    let columns = question.map { [$0] } ?? []
    let groups = export.sortGroups(sites: sites.map(\.name), columns: columns)
    // Results are read only for the done local analysis each site uses (every analysis's would be
    // megabytes on a large study).
    let analyses = try await Analysis.query(on: db).filter(\.$study.$id == studyID).sort(\.$createdAt, .descending)
      .all()
    var locals: [Local] = []
    for site in sites where groups.sites.contains(site.name) {
      let ids = groups.sorts(at: site.name, in: aggregateResult.sorts)
      var local = Local(site: site.name, siteID: try site.requireID(), sortIDs: ids)
      for analysis in analyses where isLocal(analysis, site: site.name, sortIDs: ids) {
        if local.latest == nil { local.latest = analysis }
        if analysis.status == .done, let result = try? await StoredResults.result(of: analysis, on: db),
          result.sorts == ids, result.statements == aggregateResult.statements
        {
          local.done = analysis
          local.result = result
          break
        }
      }
      locals.append(local)
    }
    var state = State(
      aggregate: aggregate, aggregateResult: aggregateResult, parameters: candidate.parameters,
      data: try export.qSortData(),
      export: export, groups: groups, locals: locals)
    guard export.sorts.count == aggregateResult.sorts.count else {
      state.problem =
        "Some sorts of this analysis have been withdrawn since it ran: run it again (Analyses tab) before comparing sites."
      return state
    }
    if locals.allSatisfy({ $0.result != nil }) {
      var localFactors: [String: Int] = [:]
      for local in locals {
        if let done = local.done, let factors = try? AnalysisParameters.decode(done.parameters).options.factors {
          localFactors[local.site] = factors
        }
      }
      let options = MultiSiteOptions(
        analysis: aggregateResult.options, localFactors: localFactors, threshold: threshold)
      // By site name (unique in a study, by the sites index); built without a trap all the same.
      var results: [String: AnalysisResult] = [:]
      for local in locals { results[local.site] = local.result }
      let data = state.data
      do {
        state.comparison = try await Task.detached(priority: .userInitiated) {
          try MultiSite.assemble(
            aggregate: aggregateResult, local: results, data: data, groups: groups, options: options)
        }.value
      } catch {
        state.problem =
          "The stored analyses do not fit together: \((error as? QMethodError)?.webMessage ?? "\(error)")"
      }
    }
    return state
  }

  /// Whether `analysis` is a local analysis of `site` over exactly `sortIDs` (as queued here).
  static func isLocal(_ analysis: Analysis, site: String, sortIDs: [String]) -> Bool {
    guard let parameters = try? AnalysisParameters.decode(analysis.parameters) else { return false }
    let s = parameters.selection
    return s.sites == [site] && s.question == nil && s.sorts == sortIDs && s.exclude.isEmpty
  }

  /// Queues one local analysis per site in `sites` (all of the aggregate's sites the member sees):
  /// the aggregate's method, each site's factor count from `factors` (`nil`: eigenvalue above 1).
  /// Everything is checked before anything is stored.
  /// - Throws: 422 naming the site (fewer sorts than factors asked, too few sorts to analyse).
  @discardableResult
  static func queueLocal(
    _ state: State, sites: [String], factors: [String: Int], study: Study, by userID: UUID, on db: any Database
  ) async throws -> [Analysis] {
    let options = MultiSiteOptions(analysis: state.parameters.options)
    var planned: [(Local, AnalysisParameters, QSortData)] = []
    for local in state.locals where sites.contains(local.site) {
      guard local.sortIDs.count >= 2 else {
        throw AnalysisSelection.invalid(
          "factors.\(local.site)",
          "\(local.site) has \(local.sortIDs.count) sort in this analysis; a local analysis needs 2")
      }
      let count = factors[local.site]
      if let count, !(1...local.sortIDs.count).contains(count) {
        throw AnalysisSelection.invalid(
          "factors.\(local.site)",
          "\(local.site) has \(local.sortIDs.count) sorts: keep 1 to \(local.sortIDs.count) factors, not \(count)")
      }
      let selection = AnalysisSelection(sites: [local.site], sorts: local.sortIDs)
      // The data exactly as the runner will read it back (``AnalysisRuns/data(for:on:)``).
      let wanted = Set(local.sortIDs)
      var narrowed = state.export
      narrowed.sorts = state.export.sorts.filter { wanted.contains($0.sortID) }
      let data = try narrowed.qSortData()
      planned.append(
        (local, AnalysisParameters(options: options.methodOptions(factors: count), selection: selection), data))
    }
    let plan = planned
    let studyID = try study.requireID()
    let analyses = try await Analysis.query(on: db).filter(\.$study.$id == studyID).sort(\.$createdAt, .descending)
      .all()
    return try await db.transaction { db in
      var queued: [Analysis] = []
      for (local, parameters, data) in plan {
        // The new run replaces the site's earlier local analyses of these sorts: those holding no
        // interpretation go; the newest one that holds some stays, for the new run to carry its
        // interpretations from (and is listed as superseded by it).
        var origin: UUID? = nil
        for earlier in analyses where isLocal(earlier, site: local.site, sortIDs: local.sortIDs) {
          guard let id = earlier.id, earlier.status != .running else { continue }
          let interpreted = try await InterpretationRecord.query(on: db).filter(\.$analysis.$id == id).count() > 0
          if interpreted {
            if origin == nil { origin = id }
            continue
          }
          try await AnalysisDeletion.delete(earlier, study: study, by: userID, on: db)
        }
        queued.append(
          try await AnalysisRuns.queued(
            name: "\(local.site) local (for \(state.aggregate.name))", parameters: parameters, data: data, study: study,
            by: userID, derivedFrom: origin, on: db))
      }
      try await StudyEditor.audit(
        study, by: userID, "sites.local",
        "\(queued.count) local analyses for \(state.aggregate.name): \(plan.map(\.0.site).joined(separator: ", "))",
        on: db)
      return queued
    }
  }
}
