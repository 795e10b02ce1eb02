import Foundation

/// Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method.
///
/// Jacobi is slower than QR for large matrices but accurate to machine precision for small ones,
/// and the engine only ever decomposes statements × statements or factors × factors matrices.
/// Source: Golub & Van Loan, *Matrix Computations*, §8.5 (cyclic Jacobi).
public struct SymmetricEigen: Sendable {
  /// Eigenvalues in descending order.
  public let values: [Double]
  /// Eigenvectors as columns, in the order of `values`, each of unit length.
  public let vectors: Matrix

  public init(_ matrix: Matrix, tolerance: Double = 1e-15, maxSweeps: Int = 100) {
    precondition(matrix.rows == matrix.columns, "eigen decomposition needs a square matrix")
    let n = matrix.rows
    var a = matrix.values
    var v = Matrix.identity(n).values
    for _ in 0..<maxSweeps {
      var offDiagonal = 0.0
      var diagonal = 0.0
      for p in 0..<n {
        diagonal += a[p * n + p] * a[p * n + p]
        for q in (p + 1)..<max(p + 1, n) { offDiagonal += a[p * n + q] * a[p * n + q] }
      }
      if offDiagonal <= tolerance * tolerance * max(diagonal, .leastNormalMagnitude) { break }
      for p in 0..<n {
        for q in (p + 1)..<max(p + 1, n) {
          let apq = a[p * n + q]
          if apq == 0 { continue }
          let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let s = t * c
          for k in 0..<n {  // columns p and q
            let akp = a[k * n + p]
            let akq = a[k * n + q]
            a[k * n + p] = c * akp - s * akq
            a[k * n + q] = s * akp + c * akq
          }
          for k in 0..<n {  // rows p and q
            let apk = a[p * n + k]
            let aqk = a[q * n + k]
            a[p * n + k] = c * apk - s * aqk
            a[q * n + k] = s * apk + c * aqk
          }
          for k in 0..<n {
            let vkp = v[k * n + p]
            let vkq = v[k * n + q]
            v[k * n + p] = c * vkp - s * vkq
            v[k * n + q] = s * vkp + c * vkq
          }
        }
      }
    }
    let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
    values = order.map { a[$0 * n + $0] }
    let unsorted = Matrix(rows: n, columns: n, values: v)
    vectors = unsorted.selectingColumns(order)
  }
}
