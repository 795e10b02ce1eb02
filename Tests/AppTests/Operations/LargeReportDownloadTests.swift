import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// A large analysis's report is answered at once while its parallel analysis is computed as cache
/// work: the work is held by a latch (no timer), and the report, the results page and the "How many
/// factors?" figures say "computing…" until it lands.
@Suite("Large analyses: the parallel analysis in the background")
struct LargeReportDownloadTests {
  /// The demo's sorts copied to `count` sorts, each copy with two statements' scores swapped (the
  /// grid still holds), so a large analysis needs no large fixture.
  static func large(_ data: QSortData, count: Int) throws -> QSortData {
    let n = data.statementCount
    var scores: [Int] = []
    var ids: [String] = []
    for index in 0..<count {
      let sort = index % data.sortCount
      var row = Array(data.scores[(sort * n)..<((sort + 1) * n)])
      let copy = index / data.sortCount
      row.swapAt(copy % n, (copy * 7 + 3) % n)
      scores += row
      ids.append("L\(index + 1)")
    }
    return try QSortData(
      title: data.title, statements: data.statements, sortIDs: ids, distribution: data.distribution, scores: scores)
  }

  /// Whether the cache work for `key` stored its result and let the key go, waiting up to ten
  /// minutes: the cache thread runs at the lowest priority (nice 19), and under a loaded full run
  /// (the suite's own tests at normal priority on two cores) it gets well under 1 % of a core, so
  /// its second of work took more than a minute in CI. Returns as soon as it lands.
  static func landed(_ key: String, on db: any Database) async throws -> Bool {
    for _ in 0..<6_000 {
      if try await ParallelAnalysisCache.stored(key: key, on: db) != nil && !ParallelAnalysisQueue.isQueued(key) {
        return true
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    return false
  }

  /// Holds the parallel analysis "How many factors?" queues for `data` under `options`: its key and
  /// the latch that lets it go (after any earlier holder of the same key has let it go).
  static func hold(_ data: QSortData, _ options: FactorCount.Options) async throws -> (
    String, ParallelAnalysisQueue.Latch
  ) {
    let key = ReportInput.parallelAnalysisKey(
      sorts: data.sortCount, statements: data.statementCount, distribution: data.distribution,
      correlation: options.analysis.correlation, simulations: options.simulations, percentile: options.percentile,
      seed: options.seed)
    for _ in 0..<600 where ParallelAnalysisQueue.isQueued(key) { try await Task.sleep(for: .milliseconds(100)) }
    return (key, ParallelAnalysisQueue.hold(key))
  }

  static var options: AnalysisOptions {
    var options = AnalysisOptions()
    options.factors = 3
    options.extraction = .pca
    return options
  }

  @Test("the report of a 1,001-sort analysis answers 200 at once with the note while its parallel analysis is held")
  func reportWhileHeld() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let data = try Self.large(try await StudySorts.export(study, on: app.db).qSortData(), count: 1_001)
      let result = try QAnalysis.run(data, options: Self.options)
      let analysis = Analysis(
        studyID: try study.requireID(), name: "Large",
        parameters: try AnalysisParameters(options: Self.options, selection: AnalysisSelection()).json(),
        dataHash: result.dataFingerprint, engineVersion: result.engineVersion)
      analysis.sortIDs = try AnalysisRuns.encodeList(result.sorts)
      try await analysis.save(on: app.db)
      try await StoredResults.write(try result.jsonData(), analysisID: analysis.requireID(), run: "", on: app.db)
      let path = "\(AnalysisPagesTests.base)/\(try analysis.requireID())"
      let key = ReportInput.parallelAnalysisKey(of: result, simulations: app.analysisRunner.parallelSimulations)
      // The previous database's pass may still be letting its key go.
      for _ in 0..<600 where ParallelAnalysisQueue.isQueued(key) { try await Task.sleep(for: .milliseconds(100)) }
      let latch = ParallelAnalysisQueue.hold(key)

      let report = try await owner.get("\(path)/report.html")
      #expect(report.status == .ok, "answered while the parallel analysis cannot have run")
      #expect(report.body.string.contains("computing… (in the background"), "the report's method notes it")
      #expect(!report.body.string.contains("Scree plot with parallel analysis"))
      #expect(ParallelAnalysisQueue.isQueued(key), "queued as cache work")
      #expect(try await ParallelAnalysisCache.stored(key: key, on: app.db) == nil, "its work is held")
      let page = try await owner.get(path)
      #expect(page.status == .ok)
      #expect(page.body.string.contains(HTMLReport.parallelAnalysisComputing), "the results page says computing…")

      latch.open()
      let landed = try await Self.landed(key, on: app.db)
      #expect(landed, "the cache work stored it once let go")
      let later = try await owner.get("\(path)/report.html").body.string
      #expect(!later.contains("computing…"))
      #expect(later.contains("Scree plot with parallel analysis"), "the report now has the line")
      #expect(!(try await owner.get(path).body.string.contains(HTMLReport.parallelAnalysisComputing)))
    }
  }

  @Test("How many factors? for 1,001 sorts: the other figures now, the parallel analysis computing… in the background")
  func factorCountWhileHeld() async throws {
    try await withPOETQ { app in
      let (_, study) = try await AnalysisPagesTests.demo(app)
      let data = try Self.large(try await StudySorts.export(study, on: app.db).qSortData(), count: 1_001)
      var options = FactorCount.Options()
      options.analysis = Self.options
      options.candidates = 2...3
      // 11, not the API test's 10: the queue and its test latch are process-wide and keyed by the
      // shape (sorts, statements, grid, simulations, seed), so two tests of the same shape at once
      // would hold and open each other's work.
      options.simulations = 11
      let (key, latch) = try await Self.hold(data, options)
      let studyID = try study.requireID()
      let (counted, pending) = try await app.analysisRunner.factorCountForPage(
        data, options: options, study: studyID, on: app.db)
      #expect(pending, "answered without the parallel analysis")
      #expect(counted.sorts == 1_001 && !counted.eigenvalues.isEmpty && !counted.solutions.isEmpty)
      let export = try await StudySorts.export(study, on: app.db)
      let content = FactorCountController.content(
        counted, export: export, allSites: [], ticked: [], extraction: .pca, threshold: "0.80", limited: false,
        chosenSites: [], parallelPending: true, slug: "study")
      #expect(content.parallelNote == FactorCountController.parallelComputing)
      #expect(content.criteria.first { $0.name == "Parallel analysis" }?.suggested == "computing…")
      #expect(content.screeRows.allSatisfy { $0.threshold.isEmpty }, "no stand-in threshold is shown")
      #expect(try await ParallelAnalysisCache.stored(key: key, on: app.db) == nil, "its work is held")

      latch.open()
      let landed = try await Self.landed(key, on: app.db)
      #expect(landed, "the cache work stored it once let go")
      let (again, stillPending) = try await app.analysisRunner.factorCountForPage(
        data, options: options, study: studyID, on: app.db)
      #expect(!stillPending && again.parallel.thresholds.allSatisfy { $0 < 1e300 }, "the next view has the line")
    }
  }

  @Test(
    "GET How many factors? of a study with 1,001 sorts answers with its figures and 'computing…' while the parallel analysis is held"
  )
  func factorCountPageWhileHeld() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      // The demo's 93 sorts and 908 imported ones.
      try await SocketAnalysisFormTests.importSorts(908, into: study, app: app)
      let data = try await StudySorts.export(study, on: app.db).qSortData()
      #expect(data.sortCount == 1_001)
      let options = FactorCount.Options()
      let (key, latch) = try await Self.hold(data, options)
      let page = try await owner.get("\(AnalysisPagesTests.base)/factor-count?extraction=pca")
      latch.open()
      #expect(page.status == .ok, "answered without the 1,000 simulations")
      let html = page.body.string
      #expect(html.contains(FactorCountController.parallelComputing))
      #expect(html.contains("<strong>computing…</strong>"), "the criterion's count")
      #expect(html.contains("1001 sorts, 40 statements"))
      let stored = try await ParallelAnalysisCache.stored(key: key, on: app.db)
      #expect(ParallelAnalysisQueue.isQueued(key) || stored != nil, "queued as cache work")
    }
  }

  @Test(
    "API factor-count of a study with 1,001 sorts answers 202 'computing' at once while the parallel analysis is held, then 200"
  )
  func factorCountAPIWhileHeld() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      // The demo's 93 sorts and 908 imported ones.
      try await SocketAnalysisFormTests.importSorts(908, into: study, app: app)
      let data = try await StudySorts.export(study, on: app.db).qSortData()
      #expect(data.sortCount == 1_001)
      var options = FactorCount.Options()
      options.simulations = 10
      let (key, latch) = try await Self.hold(data, options)
      let path = "/api/v1/studies/\(study.slug)/factor-count?simulations=10"

      let first = try await client.get(path)
      #expect(first.status == .accepted, "answered without the parallel analysis: \(first.body.string)")
      #expect(first.headers.first(name: .retryAfter) != nil)
      let computing = try first.content.decode(APIFactorCount.self)
      #expect(computing.status == "computing")
      #expect(computing.parallel == nil, "no stand-in thresholds are sent")
      #expect(computing.criteria.first { $0.name == APIFactorCount.parallelCriterion }?.suggested == nil)
      #expect(computing.sorts == 1_001 && computing.eigenvalues.count == 40 && !computing.solutions.isEmpty)
      #expect(ParallelAnalysisQueue.isQueued(key), "queued as cache work")
      #expect(try await ParallelAnalysisCache.stored(key: key, on: app.db) == nil, "its work is held")

      latch.open()
      let landed = try await Self.landed(key, on: app.db)
      #expect(landed, "the cache work stored it once let go")
      let later = try await client.get(path)
      #expect(later.status == .ok)
      let done = try later.content.decode(APIFactorCount.self)
      #expect(done.status == "done" && done.parallel?.thresholds.count == 40)
      #expect(done.criteria.first { $0.name == APIFactorCount.parallelCriterion }?.suggested != nil)
      #expect(done.eigenvalues == computing.eigenvalues, "the same figures, now with the line")
    }
  }
}
