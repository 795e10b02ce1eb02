import Foundation
import Testing

@testable import QMethod

/// `poetq conformance`'s table: every reference case within its tolerance, none left out.
@Suite("Conformance table")
struct ConformanceTests {
  @Test("every reference case is within its tolerance")
  func allWithinTolerance() throws {
    try ReferenceData.require()
    let checks = try Conformance.run(reference: ReferenceData.root)
    #expect(checks.count >= 48, "\(checks.count) checks")
    for check in checks where !check.passed {
      Issue.record("\(check.reference), \(check.quantity): \(check.largestDifference) > \(check.tolerance)")
    }
    let table = Conformance.render(checks)
    #expect(table.contains("all \(checks.count) checks within tolerance"), "\(table)")
    print(table)
  }
}
