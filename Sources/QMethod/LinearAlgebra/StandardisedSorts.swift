/// The sorts as standardised columns of the statements × sorts data, and the products the
/// extractions need from the sorts × sorts correlation matrix R without ever storing it.
///
/// Each sort k is centred and scaled to unit population variance, z_ik = (x_ik − x̄_k)/s_k, so that
/// the Pearson correlation of sorts j and k is r_jk = (1/S)·Σ_i z_ij·z_ik (S statements). With Z the
/// S × N matrix of these columns, R = ZᵀZ/S; a product R·x is Zᵀ(Z·x)/S, which costs O(N·S).
public struct StandardisedSorts: Sendable {
  public let statementCount: Int
  public let sortCount: Int
  /// Sort-major standardised scores: `z[sort * statementCount + statement]`.
  public let z: [Double]

  /// Standardises the sorts of `data`.
  /// - Parameter method: Pearson on the scores, or Spearman (Pearson on mid-ranks).
  /// - Throws: `QMethodError.invalidData` for a sort whose scores are all equal (no correlation exists).
  public init(_ data: QSortData, method: CorrelationMethod = .pearson) throws(QMethodError) {
    let s = data.statementCount
    var z = [Double](repeating: 0, count: s * data.sortCount)
    for sort in 0..<data.sortCount {
      var column = data.sort(sort).map(Double.init)
      if method == .spearman { column = Self.midRanks(column) }
      let mean = column.reduce(0, +) / Double(s)
      let sumOfSquares = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      guard sumOfSquares > 0 else {
        throw .invalidData(
          "sort \(data.sortIDs[sort]) gives every statement the same score, so it correlates with nothing")
      }
      let scale = 1 / (sumOfSquares / Double(s)).squareRoot()
      for i in 0..<s { z[sort * s + i] = (column[i] - mean) * scale }
    }
    self.statementCount = s
    self.sortCount = data.sortCount
    self.z = z
  }

  /// Ranks 1…n with ties given the mean of the ranks they span (Spearman's convention).
  static func midRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start
      while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
      let rank = Double(start + end) / 2 + 1
      for position in start...end { ranks[order[position]] = rank }
      start = end + 1
    }
    return ranks
  }

  /// r_jk, the correlation between two sorts.
  public func correlation(_ j: Int, _ k: Int) -> Double {
    let s = statementCount
    return z.withUnsafeBufferPointer { zz in
      dot(zz.baseAddress! + j * s, zz.baseAddress! + k * s, count: s) / Double(s)
    }
  }

  /// The full N × N correlation matrix. Only for small N (reports, tests): O(N²) memory.
  public func correlationMatrix() -> Matrix {
    var r = Matrix(rows: sortCount, columns: sortCount)
    for j in 0..<sortCount {
      r[j, j] = 1
      for k in (j + 1)..<max(j + 1, sortCount) {
        let value = correlation(j, k)
        r[j, k] = value
        r[k, j] = value
      }
    }
    return r
  }

  /// G = Z·Zᵀ/S, the S × S matrix that shares R's non-zero eigenvalues.
  public func statementGram() -> Matrix {
    let s = statementCount
    var gram = [Double](repeating: 0, count: s * s)
    // Each g_il sums zi·zl over the sorts in sort order. Four sorts are added per pass, one after
    // another into the same element (the same additions in the same order, with g read and written
    // once instead of four times). A zero product may be added where the first version skipped
    // zi = 0: a sum that starts at +0 never becomes −0, so adding ±0 leaves every bit as it was.
    z.withUnsafeBufferPointer { zz in
      gram.withUnsafeMutableBufferPointer { g in
        var sort = 0
        while sort + 4 <= sortCount {
          let z0 = zz.baseAddress! + sort * s
          let z1 = z0 + s
          let z2 = z1 + s
          let z3 = z2 + s
          for i in 0..<s {
            let (a0, a1, a2, a3) = (z0[i], z1[i], z2[i], z3[i])
            for l in i..<s {
              var sum = g[i * s + l]
              sum += a0 * z0[l]
              sum += a1 * z1[l]
              sum += a2 * z2[l]
              sum += a3 * z3[l]
              g[i * s + l] = sum
            }
          }
          sort += 4
        }
        while sort < sortCount {
          let base = sort * s
          for i in 0..<s {
            let zi = zz[base + i]
            if zi == 0 { continue }
            for l in i..<s { g[i * s + l] += zi * zz[base + l] }
          }
          sort += 1
        }
      }
    }
    let scale = 1 / Double(s)
    for i in 0..<s {
      for l in i..<s {
        gram[i * s + l] *= scale
        gram[l * s + i] = gram[i * s + l]
      }
    }
    return Matrix(rows: s, columns: s, values: gram)
  }

  /// R when there are no more sorts than statements, else G: the smaller matrix with R's non-zero
  /// eigenvalues, whose eigenpairs give the scree and the principal components.
  func smallerProductMatrix() -> Matrix {
    sortCount <= statementCount ? correlationMatrix() : statementGram()
  }

  /// Z·x: the statements-length vector Σ_k x_k·z_k.
  public func combine(_ weights: [Double]) -> [Double] {
    let s = statementCount
    var result = [Double](repeating: 0, count: s)
    z.withUnsafeBufferPointer { zz in
      for sort in 0..<sortCount where weights[sort] != 0 {
        let w = weights[sort]
        for i in 0..<s { result[i] += w * zz[sort * s + i] }
      }
    }
    return result
  }

  /// Zᵀ·y/S: each sort's inner product with a statements-length vector, divided by S.
  public func project(_ y: [Double]) -> [Double] {
    var result = [Double](repeating: 0, count: sortCount)
    z.withUnsafeBufferPointer { zz in
      y.withUnsafeBufferPointer { yy in
        result.withUnsafeMutableBufferPointer { project(yy.baseAddress!, sorts: zz, into: $0) }
      }
    }
    return result
  }

  /// Zᵀ·y/S written into `out`: the one loop behind ``project(_:)`` and the correlation rows.
  private func project(
    _ y: UnsafePointer<Double>, sorts zz: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
  ) {
    let s = statementCount
    let scale = 1 / Double(s)
    for sort in 0..<sortCount {
      out[sort] = dot(zz.baseAddress! + sort * s, y, count: s) * scale
    }
  }

  /// R·x (R with ones on the diagonal), computed as Zᵀ(Z·x)/S in O(N·S).
  public func correlationTimes(_ x: [Double]) -> [Double] { project(combine(x)) }

  /// Row j of R: sort j's correlation with every sort, in O(N·S).
  public func correlationRow(_ j: Int) -> [Double] {
    project(Array(z[(j * statementCount)..<((j + 1) * statementCount)]))
  }

  /// Row j of R written into `row` (`sortCount` doubles): the same products and sums as
  /// ``correlationRow(_:)``, without an array for the row or a copy of sort j.
  func correlationRow(_ j: Int, into row: UnsafeMutableBufferPointer<Double>) {
    z.withUnsafeBufferPointer { zz in project(zz.baseAddress! + j * statementCount, sorts: zz, into: row) }
  }
}

/// How sorts are correlated.
public enum CorrelationMethod: String, Sendable, Codable, CaseIterable {
  case pearson
  case spearman
}
