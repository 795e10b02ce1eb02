import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// The Site column of the loadings table (issue 25) is filled for every sort the analysis used,
/// a withdrawn participant's sort included (its site, no link to the participant), on the results
/// page and on the flags page.
@Suite("Results: the loadings table's Site column")
struct LoadingsSiteColumnTests {
  @Test("after a withdrawal the withdrawn sort's row still names its site, without a link")
  func siteOfAWithdrawnSort() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      var options = AnalysisOptions()
      options.factors = 3
      let (analysis, _) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let participant = try #require(
        try await Participant.query(on: app.db).filter(\.$status == .completed).with(\.$site).all()
          .first { $0.sortID?.hasPrefix("B") ?? false })
      let sortID = try #require(participant.sortID)
      let user = try #require(try await User.query(on: app.db).first())
      try await ParticipantWithdrawal.withdraw(participant, by: .researcher(try user.requireID()), on: app.db)

      let path = "\(AnalysisPagesTests.base)/\(try analysis.requireID())"
      let page = try await owner.get(path).body.string
      let row = try #require(Self.row(of: sortID, in: page), "the withdrawn sort's row")
      #expect(row.contains("<td>\(participant.site.name)</td>"), "\(row)")
      #expect(!row.contains("/participants/"), "no link to a withdrawn participant")
      // Every row of the table names a site.
      let start = try #require(page.firstRange(of: "class=\"loadings\""))
      let table = page[start.lowerBound...].prefix { _ in true }
      let body = table[..<(table.firstRange(of: "</table>")?.lowerBound ?? table.endIndex)]
      #expect(!body.contains("</th><td></td>"), "no blank site")

      let flags = try await owner.get("\(path)/flags").body.string
      let flagRow = try #require(Self.row(of: sortID, in: flags))
      #expect(flagRow.contains(participant.site.name), "\(flagRow)")
    }
  }

  /// The `<tr>` whose row head is `sortID` (linked or not).
  static func row(of sortID: String, in html: String) -> String? {
    html.components(separatedBy: "<tr").first { row in
      row.contains("<th scope=\"row\">\(sortID)</th>") || row.contains(">\(sortID)</a></th>")
        || row.contains("<th scope=\"row\">\(sortID)<")
    }
  }
}
