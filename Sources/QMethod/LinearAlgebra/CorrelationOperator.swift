/// The sorts × sorts correlation matrix R as an operator: rows, products and its Frobenius norm.
///
/// With no more sorts than statements R is small and stored; otherwise every request is answered
/// from the standardised data (R = ZᵀZ/S), so memory stays O(N·S) however many sorts there are,
/// apart from the rows already asked for, kept up to `rowCacheBytes` (Brown's reflections ask for
/// the same sorts' rows factor after factor; each row costs N·S multiplications to compute).
struct CorrelationOperator {
  /// The memory rows of R may be kept in: 64 MiB, every row up to about 2,900 sorts.
  static let rowCacheBytes = 64 << 20

  let sorts: StandardisedSorts
  private let dense: Matrix?
  private let cache: RowCache?

  init(_ sorts: StandardisedSorts, rowCacheBytes: Int = Self.rowCacheBytes) {
    self.sorts = sorts
    dense = sorts.sortCount <= sorts.statementCount ? sorts.correlationMatrix() : nil
    let rowsThatFit = rowCacheBytes / (MemoryLayout<Double>.stride * max(sorts.sortCount, 1))
    cache = dense == nil && rowsThatFit > 0 ? RowCache(capacity: rowsThatFit, sorts: sorts.sortCount) : nil
  }

  var size: Int { sorts.sortCount }

  /// Row j of R (with R_jj = 1): computed, or the same values as computed before.
  func row(_ j: Int) -> [Double] {
    var row = [Double](repeating: 0, count: size)
    row.withUnsafeMutableBufferPointer { copyRow(j, into: $0) }
    return row
  }

  /// Writes row j of R into `row` (`size` doubles): the stored matrix's row, a kept row, or the row
  /// computed from the data (and kept while there is room) — always the same bits for the same j.
  func copyRow(_ j: Int, into row: UnsafeMutableBufferPointer<Double>) {
    withRow(j, scratch: row.baseAddress!) { r in
      if r != UnsafePointer(row.baseAddress!) { row.baseAddress!.update(from: r, count: size) }
    }
  }

  /// Calls `body` with row j of R (`size` doubles, read only while `body` runs): the stored matrix's
  /// row, a kept row, or the row computed from the data — straight into the kept rows while there is
  /// room, else into `scratch` (`size` doubles). Nothing is copied on the way: a kept row is read
  /// where it lies.
  func withRow<Result>(
    _ j: Int, scratch: UnsafeMutablePointer<Double>, _ body: (UnsafePointer<Double>) -> Result
  ) -> Result {
    let n = size
    if let dense {
      return dense.values.withUnsafeBufferPointer { r in body(r.baseAddress! + j * n) }
    }
    guard let cache else {
      sorts.correlationRow(j, into: UnsafeMutableBufferPointer(start: scratch, count: n))
      return body(scratch)
    }
    if let kept = cache.row(j) { return body(kept) }
    guard let fresh = cache.newRow(j) else {
      sorts.correlationRow(j, into: UnsafeMutableBufferPointer(start: scratch, count: n))
      return body(scratch)
    }
    sorts.correlationRow(j, into: UnsafeMutableBufferPointer(start: fresh, count: n))
    return body(fresh)
  }

  /// Rows of R computed so far (first come, kept while they fit), one after another in one block
  /// allocated on first use and written once per row; private to one extraction.
  private final class RowCache {
    let capacity: Int
    let width: Int
    private var rows: UnsafeMutablePointer<Double>?
    /// Where sort j's row starts in `rows`, in rows; −1 while not kept.
    private var slot: [Int]
    private var used = 0
    init(capacity: Int, sorts: Int) {
      self.capacity = min(capacity, sorts)
      width = sorts
      slot = [Int](repeating: -1, count: sorts)
    }
    deinit { rows.map(RowMemory.deallocate) }

    /// Sort j's kept row, if it is kept.
    func row(_ j: Int) -> UnsafePointer<Double>? {
      guard let rows, slot[j] >= 0 else { return nil }
      return UnsafePointer(rows + slot[j] * width)
    }

    /// Room for sort j's row (to be written before it is read), or `nil` when the rows are full.
    func newRow(_ j: Int) -> UnsafeMutablePointer<Double>? {
      guard used < capacity else { return nil }
      let base = rows ?? RowMemory.allocate(doubles: capacity * width)
      rows = base
      slot[j] = used
      used += 1
      return base + slot[j] * width
    }
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

  /// ‖R‖²_F = Σ_jk r_jk², which equals ‖G‖²_F for G = Z·Zᵀ/S.
  func frobeniusSquared() -> Double {
    let matrix = dense ?? sorts.statementGram()
    return matrix.values.reduce(0) { $0 + $1 * $1 }
  }
}

/// The residual correlations after removing factors, with the diagonal left out:
/// E = R − Σ_k f_k·f_kᵀ, e_jj treated as 0 (the centroid methods put their own communalities there).
struct OffDiagonalResidual {
  let correlations: CorrelationOperator
  /// The factors removed so far, one after another: factor f's loading of sort k at f·size + k
  /// (one block, as the reflection step reads them four sorts at a time).
  private(set) var factorStore: [Double] = []
  /// Σ_k f_kj², each sort's communality over the removed factors.
  private(set) var communalities: [Double]

  init(_ correlations: CorrelationOperator) {
    self.correlations = correlations
    communalities = [Double](repeating: 0, count: correlations.size)
  }

  mutating func remove(_ factor: [Double]) {
    factorStore.append(contentsOf: factor)
    for j in factor.indices { communalities[j] += factor[j] * factor[j] }
  }

  /// How many factors have been removed.
  var removedCount: Int { correlations.size == 0 ? 0 : factorStore.count / correlations.size }

  /// Calls `body` with each removed factor's loadings over sorts, in the order they were removed.
  private func forEachFactor(_ body: (UnsafeBufferPointer<Double>) -> Void) {
    let n = correlations.size
    factorStore.withUnsafeBufferPointer { store in
      for f in 0..<removedCount { body(UnsafeBufferPointer(rebasing: store[(f * n)..<((f + 1) * n)])) }
    }
  }

  /// Row j of E with e_jj = 0.
  func row(_ j: Int) -> [Double] {
    var row = [Double](repeating: 0, count: correlations.size)
    row.withUnsafeMutableBufferPointer { copyRow(j, into: $0) }
    return row
  }

  /// Writes row j of E, with e_jj = 0, into `r` (`correlations.size` doubles): R's row less each
  /// removed factor's f_j·f in the order they were removed.
  func copyRow(_ j: Int, into r: UnsafeMutableBufferPointer<Double>) {
    correlations.copyRow(j, into: r)
    forEachFactor { f in
      let fj = f[j]
      for k in 0..<r.count { r[k] -= fj * f[k] }
    }
    r[j] = 0
  }

  /// E·x with the diagonal left out.
  func times(_ x: [Double]) -> [Double] {
    var result = correlations.times(x)
    forEachFactor { factor in
      var dot = 0.0
      for k in x.indices { dot += factor[k] * x[k] }
      for j in result.indices { result[j] -= factor[j] * dot }
    }
    for j in result.indices { result[j] -= (1 - communalities[j]) * x[j] }
    return result
  }

  /// Σ_{j≠k} e_jk², from ‖R‖²_F, the factors and their cross-products, without forming E.
  func sumOfSquares(frobeniusOfR: Double) -> Double {
    let n = correlations.size
    var total = frobeniusOfR - Double(n)  // Σ_{j≠k} r_jk²
    var crossWithR = 0.0  // Σ_k f_kᵀ R f_k
    forEachFactor { factor in
      let product = correlations.times(Array(factor))
      for j in 0..<n { crossWithR += factor[j] * product[j] }
    }
    let sumOfCommunalities = communalities.reduce(0, +)
    total -= 2 * (crossWithR - sumOfCommunalities)
    var gram = 0.0  // ‖FᵀF‖²_F
    forEachFactor { a in
      forEachFactor { b in
        var dot = 0.0
        for j in 0..<n { dot += a[j] * b[j] }
        gram += dot * dot
      }
    }
    total += gram - communalities.reduce(0) { $0 + $1 * $1 }
    return max(total, 0)
  }
}
