import Testing

@testable import QMethod

/// The one-to-one matching of local to aggregate viewpoints, read against the report: Tables 15–19
/// (the correlations printed in chapter 4) must give its Table 20 at the threshold 0.50.
@Suite("Second-order matching")
struct SecondOrderMatchTests {
  // Columns: ideal world, efficient, pluralist, personalised, pragmatic.
  static let tables: [(site: String, r: [[Double?]], shared: [Int], localOnly: [Int])] = [
    (
      "A", [[0.87, 0.03, 0.04, 0.16, 0.15], [0.01, 0.03, 0.01, 0.94, 0.01], [0.03, 0.01, 0.03, 0.02, 0.01]], [0, 3], [2]
    ),
    (
      "B",
      [
        [0.84, 0.09, 0.51, 0.21, 0.61], [0.36, 0.89, 0.53, 0.30, 0.42], [0.18, 0.34, 0.43, -0.16, 0.20],
        [0.17, 0.21, -0.28, 0.08, 0.17],
      ], [0, 1], [2, 3]
    ),
    (
      "C", [[0.93, 0.31, 0.57, 0.61, 0.52], [0.46, 0.35, 0.32, 0.94, 0.43], [0.77, 0.23, 0.47, 0.46, 0.76]], [0, 3, 4],
      []
    ),
    (
      "D", [[0.90, 0.41, 0.38, 0.45, 0.65], [0.40, 0.75, 0.27, 0.45, 0.58], [0.51, 0.21, 0.30, 0.11, 0.32]], [0, 1], [2]
    ),
    (
      "E", [[0.87, 0.29, 0.06, 0.14, 0.28], [0.12, 0.01, 0.21, 0.13, 0.16], [0.15, 0.08, 0.18, 0.03, 0.07]], [0],
      [1, 2]
    ),
  ]

  @Test("Tables 15–19 give the report's Table 20: shared viewpoints and local-only ones per site")
  func reportTable20() {
    for table in Self.tables {
      let (matches, unmatched) = SecondOrder.match(table.r, threshold: 0.5)
      #expect(matches.map(\.aggregate).sorted() == table.shared, "site \(table.site)")
      #expect(unmatched == table.localOnly, "site \(table.site)")
    }
    // Pluralist commissioning appears at no site locally ("only emerges once we aggregate").
    let found = Set(Self.tables.flatMap { SecondOrder.match($0.r, threshold: 0.5).matches.map(\.aggregate) })
    #expect(!found.contains(2))
  }

  @Test("C3 stands for pragmatic because C1 already stands for ideal world")
  func oneToOne() {
    let (matches, _) = SecondOrder.match(Self.tables[2].r, threshold: 0.5)
    #expect(matches.map(\.local) == [0, 1, 2])
    #expect(matches.map(\.aggregate) == [0, 3, 4])
    #expect(matches.map(\.r) == [0.93, 0.94, 0.76])
  }

  @Test("a factor without an array is neither matched nor local only; ties go to the earlier factor")
  func edges() {
    let (matches, unmatched) = SecondOrder.match([[nil, nil], [0.6, 0.6], [0.6, 0.2]], threshold: 0.5)
    // Local 1 ties at 0.6 with both and takes aggregate 0 (the earlier); local 2's only match is taken.
    #expect(matches.map { [$0.local, $0.aggregate] } == [[1, 0]])
    #expect(unmatched == [2])
  }
}
