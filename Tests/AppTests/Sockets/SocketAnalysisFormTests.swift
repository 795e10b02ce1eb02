import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The Analyses tab's forms sent to the app served on a real port, as Chromium posts them without
/// JavaScript, once whole and once chunked in small pieces, for a study of 2,093 sorts: the run form
/// with every sort ticked, the flags form of a 4-factor solution (a tick per flagged sort), the
/// rotation form, "Keep N factors" and "Re-run". Every one must be accepted and store what the page showed.
@Suite("Analysis forms over real sockets")
struct SocketAnalysisFormTests {
  static let slug = "poetq-demo-synthetic-data"
  static let base = "/studies/\(slug)/analyses"
  static let importedSorts = 2_000

  @Test("run, flags, rotation, keep-N and re-run forms of a 2,093-sort study: accepted whole and chunked")
  func analysisForms() async throws {
    try await withRunningPOETQ { app, baseURL in
      var session = try await SocketFormTests.researcher(app, baseURL)
      #expect(try await session.postForm("/studies/demo", []).status == 303, "the demo study is made")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first())
      try await Self.importSorts(Self.importedSorts, into: study, app: app)
      let export = try await StudySorts.export(study, on: app.db)
      #expect(export.sorts.count == 93 + Self.importedSorts)
      #expect(Set(export.sorts.map(\.sortID)).count == export.sorts.count, "read in pages of 1,000: none twice")
      #expect(export.sorts.filter { $0.site == "Site F" }.map(\.sortID) == (1...Self.importedSorts).map { "I\($0)" })

      // The run form, every sort ticked (the "Leave out individual sorts" list posts all of them).
      for framing in SocketFormTests.framings {
        let form = try await session.get("\(Self.base)/new")
        #expect(form.status == 200)
        let ticked = Self.checkedValues(form.body, name: "sort")
        #expect(ticked.count == export.sorts.count, "the run form lists every completed sort, ticked")
        var fields: [(String, String)] = [("name", "All, PCA 4 (\(framing))"), ("extraction", "pca")]
        fields += [("factors", "4"), ("rotation", "varimax"), ("flagP", "0.05"), ("majority", "on")]
        fields += Self.checkedValues(form.body, name: "site").map { ("site", $0) }
        fields += [("sorts-listed", "1")] + ticked.dropLast().map { ("sort", $0) }
        let posted = try await session.postForm(Self.base, fields, framing: framing)
        #expect(
          posted.status == 303, "the run form (\(framing)) is accepted: \(posted.status) \(posted.body.prefix(300))")
        let stored = try await AnalysisPagesTests.newest(app.db)
        #expect(stored.name == "All, PCA 4 (\(framing))")
        let selection = try AnalysisParameters.decode(stored.parameters).selection
        #expect(selection.sites == nil, "every site ticked is every site")
        #expect(
          selection.exclude == [try #require(ticked.last)], "every sort posted is kept, the unticked one left out")
      }

      // The flags form of a stored 4-factor PCA of all 2,093 sorts.
      var options = AnalysisOptions()
      options.extraction = .pca
      options.factors = 4
      let (analysis, _) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let path = "\(Self.base)/\(try analysis.requireID())"
      for framing in SocketFormTests.framings {
        let page = try await session.get("\(path)/flags")
        #expect(page.status == 200)
        var flags = Self.checkedValues(page.body, name: "flag")
        #expect(flags.count > 1_500, "most of 2,093 sorts are flagged on the page: \(flags.count)")
        let dropped = flags.removeFirst()
        let fields = flags.map { ("flag", $0) } + [("invert", "2"), ("name", "Flags by hand (\(framing))")]
        let posted = try await session.postForm("\(path)/flags", fields, framing: framing)
        #expect(
          posted.status == 303, "the flags form (\(framing)) is accepted: \(posted.status) \(posted.body.prefix(300))")
        let stored = try await AnalysisPagesTests.newest(app.db)
        #expect(stored.name == "Flags by hand (\(framing))")
        let adjusted = try AnalysisParameters.decode(stored.parameters).options
        let sort = String(dropped.split(separator: "|")[0])
        #expect(Array(adjusted.manualFlags.keys) == [sort], "only the unticked sort is flagged by hand")
        #expect(adjusted.invertedFactors == [2])
      }

      // The rotation form, as its script posts the steps.
      for framing in SocketFormTests.framings {
        #expect(try await session.get("\(path)/rotate").status == 200)
        let posted = try await session.postForm(
          "\(path)/rotate", [("steps", "[[1,2,5],[1,2,-1]]"), ("name", "Rotated (\(framing))")], framing: framing)
        #expect(posted.status == 303, "the rotation form (\(framing)) is accepted: \(posted.status)")
        let stored = try await AnalysisPagesTests.newest(app.db)
        #expect(
          try AnalysisParameters.decode(stored.parameters).options.judgmentalRotation == [
            RotationStep(first: 1, second: 2, degrees: 5), RotationStep(first: 1, second: 2, degrees: -1),
          ])
      }

      // Keep N factors (from "How many factors?") and Re-run, the other forms that queue a run.
      for framing in SocketFormTests.framings {
        let form = try await session.get("\(Self.base)/new")
        let sites = Self.checkedValues(form.body, name: "site").map { ("site", $0) }
        let kept = try await session.postForm(
          "\(Self.base)/promote", [("factors", "5"), ("extraction", "pca")] + sites, framing: framing)
        #expect(kept.status == 303, "Keep 5 factors (\(framing)) is accepted: \(kept.status) \(kept.body.prefix(300))")
        let promoted = try AnalysisParameters.decode(try await AnalysisPagesTests.newest(app.db).parameters)
        #expect(promoted.options.factors == 5 && promoted.options.extraction == .pca)

        let rerun = try await session.postForm("\(path)/rerun", [], framing: framing)
        #expect(rerun.status == 303, "Re-run (\(framing)) is accepted: \(rerun.status)")
        let again = try await AnalysisPagesTests.newest(app.db)
        #expect(again.name == "Stored (re-run)")
        #expect(try AnalysisParameters.decode(again.parameters).options.factors == 4, "the same settings")
      }
    }
  }

  // MARK: - Helpers

  /// The values of the ticked checkboxes called `name` on a page, as a browser would post them.
  static func checkedValues(_ html: String, name: String) -> [String] {
    let pattern = #"<input type="checkbox" name="\#(name)" value="([^"]+)"[^>]*?( checked)?>"#
    let expression = try! NSRegularExpression(pattern: pattern)
    let range = NSRange(html.startIndex..., in: html)
    return expression.matches(in: html, range: range).compactMap { match in
      guard match.range(at: 2).location != NSNotFound, let value = Range(match.range(at: 1), in: html) else {
        return nil
      }
      return String(html[value]).replacingOccurrences(of: "&amp;", with: "&")
    }
  }

  /// `count` synthetic sorts on the demo's grid, imported at a site of their own as the Data tab does.
  static func importSorts(_ count: Int, into study: Study, app: Application) async throws {
    let synthetic = try SyntheticSorts.make(sorts: count, statements: 40, viewpoints: 4, seed: 7)
    let capacities = [2, 3, 4, 6, 10, 6, 4, 3, 2]
    let slots = capacities.enumerated().flatMap { Array(repeating: $0.offset - 4, count: $0.element) }
    let distribution = try Distribution(minScore: -4, maxScore: 4, capacities: capacities)
    var scores: [Int] = []
    for row in 0..<count {
      // The synthetic sort's order, on the demo's grid.
      let values = (0..<40).map { synthetic.scores[row * 40 + $0] * 100 + $0 }
      var sort = [Int](repeating: 0, count: 40)
      for (position, statement) in values.indices.sorted(by: { values[$0] < values[$1] }).enumerated() {
        sort[statement] = slots[position]
      }
      scores += sort
    }
    let data = try QSortData(
      title: "IMPORTED", statements: (1...40).map { Statement(number: $0) },
      sortIDs: (1...count).map { "I\($0)" }, distribution: distribution, scores: scores)
    let upload = SortImport.Upload(
      fileName: "imported.csv", data: try QDataWriter.encode(data, format: .csvSortsAsRows))
    let screen = try await SortImport.screen(upload, study: study, on: app.db)
    #expect(screen.validCount == count, "the synthetic sorts fit the demo's grid")
    let site = Site(studyID: try study.requireID(), name: "Site F", position: 6)
    try await site.save(on: app.db)
    let owner = try #require(try await User.query(on: app.db).first())
    let imported = try await SortImport.store(
      screen, fileName: "imported.csv", site: site, skipInvalid: false, study: study, by: try owner.requireID(),
      on: app.db)
    #expect(imported == count)
  }
}
