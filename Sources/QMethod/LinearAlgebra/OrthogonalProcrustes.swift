/// The orthogonal Procrustes problem: the k × k orthogonal Q minimising ‖L·Q − T‖_F for two
/// n × k matrices, Q = U·Vᵀ from the singular value decomposition LᵀT = U·Σ·Vᵀ (Schönemann 1966,
/// "A generalized solution of the orthogonal Procrustes problem", *Psychometrika* 31, 1–10).
/// Any number of columns; Q may rotate, reflect and re-order them at once.
public enum OrthogonalProcrustes {
  /// Q for B = LᵀT (k × k, row-major). The SVD comes from BᵀB = V·Σ²·Vᵀ (Jacobi), U = B·V·Σ⁻¹;
  /// when B is rank-deficient the missing columns of U are completed by Gram–Schmidt, so Q is
  /// always orthogonal.
  public static func rotation(crossProduct b: Matrix) -> Matrix {
    let k = b.columns
    precondition(b.rows == k, "the cross-product LᵀT is square")
    guard k > 0 else { return b }
    let eigen = SymmetricEigen(b.transposed * b)
    let sigma = eigen.values.map { max($0, 0).squareRoot() }
    let largest = sigma.first ?? 0
    // Columns of U: B·v_c/σ_c for the non-negligible σ_c.
    var u = [[Double]]()
    for c in 0..<k where sigma[c] > 1e-12 * max(largest, .leastNormalMagnitude) {
      u.append((0..<k).map { r in (0..<k).reduce(0.0) { $0 + b[r, $1] * eigen.vectors[$1, c] } / sigma[c] })
    }
    // Complete an orthonormal basis from the unit vectors e_0, e_1, … (rank-deficient B only).
    var axis = 0
    while u.count < k && axis < k {
      var candidate = [Double](repeating: 0, count: k)
      candidate[axis] = 1
      for existing in u {
        let dot = zip(existing, candidate).reduce(0.0) { $0 + $1.0 * $1.1 }
        for i in 0..<k { candidate[i] -= dot * existing[i] }
      }
      let length = candidate.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
      if length > 1e-8 { u.append(candidate.map { $0 / length }) }
      axis += 1
    }
    // Q = U·Vᵀ.
    var q = Matrix(rows: k, columns: k)
    for r in 0..<k {
      for c in 0..<k {
        var sum = 0.0
        for j in 0..<k { sum += u[j][r] * eigen.vectors[c, j] }
        q[r, c] = sum
      }
    }
    return q
  }

  /// Q for loadings L and target T (both n × k).
  public static func rotation(from loadings: Matrix, to target: Matrix) -> Matrix {
    rotation(crossProduct: loadings.transposed * target)
  }
}

/// A signed permutation of k factors: column j of the aligned solution is `signs[j]` times column
/// `source[j]` of the solution being aligned.
public struct SignedPermutation: Sendable, Equatable, Codable {
  public var source: [Int]
  public var signs: [Double]

  /// Whether any factor moved to another position.
  public var reorders: Bool { source.enumerated().contains { $0.offset != $0.element } }
  /// Whether any factor changed sign.
  public var reflects: Bool { signs.contains { $0 < 0 } }

  /// The signed permutation P maximising tr(Pᵀ·W) = Σ_j s_j·W[source_j, j] for a k × k matrix W:
  /// with W = LᵀT, the Procrustes problem restricted to re-ordering and reflecting factors; with W
  /// the Procrustes rotation Q, the re-ordering and reflection closest to Q. Solved exactly as an
  /// assignment problem on |W| (Kuhn 1955; Munkres 1957; the O(k³) shortest-augmenting-path form),
  /// so it works for any number of factors — where matching each factor to its most correlated
  /// target one (qmethod's `qindtest`) fails when two factors pick the same target.
  public static func closest(to w: Matrix) -> SignedPermutation {
    let k = w.rows
    let rows = assignment(k) { row, column in w[row, column].isFinite ? abs(w[row, column]) : 0 }
    return SignedPermutation(source: rows, signs: (0..<k).map { w[rows[$0], $0] < 0 ? -1 : 1 })
  }

  /// For each column the row assigned to it, maximising Σ weight(row, column) (Hungarian method).
  static func assignment(_ k: Int, weight: (Int, Int) -> Double) -> [Int] {
    guard k > 0 else { return [] }
    var u = [Double](repeating: 0, count: k + 1)
    var v = [Double](repeating: 0, count: k + 1)
    var owner = [Int](repeating: 0, count: k + 1)  // owner[column] = row (1-based; 0 = none)
    var way = [Int](repeating: 0, count: k + 1)
    for row in 1...k {
      owner[0] = row
      var column0 = 0
      var minimum = [Double](repeating: .infinity, count: k + 1)
      var used = [Bool](repeating: false, count: k + 1)
      repeat {
        used[column0] = true
        let row0 = owner[column0]
        var delta = Double.infinity
        var column1 = 0
        for column in 1...k where !used[column] {
          let cost = -weight(row0 - 1, column - 1) - u[row0] - v[column]
          if cost < minimum[column] {
            minimum[column] = cost
            way[column] = column0
          }
          if minimum[column] < delta {
            delta = minimum[column]
            column1 = column
          }
        }
        for column in 0...k {
          if used[column] {
            u[owner[column]] += delta
            v[column] -= delta
          } else {
            minimum[column] -= delta
          }
        }
        column0 = column1
      } while owner[column0] != 0
      repeat {
        let column1 = way[column0]
        owner[column0] = owner[column1]
        column0 = column1
      } while column0 != 0
    }
    return (1...k).map { owner[$0] - 1 }
  }

  /// The k × k matrix P with P[source_j, j] = s_j, so that L·P is the aligned solution.
  public var matrix: Matrix {
    var p = Matrix(rows: source.count, columns: source.count)
    for (column, row) in source.enumerated() { p[row, column] = signs[column] }
    return p
  }
}
