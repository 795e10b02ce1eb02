/// The k largest eigenvalues of a real symmetric matrix and their eigenvectors, for a bootstrap that
/// decomposes a thousand small correlation matrices and needs only the kept factors of each.
///
/// Householder reduction to a tridiagonal T (``SymmetricEigenvalues/tridiagonalise``), all of T's
/// eigenvalues by implicit QL (``SymmetricEigenvalues/ql``), then the k leading eigenvectors of T
/// by inverse iteration — (T − λI)·x_{t+1} = x_t solved by tridiagonal elimination with partial
/// pivoting, eigenvalues closer than 10⁻³·‖T‖₁ treated as a cluster whose vectors are kept
/// orthogonal by Gram–Schmidt (LAPACK `dstein`'s rule) — and x = P_{n−1}⋯P_1·y back through the
/// Householder reflections. About (4/3)n³ operations for the reduction and O(k·n²) for the rest,
/// where a full Jacobi decomposition (``SymmetricEigen``) needs ~10 sweeps of 3n³.
/// Sources: Golub & Van Loan, *Matrix Computations* (4th ed.), §8.3 and §8.2.2 (inverse
/// iteration); Press et al., *Numerical Recipes* (3rd ed.), §11.3–11.4; LAPACK `dgttrf`/`dstein`.
struct LeadingEigenpairs {
  /// The k largest eigenvalues, descending.
  var values: [Double]
  /// Row-major n × k: column c is the unit eigenvector of `values[c]` (its sign is arbitrary).
  var vectors: [Double]

  /// - Parameters:
  ///   - matrix: n × n symmetric, row-major (only the lower triangle is read).
  ///   - n: its order.
  ///   - count: k ≤ n.
  init(_ matrix: [Double], n: Int, count: Int) {
    precondition(count <= n && matrix.count == n * n)
    values = []
    vectors = [Double](repeating: 0, count: n * count)
    guard count > 0 else { return }
    if n == 1 {
      values = [matrix[0]]
      vectors[0] = 1
      return
    }
    var a = matrix
    var diagonal = [Double](repeating: 0, count: n)
    var offDiagonal = [Double](repeating: 0, count: n)
    var scales = [Double](repeating: 0, count: n)
    SymmetricEigenvalues.tridiagonalise(
      &a, n: n, diagonal: &diagonal, offDiagonal: &offDiagonal, reflectorScales: &scales)
    var d = diagonal
    var e = offDiagonal
    SymmetricEigenvalues.ql(&d, &e)
    values = Array(d.sorted(by: >).prefix(count))

    // ‖T‖₁ sets the scale of "close" eigenvalues and of a pivot too small to divide by.
    var norm = 0.0
    for i in 0..<n {
      var row = abs(diagonal[i])
      if i > 0 { row += abs(offDiagonal[i]) }
      if i + 1 < n { row += abs(offDiagonal[i + 1]) }
      norm = max(norm, row)
    }
    let clusterGap = 1e-3 * max(norm, .leastNormalMagnitude)
    let tinyPivot = Double.ulpOfOne * max(norm, .leastNormalMagnitude)

    var found: [[Double]] = []
    var start = SplitMix64(seed: 0x5EED)
    let startVector = (0..<n).map { _ in Double(start.next() >> 11) / Double(1 << 53) - 0.5 }
    for (index, lambda) in values.enumerated() {
      let solver = ShiftedTridiagonal(diagonal: diagonal, offDiagonal: offDiagonal, shift: lambda, tiny: tinyPivot)
      var clusterStart = index
      while clusterStart > 0 && values[clusterStart - 1] - values[clusterStart] <= clusterGap { clusterStart -= 1 }
      var y = startVector
      for _ in 0..<3 {
        solver.solve(&y)
        for previous in found[clusterStart..<index] {
          var projection = 0.0
          for i in 0..<n { projection += previous[i] * y[i] }
          for i in 0..<n { y[i] -= projection * previous[i] }
        }
        var length = 0.0
        for i in 0..<n { length += y[i] * y[i] }
        length = length.squareRoot()
        guard length > 0, length.isFinite else { break }
        for i in 0..<n { y[i] /= length }
      }
      found.append(y)
      // x = P_{n−1}⋯P_1·y: P_1 first; P_i = I − u·uᵀ/H_i touches components 0…i−1.
      var x = y
      for i in 1..<n where scales[i] != 0 {
        var dot = 0.0
        for k in 0..<i { dot += a[i * n + k] * x[k] }
        let factor = dot / scales[i]
        for k in 0..<i { x[k] -= factor * a[i * n + k] }
      }
      for r in 0..<n { vectors[r * count + index] = x[r] }
    }
  }
}

/// T − σI for a symmetric tridiagonal T, factored once by Gaussian elimination with partial
/// pivoting (LAPACK `dgttrf`), then solved for any right-hand side (`dgtts2`). A pivot below
/// `tiny` in magnitude is replaced by `tiny`: σ is an eigenvalue, so T − σI is singular to
/// working precision, and that is what makes inverse iteration converge in one or two steps.
struct ShiftedTridiagonal {
  private var lower: [Double]  // multipliers
  private var main: [Double]  // U's diagonal
  private var upper: [Double]  // U's first superdiagonal
  private var upper2: [Double]  // U's second superdiagonal (from row interchanges)
  private var swapped: [Bool]

  /// - Parameters: `offDiagonal[i]` couples i − 1 and i (`offDiagonal[0]` unused).
  init(diagonal: [Double], offDiagonal: [Double], shift: Double, tiny: Double) {
    let n = diagonal.count
    var d = diagonal.map { $0 - shift }
    var dl = (0..<max(n - 1, 0)).map { offDiagonal[$0 + 1] }
    var du = dl
    var du2 = [Double](repeating: 0, count: max(n - 2, 0))
    var swapped = [Bool](repeating: false, count: max(n - 1, 0))
    for i in 0..<max(n - 1, 0) {
      if abs(d[i]) >= abs(dl[i]) {
        if d[i] != 0 {
          let factor = dl[i] / d[i]
          dl[i] = factor
          d[i + 1] -= factor * du[i]
        } else {
          dl[i] = 0
        }
      } else {
        let factor = d[i] / dl[i]
        d[i] = dl[i]
        dl[i] = factor
        let temp = du[i]
        du[i] = d[i + 1]
        d[i + 1] = temp - factor * d[i + 1]
        if i + 1 < n - 1 {
          du2[i] = du[i + 1]
          du[i + 1] = -factor * du[i + 1]
        }
        swapped[i] = true
      }
    }
    for i in 0..<n where abs(d[i]) < tiny { d[i] = d[i] < 0 ? -tiny : tiny }
    lower = dl
    main = d
    upper = du
    upper2 = du2
    self.swapped = swapped
  }

  /// Overwrites `b` with (T − σI)⁻¹·b.
  func solve(_ b: inout [Double]) {
    let n = main.count
    for i in 0..<max(n - 1, 0) {
      if swapped[i] {
        let temp = b[i]
        b[i] = b[i + 1]
        b[i + 1] = temp - lower[i] * b[i]
      } else {
        b[i + 1] -= lower[i] * b[i]
      }
    }
    b[n - 1] /= main[n - 1]
    if n > 1 { b[n - 2] = (b[n - 2] - upper[n - 2] * b[n - 1]) / main[n - 2] }
    if n > 2 {
      for i in stride(from: n - 3, through: 0, by: -1) {
        b[i] = (b[i] - upper[i] * b[i + 1] - upper2[i] * b[i + 2]) / main[i]
      }
    }
  }
}
