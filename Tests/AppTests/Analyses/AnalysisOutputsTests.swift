import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting
import ZIPFoundation

@testable import App

/// The outputs KADE and PQMethod have (cumulative communalities, factor score ranks, descending
/// differences, consensus to disagreement) where a researcher looks for them: the results page and
/// the factor pages (folded), the workbook, tables.zip and the .LIS; per-sort rows only for members
/// who see every sort of the analysis.
@Suite("Analyses: PQMethod/KADE outputs")
struct AnalysisOutputsTests {
  static func entries(_ body: ByteBuffer) throws -> [String: String] {
    let archive = try Archive(data: Data(body.readableBytesView), accessMode: .read)
    var files: [String: String] = [:]
    for entry in archive {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      files[entry.path] = String(decoding: data, as: UTF8.self)
    }
    return files
  }

  @Test("the results page, a factor page, the workbook, tables.zip and the .LIS hold the four tables")
  func everywhere() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      var options = AnalysisOptions()
      options.factors = 3
      let (analysis, result) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let base = "\(AnalysisPagesTests.base)/\(try analysis.requireID())"
      let page = try await owner.get(base)
      #expect(page.status == .ok)
      for id in [
        "cumulative-communalities", "factor-score-ranks", "differences-F1-F2", "differences-F2-F3",
        "consensus-disagreement",
      ] {
        #expect(page.body.string.contains("<details class=\"long-table\" id=\"\(id)\">"), "\(id) on the results page")
      }
      let factor = try await owner.get("\(base)/factors/3")
      #expect(factor.status == .ok)
      #expect(
        factor.body.string.contains("id=\"differences-F1-F3\"") && !factor.body.string.contains("differences-F1-F2"))
      let lis = try await owner.get("\(base)/report.lis")
      for heading in [
        "Cumulative communalities matrix", "Factor scores with corresponding ranks",
        "Descending array of differences between factors 1 and 3", "sorted by consensus vs. disagreement",
      ] {
        #expect(lis.body.string.contains(heading), "\(heading) in the .LIS")
      }
      let zip = try Self.entries(try await owner.get("\(base)/tables.zip").body)
      let cumulative = try #require(zip["cumulative-communalities.csv"]).split(separator: "\n")
      #expect(cumulative.count == 1 + result.sorts.count + 1, "a row per sort and the cumulative %")
      #expect(cumulative[1].hasPrefix("\(result.sorts[0]),"))
      for name in ["factor-score-ranks.csv", "differences-F1-F2.csv", "consensus-disagreement.csv"] {
        #expect(zip[name] != nil, "\(name) in tables.zip")
      }
      let book = try Self.entries(try await owner.get("\(base)/workbook.xlsx").body)
      let sheets = try #require(book["xl/workbook.xml"])
      for name in ["Cumulative communalities", "Factor score ranks", "Diff F1 F2", "Consensus-disagreement"] {
        #expect(sheets.contains("name=\"\(name)\""), "\(name) sheet")
      }
    }
  }

  @Test("a site lead reading the all-sites analysis as a whole gets no sort's cumulative communalities")
  func wholeView() async throws {
    try await withPOETQ { app in
      var f = try await SiteLimitFixture.make(app)
      let base = "\(SiteLimitTests.pages)/analyses/\(f.allSites)"
      let zip = try Self.entries(try await f.lead.get("\(base)/tables.zip").body)
      let cumulative = try #require(zip["cumulative-communalities.csv"]).split(separator: "\n")
      #expect(cumulative.count == 2, "the header and the cumulative %, no sort: \(cumulative.prefix(3))")
      #expect(cumulative.last?.hasPrefix("Cumulative % explained variance") == true)
      let page = try await f.lead.get(base).body.string
      let start = try #require(page.range(of: "id=\"cumulative-communalities\""))
      let end = try #require(page.range(of: "</details>", range: start.upperBound..<page.endIndex))
      let block = String(page[start.upperBound..<end.lowerBound])
      for id in f.sortsA + f.sortsB { #expect(!block.contains(">\(id)<"), "\(id) in the folded table") }
      // The owner sees every sort's row.
      let own = try Self.entries(try await f.owner.get("\(base)/tables.zip").body)
      #expect((own["cumulative-communalities.csv"]?.split(separator: "\n").count ?? 0) > 2)
    }
  }
}
