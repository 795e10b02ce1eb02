import QMethod
import Vapor

/// `202` answer to `POST …/analyses`.
struct AnalysisQueuedDTO: Content {
  var id: UUID
  var status: Analysis.Status
}

/// One analysis in `GET …/analyses`: its state, not its result.
struct AnalysisSummaryDTO: Content {
  var id: UUID
  var name: String
  var status: Analysis.Status
  /// The engine's stage while running.
  var stage: String?
  /// Why it failed.
  var failure: String?
  var sortCount: Int?
  var dataHash: String
  var engineVersion: String
  var needsRerun: Bool
  /// The withdrawn sorts that call for the re-run (those of the member's sites).
  var withdrawnSorts: [String]
  /// `full`, or `whole` for a member who sees it without any sort's row (``StudyAccess/AnalysisView``).
  var view: StudyAccess.AnalysisView
  var createdBy: UUID?
  var createdAt: Date?
  var startedAt: Date?
  var finishedAt: Date?

  init(_ visible: StudyAccess.VisibleAnalysis) throws {
    let analysis = visible.analysis
    id = try analysis.requireID()
    name = analysis.name
    status = analysis.status
    stage = analysis.stage
    failure = analysis.failure
    sortCount = analysis.usedSortIDs?.count
    dataHash = analysis.dataHash
    engineVersion = analysis.engineVersion
    needsRerun = analysis.needsRerun
    withdrawnSorts = visible.withdrawnSorts
    view = visible.view
    createdBy = analysis.$createdBy.id
    createdAt = analysis.createdAt
    startedAt = analysis.startedAt
    finishedAt = analysis.finishedAt
  }
}

/// `GET …/analyses/{id}`: everything stored, with `result` exactly what `poetq analyze --format json`
/// writes for the same sorts and options (`null` until the run is done). Seen as a whole (`view`), the
/// result, parameters and sort ids hold no sort of another site (``StudyAccess/VisibleAnalysis``).
struct AnalysisDTO: Content {
  var id: UUID
  var name: String
  var status: Analysis.Status
  var stage: String?
  var failure: String?
  var parameters: AnalysisParameters
  /// `null` for an analysis stored before runs recorded their sorts, or seen as a whole.
  var sortIDs: [String]?
  var dataHash: String
  var engineVersion: String
  var needsRerun: Bool
  var withdrawnSorts: [String]
  var view: StudyAccess.AnalysisView
  var createdBy: UUID?
  var createdAt: Date?
  var startedAt: Date?
  var finishedAt: Date?
  var result: AnalysisResult?

  /// - Parameter result: the stored result as the member may see it.
  init(_ visible: StudyAccess.VisibleAnalysis, result: AnalysisResult?) throws {
    let analysis = visible.analysis
    id = try analysis.requireID()
    name = analysis.name
    status = analysis.status
    stage = analysis.stage
    failure = analysis.failure
    parameters = try visible.parameters()
    sortIDs = visible.sortIDs
    dataHash = analysis.dataHash
    engineVersion = analysis.engineVersion
    needsRerun = analysis.needsRerun
    withdrawnSorts = visible.withdrawnSorts
    view = visible.view
    createdBy = analysis.$createdBy.id
    createdAt = analysis.createdAt
    startedAt = analysis.startedAt
    finishedAt = analysis.finishedAt
    self.result = result
  }
}

extension AnalysisOptions: Content {}
extension AnalysisComparison: Content {}
extension FactorCount.Result: Content {}
