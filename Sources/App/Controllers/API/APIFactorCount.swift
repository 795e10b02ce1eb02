import QMethod
import Vapor

/// The answer of `GET /api/v1/studies/{slug}/factor-count`: the "How many factors?" figures with
/// whether their parallel analysis is known yet.
///
/// The same contract as the page: for a study above ``AnalysisRunner/cachedSortsLimit`` sorts whose
/// data shape has no stored parallel analysis, the other figures are answered at once with
/// `status` "computing" (HTTP 202, `Retry-After`), the parallel analysis is queued as cache work, and
/// `parallel` and that criterion's `suggested` are left out until it lands; asking again later
/// answers 200 with `status` "done" and every figure. The minute of simulations at 10,000 sorts never
/// runs inside the request.
struct APIFactorCount: Content {
  /// "done", or "computing" while the parallel analysis runs in the background.
  var status: String
  var sorts: Int
  var statements: Int
  var extraction: ExtractionMethod
  var eigenvalues: [Double]
  var kaiser: Int
  /// Absent while `status` is "computing".
  var parallel: ParallelAnalysis.Result?
  var humphrey: HumphreyRule.Result
  var correlationThreshold: Double
  var solutions: [FactorSolution]
  var criteria: [Criterion]

  struct Criterion: Content {
    var name: String
    var explanation: String
    var source: String
    /// Absent for the parallel analysis while it is computed.
    var suggested: Int?
  }

  /// The criterion whose count waits for the background computation.
  static let parallelCriterion = "Parallel analysis"

  /// Seconds a client is asked to wait before asking again while the parallel analysis computes.
  static let retryAfter = 30

  init(_ counted: FactorCount.Result, pending: Bool) {
    status = pending ? "computing" : "done"
    sorts = counted.sorts
    statements = counted.statements
    extraction = counted.extraction
    eigenvalues = counted.eigenvalues
    kaiser = counted.kaiser
    // While pending, `counted.parallel` is a stand-in with no line: never shown.
    parallel = pending ? nil : counted.parallel
    humphrey = counted.humphrey
    correlationThreshold = counted.correlationThreshold
    solutions = counted.solutions
    criteria = counted.criteria.map {
      Criterion(
        name: $0.name, explanation: $0.explanation, source: $0.source,
        suggested: pending && $0.name == Self.parallelCriterion ? nil : $0.suggested)
    }
  }

  /// 200 with every figure, or 202 with `Retry-After` while the parallel analysis computes.
  func response(for req: Request) async throws -> Response {
    let response = try await encodeResponse(for: req)
    if status == "computing" {
      response.status = .accepted
      response.headers.replaceOrAdd(name: .retryAfter, value: String(Self.retryAfter))
    }
    return response
  }
}
