import Fluent
import Foundation
import QMethod

/// The one site-limit rule (issue 24). A member limited to some sites (a site lead):
/// - sees, runs and derives analyses (hand flags and rotation, re-runs, interpretations) of their
///   sites' sorts only: every selection they make is narrowed to their sites
///   (``StudyAccess/Grant/limited(_:ownSiteNames:)``, applied by ``AnalysisRuns/selectedData(_:selection:export:on:)``);
/// - sees an analysis that used other sites' sorts besides theirs (the all-sites analysis) only as a
///   whole — factor arrays, characteristics, statement tables — with no per-sort row (loadings, flags,
///   exemplars, sort ids: ``StudyAccess/VisibleAnalysis``), and cannot change or derive from it;
/// - does not see an analysis of other sites' sorts only (404, as for an analysis that does not exist);
/// - does not manage sites (add, rename, remove).
/// Every analysis a route reads comes from ``StudyAccess/Grant/analysis(_:for:on:)``.
extension StudyAccess {
  /// How much of an analysis a member sees.
  enum AnalysisView: String, Codable, Sendable {
    /// Everything: a member who sees every site, or an analysis of the member's sites' sorts only.
    case full
    /// The analysis as a whole, without any sort's row: it used other sites' sorts beside the member's.
    case whole
    /// Nothing: it used no sort of the member's sites.
    case hidden
  }

  /// What a route wants an analysis for.
  enum AnalysisUse: Sendable {
    /// Reading it (as a whole when that is all the member may see).
    case read
    /// Changing it or deriving a new one from its sorts: hand flags and rotation, a re-run, an
    /// interpretation. Needs the full view.
    case change
  }

  /// The sorts a member may see: those of their sites (every sort for a member without a limit).
  struct SortScope: Sendable {
    /// The member's sites' sort ids (withdrawn ones included); `nil` for every sort.
    let ownSortIDs: Set<String>?
    /// The member's sites' names in the study's order; `nil` for every site.
    let siteNames: [String]?

    static let everything = SortScope(ownSortIDs: nil, siteNames: nil)

    func sees(sort id: String) -> Bool { ownSortIDs?.contains(id) ?? true }

    /// How much of `analysis` this scope sees, from the sorts its run recorded.
    func view(of analysis: Analysis) -> AnalysisView {
      guard let own = ownSortIDs else { return .full }
      guard let used = analysis.usedSortIDs else { return legacyView(of: analysis) }
      let mine = used.filter(own.contains).count
      if mine == used.count { return .full }
      return mine > 0 ? .whole : .hidden
    }

    /// An analysis stored before runs recorded their sorts: judged by the sites its selection names;
    /// one of every site is seen as a whole, any other (a sort list) not at all.
    private func legacyView(of analysis: Analysis) -> AnalysisView {
      guard let selection = try? AnalysisParameters.decode(analysis.parameters).selection else { return .hidden }
      let names = Set(siteNames ?? [])
      guard let sites = selection.sites else { return selection.sorts == nil ? .whole : .hidden }
      if sites.allSatisfy(names.contains) { return .full }
      return sites.contains(where: names.contains) ? .whole : .hidden
    }
  }

  /// An analysis as a member may see it: the stored row, how much of it they see, and their sorts.
  struct VisibleAnalysis: Sendable {
    let analysis: Analysis
    let view: AnalysisView
    let scope: SortScope

    /// The result as this member may see it (see ``AnalysisResult/asWhole(sortCount:)``).
    func result(_ stored: AnalysisResult) -> AnalysisResult {
      view == .full ? stored : stored.asWhole(sortCount: analysis.usedSortIDs?.count ?? stored.sorts.count)
    }

    /// The stored parameters with other sites' sort ids left out (sort lists, exclusions, manual flags).
    func parameters() throws -> AnalysisParameters {
      var parameters = try AnalysisParameters.decode(analysis.parameters)
      guard view != .full else { return parameters }
      parameters.selection.sorts = parameters.selection.sorts?.filter(scope.sees)
      parameters.selection.exclude = parameters.selection.exclude.filter(scope.sees)
      parameters.options.manualFlags = parameters.options.manualFlags.filter { scope.sees(sort: $0.key) }
      return parameters
    }

    /// The sorts the run used, `nil` when unknown or seen as a whole.
    var sortIDs: [String]? { view == .full ? analysis.usedSortIDs : nil }

    /// The withdrawn sorts behind "needs a re-run" that this member may know of.
    var withdrawnSorts: [String] { analysis.withdrawnSortIDs.filter(scope.sees) }
  }
}

extension StudyAccess.Grant {
  /// Whether this member may add, rename or remove sites: a researcher or owner without a site limit.
  var managesSites: Bool { siteIDs == nil && role >= .researcher }

  /// - Throws: 403 for a member limited to some sites (their role was checked already).
  func requireSiteManagement() throws {
    guard siteIDs == nil else {
      throw Refusal.forbidden("Sites: sites are managed by members who work with every site; you work with some only.")
    }
  }

  /// The sorts of this member's sites (read once per request; nothing is read for a member without a limit).
  func sortScope(on db: any Database) async throws -> StudyAccess.SortScope {
    guard let siteIDs else { return .everything }
    let studyID = try study.requireID()
    let ids = try await Participant.query(on: db).filter(\.$study.$id == studyID)
      .filter(\.$site.$id ~~ Array(siteIDs)).filter(\.$isPreview == false).filter(\.$sortID != nil)
      .all(\.$sortID)
    return StudyAccess.SortScope(ownSortIDs: Set(ids.compactMap { $0 }), siteNames: try await siteNames(on: db))
  }

  /// The names of this member's sites in the study's order (every site's for a member without a limit).
  func siteNames(on db: any Database) async throws -> [String] {
    let sites = try await Site.query(on: db).filter(\.$study.$id == (try study.requireID())).sort(\.$position).all()
    guard let siteIDs else { return sites.map(\.name) }
    return sites.filter { $0.id.map(siteIDs.contains) ?? false }.map(\.name)
  }

  /// The analysis `id` of this study as this member may use it.
  /// - Throws: 404 for an analysis not in the study or hidden from the member; 403 when `use` is
  ///   `.change` and the member sees it only as a whole.
  func analysis(_ id: UUID?, for use: StudyAccess.AnalysisUse, on db: any Database) async throws
    -> StudyAccess.VisibleAnalysis
  {
    guard let id,
      let analysis = try await Analysis.query(on: db).filter(\.$study.$id == (try study.requireID()))
        .filter(\.$id == id).first()
    else { throw Self.noSuchAnalysis }
    let scope = try await sortScope(on: db)
    let view = scope.view(of: analysis)
    guard view != .hidden else { throw Self.noSuchAnalysis }
    if use == .change && view == .whole {
      throw Refusal.forbidden(
        "Analysis: it used sorts of sites you do not work with, so you see it as a whole only; adjust, re-run or interpret an analysis of your sites’ sorts."
      )
    }
    return StudyAccess.VisibleAnalysis(analysis: analysis, view: view, scope: scope)
  }

  static let noSuchAnalysis = Refusal.notFound("Analysis: there is no such analysis of this study.")

  /// `selection` narrowed to this member's sites: naming no site means all of theirs; naming a site
  /// outside them is refused. Unchanged for a member without a limit.
  /// - Throws: 422 naming the site.
  func limited(_ selection: AnalysisSelection, ownSiteNames: [String]) throws -> AnalysisSelection {
    guard siteIDs != nil else { return selection }
    var limited = selection
    let chosen = selection.sites ?? ownSiteNames
    for (index, site) in chosen.enumerated() where !ownSiteNames.contains(site) {
      throw AnalysisSelection.invalid(
        "sites[\(index)]", "you work with \(ownSiteNames.joined(separator: ", ")) only, not “\(site)”")
    }
    limited.sites = chosen
    return limited
  }
}

extension AnalysisResult {
  /// The result as a member sees it who may see the analysis only as a whole: factor arrays,
  /// z-scores, characteristics and statement tables stay; every sort's row goes (sort ids,
  /// correlations between sorts, loadings, flags, exemplars, manual flags), and a warning says so.
  func asWhole(sortCount: Int) -> AnalysisResult {
    var whole = self
    whole.sorts = []
    whole.correlations = nil
    whole.unrotatedLoadings = []
    whole.loadings = []
    whole.flags = []
    whole.exemplars = exemplars.map { _ in [] }
    whole.options.manualFlags = [:]
    whole.bootstrap = bootstrap?.asWhole
    whole.warnings.append(
      "Seen as a whole: this analysis used \(sortCount) sorts, some of them at sites you do not work with, so no sort’s row (loadings, flags, exemplars, sort ids) is shown."
    )
    return whole
  }
}
