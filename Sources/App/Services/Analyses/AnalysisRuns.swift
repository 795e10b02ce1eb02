import Fluent
import Foundation
import POETQKit
import QMethod

/// Storing analyses: queueing a run with its resolved selection, the data a run works on, and
/// marking the analyses a withdrawn sort invalidates.
enum AnalysisRuns {
  /// Resolves `request` against the sorts the member may analyse, checks it, and stores a queued
  /// analysis (nothing is stored when anything is wrong). The runner is woken.
  /// - Parameter export: the study's sorts when the caller has read them already (every site's,
  ///   with answers), so they are not read twice; used only for a member without a site limit.
  /// - Throws: 422 naming the field for a bad selection or option.
  static func enqueue(
    _ request: AnalysisRequest, grant: StudyAccess.Grant, export: StudyDataExport? = nil, by userID: UUID?,
    on db: any Database
  ) async throws -> Analysis {
    let selected = try await selectedData(grant, selection: request.selection, export: export, on: db)
    let options = try request.options(sortIDs: selected.data.sortIDs, statementCount: selected.data.statementCount)
    return try await queued(
      name: request.name.trimmingCharacters(in: .whitespacesAndNewlines),
      parameters: AnalysisParameters(options: options, selection: selected.selection), data: selected.data,
      study: grant.study, by: userID, on: db)
  }

  /// Stores a queued analysis of `data` (whose sort ids are the ones it uses) with `parameters`.
  /// - Parameter derivedFrom: the analysis it is made from, whose interpretations the runner carries
  ///   to it when it is done (``InterpretationCarrying``).
  static func queued(
    name: String, parameters: AnalysisParameters, data: QSortData, study: Study, by userID: UUID?,
    derivedFrom: UUID? = nil, on db: any Database
  ) async throws -> Analysis {
    let analysis = Analysis(
      studyID: try study.requireID(), name: name, parameters: try parameters.json(),
      dataHash: QAnalysis.fingerprint(data), engineVersion: QMethodEngine.version)
    analysis.status = .queued
    analysis.sortIDs = try encodeList(data.sortIDs)
    analysis.$createdBy.id = userID
    analysis.derivedFrom = derivedFrom
    try await analysis.save(on: db)
    QueuedSorts.keep(data, for: try analysis.requireID())
    return analysis
  }

  /// Queues a re-run of `analysis` with the same settings on the sorts its selection holds now:
  /// withdrawn sorts drop out of an explicit sort list and their manual flags go with them. The
  /// selection is narrowed to the member's sites like any other (the caller has checked that they
  /// see the whole of `analysis`).
  static func rerun(_ analysis: Analysis, grant: StudyAccess.Grant, by userID: UUID?, on db: any Database)
    async throws -> Analysis
  {
    var parameters = try AnalysisParameters.decode(analysis.parameters)
    let export = try await StudySorts.export(grant.study, sites: grant.siteIDs, detail: .scores, on: db)
    let present = Set(export.sorts.map(\.sortID))
    parameters.selection.sorts = parameters.selection.sorts?.filter(present.contains)
    parameters.selection.exclude = parameters.selection.exclude.filter(present.contains)
    parameters.options.manualFlags = parameters.options.manualFlags.filter { present.contains($0.key) }
    let selected = try await selectedData(grant, selection: parameters.selection, on: db)
    parameters.selection = selected.selection
    if let factors = parameters.options.factors, factors > selected.data.sortCount {
      throw AnalysisSelection.invalid(
        "factors", "\(factors) factors cannot be kept from \(selected.data.sortCount) sorts")
    }
    return try await queued(
      name: analysis.name + " (re-run)", parameters: parameters, data: selected.data, study: grant.study, by: userID,
      derivedFrom: try analysis.requireID(), on: db)
  }

  /// A selection resolved for a member: the selection as stored (narrowed to their sites), the
  /// export narrowed to it, and the engine's data.
  struct Selected {
    var selection: AnalysisSelection
    var export: StudyDataExport
    var data: QSortData
  }

  /// The sorts `selection` picks among those the member of `grant` may analyse: for a member limited
  /// to some sites, only their sites' sorts are read at all, so neither the data nor an error's
  /// words ("the selection holds 1") can tell of another site's sorts.
  /// - Parameter known: the study's sorts when the caller has read them already (a member without a limit).
  /// - Throws: 422 naming the field.
  static func selectedData(
    _ grant: StudyAccess.Grant, selection: AnalysisSelection, export known: StudyDataExport? = nil,
    on db: any Database
  ) async throws -> Selected {
    // Answers are read only when the selection filters on one.
    let detail: StudySorts.Detail = selection.question == nil ? .scores : .forAnalysis
    let siteNames = try await grant.siteNames(on: db)
    let selection = try grant.limited(selection, ownSiteNames: siteNames)
    let export: StudyDataExport
    if let known, grant.siteIDs == nil {
      export = known
    } else {
      export = try await StudySorts.export(grant.study, sites: grant.siteIDs, detail: detail, on: db)
    }
    let place = grant.siteIDs == nil ? "in this study" : "at your sites (\(siteNames.joined(separator: ", ")))"
    let narrowed = try selection.apply(to: export, siteNames: siteNames, place: place)
    do {
      return Selected(selection: selection, export: narrowed, data: try narrowed.qSortData())
    } catch {
      throw Refusal.invalid("sorts: \(error)")
    }
  }

  /// The data a queued analysis runs on: its recorded sorts, as they are now.
  /// - Throws: `QMethodError.invalidData` when one of them has been withdrawn since.
  static func data(for analysis: Analysis, on db: any Database) async throws -> QSortData {
    guard let study = try await Study.find(analysis.$study.id, on: db) else {
      throw QMethodError.invalidData("the study is gone")
    }
    let export = try await StudySorts.export(study, detail: .scores, on: db)
    let wanted = analysis.usedSortIDs ?? export.sorts.map(\.sortID)
    let byID = Dictionary(export.sorts.map { ($0.sortID, $0) }) { first, _ in first }
    let missing = wanted.filter { byID[$0] == nil }
    guard missing.isEmpty else {
      throw QMethodError.invalidData(
        "sort\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) no longer exist (withdrawn after the run was queued); run the analysis again"
      )
    }
    var narrowed = export
    narrowed.sorts = wanted.compactMap { byID[$0] }
    return try narrowed.qSortData()
  }

  /// Marks exactly the study's analyses that used `sortID` as needing a re-run, recording the sort;
  /// analyses stored before runs recorded their sorts are marked too (they may have used it).
  static func markWithdrawn(sortID: String?, studyID: UUID, on db: any Database) async throws {
    let analyses = try await Analysis.query(on: db).filter(\.$study.$id == studyID).all()
    for analysis in analyses {
      guard let used = analysis.usedSortIDs else {
        analysis.needsRerun = true
        try await analysis.save(on: db)
        continue
      }
      guard let sortID, used.contains(sortID) else { continue }
      analysis.needsRerun = true
      var withdrawn = analysis.withdrawnSortIDs
      if !withdrawn.contains(sortID) { withdrawn.append(sortID) }
      analysis.rerunSortIDs = try encodeList(withdrawn)
      try await analysis.save(on: db)
    }
  }

  static func encodeList(_ values: [String]) throws -> String {
    String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
  }
}
