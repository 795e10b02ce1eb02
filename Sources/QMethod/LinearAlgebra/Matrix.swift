/// A dense row-major matrix of doubles: small (factors × factors, statements × statements) or tall
/// (sorts × factors). The engine never stores a sorts × sorts matrix once there are more sorts than
/// statements.
public struct Matrix: Sendable, Equatable, Codable {
  public let rows: Int
  public let columns: Int
  /// Row-major storage: element (r, c) is `values[r * columns + c]`.
  public var values: [Double]

  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0)
    self.rows = rows
    self.columns = columns
    self.values = Array(repeating: value, count: rows * columns)
  }

  public init(rows: Int, columns: Int, values: [Double]) {
    precondition(values.count == rows * columns, "matrix storage does not match its shape")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// A matrix from nested rows (all of equal length).
  public init(_ nestedRows: [[Double]]) {
    let columns = nestedRows.first?.count ?? 0
    precondition(nestedRows.allSatisfy { $0.count == columns }, "ragged rows")
    self.init(rows: nestedRows.count, columns: columns, values: nestedRows.flatMap { $0 })
  }

  public static func identity(_ size: Int) -> Matrix {
    var matrix = Matrix(rows: size, columns: size)
    for index in 0..<size { matrix[index, index] = 1 }
    return matrix
  }

  @inlinable public subscript(row: Int, column: Int) -> Double {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// Row `r` as an array.
  public func row(_ r: Int) -> [Double] { Array(values[(r * columns)..<((r + 1) * columns)]) }

  /// Column `c` as an array.
  public func column(_ c: Int) -> [Double] { (0..<rows).map { self[$0, c] } }

  public mutating func setColumn(_ c: Int, to column: [Double]) {
    precondition(column.count == rows)
    for r in 0..<rows { self[r, c] = column[r] }
  }

  /// Nested rows, for JSON and tests.
  public var nestedRows: [[Double]] { (0..<rows).map(row) }

  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for r in 0..<rows {
      for c in 0..<columns { result[c, r] = self[r, c] }
    }
    return result
  }

  /// The matrix product `self × other`.
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
    precondition(lhs.columns == rhs.rows, "matrix product of incompatible shapes")
    var result = Matrix(rows: lhs.rows, columns: rhs.columns)
    lhs.values.withUnsafeBufferPointer { a in
      rhs.values.withUnsafeBufferPointer { b in
        result.values.withUnsafeMutableBufferPointer { out in
          for r in 0..<lhs.rows {
            for k in 0..<lhs.columns {
              let factor = a[r * lhs.columns + k]
              if factor == 0 { continue }
              for c in 0..<rhs.columns { out[r * rhs.columns + c] += factor * b[k * rhs.columns + c] }
            }
          }
        }
      }
    }
    return result
  }

  /// The columns at `indices`, in that order.
  public func selectingColumns(_ indices: [Int]) -> Matrix {
    var result = Matrix(rows: rows, columns: indices.count)
    for r in 0..<rows {
      for (newColumn, oldColumn) in indices.enumerated() { result[r, newColumn] = self[r, oldColumn] }
    }
    return result
  }

  /// The rows at `indices`, in that order.
  public func selectingRows(_ indices: [Int]) -> Matrix {
    Matrix(rows: indices.count, columns: columns, values: indices.flatMap(row))
  }

  /// Sum of squares of each column (the "eigenvalue" of a factor's loadings).
  public var columnSumsOfSquares: [Double] {
    var sums = Array(repeating: 0.0, count: columns)
    for r in 0..<rows {
      for c in 0..<columns { sums[c] += self[r, c] * self[r, c] }
    }
    return sums
  }

  /// Sum of squares of each row (a sort's communality over these factors).
  public var rowSumsOfSquares: [Double] {
    (0..<rows).map { r in (0..<columns).reduce(0) { $0 + self[r, $1] * self[r, $1] } }
  }
}
