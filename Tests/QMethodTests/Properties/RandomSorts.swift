@testable import QMethod

typealias SeededGenerator = SplitMix64

extension SplitMix64 {
  init(seed: Int) { self.init(seed: UInt64(bitPattern: Int64(seed))) }
}

enum RandomSorts {
  static func dataset(seed: Int, sorts: Int, statements: Int) -> QSortData {
    try! SyntheticSorts.make(sorts: sorts, statements: statements, seed: UInt64(bitPattern: Int64(seed)))
  }

  static func loadings(seed: Int, rows: Int, columns: Int) -> Matrix {
    var rng = SeededGenerator(seed: seed)
    return Matrix(
      rows: rows, columns: columns,
      values: (0..<(rows * columns)).map { _ in Double.random(in: -0.9...0.9, using: &rng) })
  }
}
