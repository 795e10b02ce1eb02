import Foundation
import POETQKit
import Testing

/// Number formatting and the table model shared by every writer.
@Suite("Report table")
struct ReportTableTests {
  @Test("fixed decimals agree with printf away from exact halves, and never print −0")
  func fixed() {
    #expect(ReportFormat.fixed(-0.001, 2) == "0.00")
    #expect(ReportFormat.fixed(-2.345, 1) == "-2.3")
    #expect(ReportFormat.fixed(12, 3) == "12.000")
    #expect(ReportFormat.fixed(0.05, 2) == "0.05")
    #expect(ReportFormat.fixed(1e13, 1) == "10000000000000.0")
    var random = SystemRandomNumberGenerator()
    for _ in 0..<2_000 {
      let value = Double.random(in: -100...100, using: &random)
      let places = Int.random(in: 0...4, using: &random)
      let scaled = abs(value) * pow(10, Double(places))
      guard abs(scaled - scaled.rounded(.down) - 0.5) > 1e-6 else { continue }
      var expected = String(format: "%.\(places)f", value)
      if expected.hasPrefix("-"), expected.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
        expected.removeFirst()
      }
      #expect(ReportFormat.fixed(value, places) == expected, "\(value) to \(places)")
    }
  }

  @Test("scores carry a sign and a true minus; rows are made on demand")
  func scoresAndRows() {
    #expect([-3, 0, 2].map(ReportFormat.score) == ["−3", "0", "+2"])
    let table = ReportTable(name: "t", title: "T", columns: ["n"], rowCount: 3) { [.integer($0 * 2)] }
    #expect(table.rows == [[.integer(0)], [.integer(2)], [.integer(4)]])
    #expect(ReportCell.number(nil, 2) == .empty)
    #expect(ReportCell.number(-0.004, places: 2).display == "0.00")
  }
}
