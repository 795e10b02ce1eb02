@testable import QMethod

/// Brown's centroid as it stood before its reflections wrote the residual row into one reused
/// buffer and its communality iteration ran in place (commit e578907): `BrownCentroid.extract`
/// with the correlation operator and residual of that commit, renamed, less what it did not use (the Frobenius norms). Kept verbatim as the
/// baseline the current extraction must equal bit for bit (`BrownCentroidBaselineTests`).
enum BrownCentroidBaseline {
  /// With the memory the correlation rows may be kept in (0: every row computed when asked for).
  static func extract(_ sorts: StandardisedSorts, factors: Int, profile: ConventionProfile, rowCacheBytes: Int)
    -> FactorExtraction
  {
    var residual = BaselineResidual(BaselineCorrelations(sorts, rowCacheBytes: rowCacheBytes))
    let n = sorts.sortCount
    var loadings = Matrix(rows: n, columns: factors)
    var notes: [String] = []
    for factor in 0..<factors {
      // Column sums of the reflected residuals: c_j = s_j·Σ_{k≠j} e_jk·s_k.
      var signs = [Double](repeating: 1, count: n)
      var sums = residual.times(signs)
      var reflections = 0
      while let (j, smallest) = minimum(sums), profile == .pqmethod ? smallest < 0 : smallest <= 0 {
        // Reversing sort j changes every other column's sum by −2·s_k·e_kj·s_j.
        let row = residual.row(j)
        // The same update as `for k ≠ j: sums[k] -= 2·signs[k]·row[k]·signs[j]`, in two runs
        // around j without bounds checks (each element's arithmetic unchanged, so are the bits).
        let sj = signs[j]
        sums.withUnsafeMutableBufferPointer { s in
          signs.withUnsafeBufferPointer { g in
            row.withUnsafeBufferPointer { e in
              for k in 0..<j { s[k] -= 2 * g[k] * e[k] * sj }
              for k in (j + 1)..<n { s[k] -= 2 * g[k] * e[k] * sj }
            }
          }
        }
        sums[j] = -sums[j]
        signs[j] = -signs[j]
        reflections += 1
        if reflections > 4 * n + 100 {
          notes.append("factor \(factor + 1): reflection stopped after \(reflections) steps")
          break
        }
      }
      let tolerance = profile == .pqmethod ? 1e-3 : 1e-5
      var diagonal =
        profile == .pqmethod ? [Double](repeating: 0.5, count: n) : sums.map { $0 / Double(max(n - 1, 1)) }
      var f = centroidLoadings(sums, diagonal)
      var iterations = 0
      while iterations < 10_000 {
        let squares = f.map { $0 * $0 }
        let largestChange = zip(diagonal, squares).map { abs($0 - $1) }.max() ?? 0
        let settled = profile == .pqmethod ? largestChange <= tolerance : largestChange < tolerance
        if settled { break }
        diagonal = squares
        f = centroidLoadings(sums, diagonal)
        iterations += 1
      }
      let column = zip(f, signs).map { $0 * $1 }
      loadings.setColumn(factor, to: column)
      residual.remove(column)
    }
    return FactorExtraction(loadings: loadings, eigenvalues: loadings.columnSumsOfSquares, notes: notes)
  }

  /// f = (c + d)/√Σ(c + d), guarded against a non-positive total (a residual with nothing left).
  static func centroidLoadings(_ sums: [Double], _ diagonal: [Double]) -> [Double] {
    let t = zip(sums, diagonal).map { $0 + $1 }
    let total = t.reduce(0, +)
    guard total > 0 else { return t.map { _ in 0 } }
    let root = total.squareRoot()
    return t.map { $0 / root }
  }

  /// The first index of the smallest value.
  static func minimum(_ values: [Double]) -> (Int, Double)? {
    guard var best = values.indices.first else { return nil }
    for index in values.indices where values[index] < values[best] { best = index }
    return (best, values[best])
  }
}

struct BaselineCorrelations {
  let sorts: StandardisedSorts
  private let dense: Matrix?
  private let cache: RowCache?

  init(_ sorts: StandardisedSorts, rowCacheBytes: Int) {
    self.sorts = sorts
    dense = sorts.sortCount <= sorts.statementCount ? sorts.correlationMatrix() : nil
    let rowsThatFit = rowCacheBytes / (MemoryLayout<Double>.stride * max(sorts.sortCount, 1))
    cache = dense == nil && rowsThatFit > 0 ? RowCache(capacity: rowsThatFit) : nil
  }

  var size: Int { sorts.sortCount }

  /// Row j of R (with R_jj = 1): computed, or the same values as computed before.
  func row(_ j: Int) -> [Double] {
    if let dense { return dense.row(j) }
    guard let cache else { return sorts.correlationRow(j) }
    if let row = cache.rows[j] { return row }
    let row = sorts.correlationRow(j)
    if cache.rows.count < cache.capacity { cache.rows[j] = row }
    return row
  }

  /// Rows of R computed so far (first come, kept while they fit); private to one extraction.
  private final class RowCache {
    let capacity: Int
    var rows: [Int: [Double]] = [:]
    init(capacity: Int) { self.capacity = capacity }
  }

  /// R·x.
  func times(_ x: [Double]) -> [Double] {
    guard let dense else { return sorts.correlationTimes(x) }
    let n = size
    var result = [Double](repeating: 0, count: n)
    dense.values.withUnsafeBufferPointer { r in
      for j in 0..<n {
        var sum = 0.0
        for k in 0..<n { sum += r[j * n + k] * x[k] }
        result[j] = sum
      }
    }
    return result
  }
}

/// The residual correlations after removing factors, with the diagonal left out:
/// E = R − Σ_k f_k·f_kᵀ, e_jj treated as 0 (the centroid methods put their own communalities there).
struct BaselineResidual {
  let correlations: BaselineCorrelations
  /// The factors removed so far, each a loading vector over sorts.
  private(set) var factors: [[Double]] = []
  /// Σ_k f_kj², each sort's communality over the removed factors.
  private(set) var communalities: [Double]

  init(_ correlations: BaselineCorrelations) {
    self.correlations = correlations
    communalities = [Double](repeating: 0, count: correlations.size)
  }

  mutating func remove(_ factor: [Double]) {
    factors.append(factor)
    for j in factor.indices { communalities[j] += factor[j] * factor[j] }
  }

  /// Row j of E with e_jj = 0.
  func row(_ j: Int) -> [Double] {
    var row = correlations.row(j)
    row.withUnsafeMutableBufferPointer { r in
      for factor in factors {
        let fj = factor[j]
        factor.withUnsafeBufferPointer { f in
          for k in 0..<r.count { r[k] -= fj * f[k] }
        }
      }
    }
    row[j] = 0
    return row
  }

  /// E·x with the diagonal left out.
  func times(_ x: [Double]) -> [Double] {
    var result = correlations.times(x)
    for factor in factors {
      var dot = 0.0
      for k in x.indices { dot += factor[k] * x[k] }
      for j in result.indices { result[j] -= factor[j] * dot }
    }
    for j in result.indices { result[j] -= (1 - communalities[j]) * x[j] }
    return result
  }
}
