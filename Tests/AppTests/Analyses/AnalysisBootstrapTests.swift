import Fluent
import Foundation
import NIOConcurrencyHelpers
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The bootstrap as an analysis option (issue 28): through the API and the run form, run by the
/// analysis runner with its steps shown, stored with the result, reproducible by its seed, the same
/// as `poetq analyze --bootstrap N --seed S`; shown on the factor pages, in the workbook, the CSVs
/// and the reports; left out of a site-limited whole view.
@Suite("Analyses: bootstrap")
struct AnalysisBootstrapTests {
  static let api = "/api/v1/studies/\(AnalysisPagesTests.slug)/analyses"

  /// What `poetq analyze DEMO.DAT --statements DEMO.STA` reads for the demo study.
  static func cliData(_ study: Study, on db: any Database) async throws -> QSortData {
    let export = try await StudySorts.export(study, on: db)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-boot-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let dat = directory.appendingPathComponent("demo.DAT")
    let sta = directory.appendingPathComponent("demo.STA")
    try export.pqmethodDAT().write(to: dat)
    try export.pqmethodSTA().write(to: sta)
    var data = try QDataReader.read(url: dat, statementsFile: sta)
    if data.title.isEmpty { data.title = dat.lastPathComponent }
    return data
  }

  @Test("API: a run with a bootstrap stores it in the result parts, equals the CLI's JSON for the seed, and repeats")
  func apiRunIsTheCLIsAndRepeats() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let body =
        #"{"name": "Boot", "extraction": "pca", "factors": 3, "rotation": "varimax", "bootstrap": {"steps": 40, "seed": 42}}"#
      let first = try await AnalysisAPITests.queue(client, study.slug, body)
      let second = try await AnalysisAPITests.queue(client, study.slug, body)
      let one = try await AnalysisAPITests.finished(client, study.slug, first)
      let two = try await AnalysisAPITests.finished(client, study.slug, second)
      #expect(one.status == .done && two.status == .done, "\(one.failure ?? "") \(two.failure ?? "")")
      let bootstrap = try #require(one.result?.bootstrap)
      #expect(bootstrap.steps == 40 && bootstrap.seed == 42 && bootstrap.factors.count == 3)
      #expect(one.parameters.options.bootstrap == BootstrapOptions(steps: 40, seed: 42))
      #expect(two.result?.bootstrap == bootstrap, "the same seed, the same numbers")

      // `poetq analyze demo.DAT --statements demo.STA --extraction pca --factors 3 --bootstrap 40 --seed 42`.
      var options = AnalysisOptions()
      options.extraction = .pca
      options.factors = 3
      options.bootstrap = BootstrapOptions(steps: 40, seed: 42)
      let expected = try QAnalysis.run(try await Self.cliData(study, on: app.db), options: options)
      let stored = try #require(try await Analysis.find(first, on: app.db))
      #expect(try await StoredResults.json(of: stored, on: app.db) == (try expected.jsonData()), "the CLI's very bytes")
      let parts = try await AnalysisResultPart.query(on: app.db).filter(\.$analysis.$id == first).all()
      #expect(!parts.isEmpty && parts.map(\.text).joined().contains("\"zScoreMean\""), "kept in the result parts")

      // Another seed gives other numbers.
      let other = try await AnalysisAPITests.queue(
        client, study.slug, body.replacingOccurrences(of: #""seed": 42"#, with: #""seed": 43"#))
      let three = try await AnalysisAPITests.finished(client, study.slug, other)
      #expect(three.result?.bootstrap?.zScoreSD != bootstrap.zScoreSD)
    }
  }

  @Test("API: a seed left out is drawn, stored with the options, and a re-run reproduces the numbers")
  func drawnSeedIsKept() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let id = try await AnalysisAPITests.queue(
        client, study.slug,
        #"{"name": "Boot", "extraction": "centroid", "factors": 2, "rotation": "varimax", "bootstrap": {"steps": 20}}"#)
      let done = try await AnalysisAPITests.finished(client, study.slug, id)
      let seed = try #require(done.parameters.options.bootstrap?.seed)
      #expect(done.result?.bootstrap?.seed == seed)
      let rerun = try await client.post("\(Self.api)/\(id)/rerun", "")
      #expect(rerun.status == .accepted, "\(rerun.body.string)")
      let again = try await AnalysisAPITests.finished(
        client, study.slug, try rerun.content.decode(AnalysisQueuedDTO.self).id)
      #expect(again.parameters.options.bootstrap?.seed == seed)
      #expect(again.result?.bootstrap == done.result?.bootstrap, "the re-run draws the same resamples")
      let config = try await client.get("\(Self.api)/\(id)/config").content.decode(AnalysisOptions.self)
      #expect(config.bootstrap == BootstrapOptions(steps: 20, seed: seed), "--config replays the seed")
    }
  }

  @Test("API: steps or seed out of range and unknown fields get 400 naming the field; a viewer 403; nothing stored")
  func apiRefusals() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let base = #""name": "Bad", "extraction": "centroid", "rotation": "varimax", "factors": 3"#
      let cases: [(String, String)] = [
        (#"{"steps": 9}"#, "bootstrap.steps"), (#"{"steps": 5001}"#, "bootstrap.steps"),
        (#"{"steps": "many"}"#, "bootstrap.steps"), (#"{"seed": 1}"#, "bootstrap.steps"),
        (#"{"steps": 100, "sed": 1}"#, "bootstrap.sed"), (#"{"steps": 100, "seed": -1}"#, "bootstrap.seed"),
        (#"{"steps": 100, "seed": 9007199254740992}"#, "bootstrap.seed"), (#"100"#, "bootstrap"),
      ]
      for (bootstrap, field) in cases {
        let response = try await client.post(Self.api, #"{\#(base), "bootstrap": \#(bootstrap)}"#)
        #expect(response.status == .badRequest, "\(bootstrap) → \(response.body.string)")
        #expect(response.apiError?.reason.hasPrefix(field) == true, "\(bootstrap) → \(response.body.string)")
      }
      let (viewerUser, viewer) = try await APIClient.researcher(app, email: "vi@example.org")
      try await StudyMembership(studyID: study.requireID(), userID: viewerUser.requireID(), role: .viewer).save(
        on: app.db)
      let refused = try await viewer.post(Self.api, #"{\#(base), "bootstrap": {"steps": 100}}"#)
      #expect(refused.status == .forbidden)
      #expect(try await Analysis.query(on: app.db).count() == 0, "nothing stored")
    }
  }

  @Test("the runner writes the bootstrap's steps to the stage as they advance; the result is QAnalysis.run's")
  func stagesShowTheSteps() throws {
    let data = try SyntheticSorts.make(sorts: 30, statements: 30, seed: 5)
    var options = AnalysisOptions()
    options.extraction = .pca
    options.factors = 2
    options.bootstrap = BootstrapOptions(steps: 250, seed: 3)
    let stages = NIOLockedStages()
    let result = try AnalysisRunner.analyse(data, options: options) { stages.append($0) }
    #expect(result == (try QAnalysis.run(data, options: options)))
    let seen = stages.all
    #expect(seen.contains(AnalysisStage.extracting.rawValue))
    #expect(
      Array(seen.suffix(4)) == [0, 100, 200, 250].map { AnalysisRunner.bootstrapStage($0, of: 250) },
      "\(seen)")
    #expect(AnalysisRunner.bootstrapStage(100, of: 250) == "bootstrapping: 100 of 250 steps")
  }

  @Test("the run form: the bootstrap box stores steps and seed; bad steps or seed are refused by field")
  func runForm() async throws {
    try await withPOETQ { app in
      var (owner, _) = try await AnalysisPagesTests.demo(app)
      let form = try await owner.get("\(AnalysisPagesTests.base)/new")
      #expect(form.body.string.contains("id=\"bootstrapSteps\"") && form.body.string.contains("id=\"bootstrapSeed\""))
      let everySite = ["Site A", "Site B", "Site C", "Site D", "Site E"].map { ("site", $0) }
      let run: [(String, String)] = [("extraction", "pca"), ("factors", "2"), ("rotation", "varimax")] + everySite
      let response = try await owner.post(
        AnalysisPagesTests.base,
        pairs: run + [("bootstrap", "on"), ("bootstrapSteps", "30"), ("bootstrapSeed", "9")])
      #expect(response.status == .seeOther)
      let analysis = try await AnalysisPagesTests.newest(app.db)
      #expect(
        try AnalysisParameters.decode(analysis.parameters).options.bootstrap == BootstrapOptions(steps: 30, seed: 9))
      let plain = try await owner.post(AnalysisPagesTests.base, pairs: run + [("bootstrapSteps", "30")])
      #expect(plain.status == .seeOther)
      #expect(
        try AnalysisParameters.decode(try await AnalysisPagesTests.newest(app.db).parameters).options.bootstrap == nil,
        "no box ticked, no bootstrap")
      let before = try await Analysis.query(on: app.db).count()
      // The refusal names the form's labels ("Resamples", "Seed"), not the field names.
      for (fields, field) in [
        ([("bootstrapSteps", "3")], "Resamples"), ([("bootstrapSteps", "lots")], "Resamples"),
        ([("bootstrapSteps", "100"), ("bootstrapSeed", "-4")], "Seed"),
      ] {
        let refused = try await owner.post(AnalysisPagesTests.base, pairs: run + [("bootstrap", "on")] + fields)
        #expect(refused.status == .unprocessableEntity, "\(fields)")
        #expect(refused.body.string.contains("\(field):"), "\(fields) names \(field)")
        #expect(refused.body.string.contains("id=\"bootstrap\" value=\"on\" checked"), "the box comes back ticked")
      }
      #expect(try await Analysis.query(on: app.db).count() == before, "nothing stored")
    }
  }

  @Test(
    "synthetic viewpoints: the factor page marks unstable places and flags as the engine lists them; true defining sorts hold their flags, random sorts seldom get one"
  )
  func factorPageMarks() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let labelled = try SyntheticSorts.labelled(
        sorts: 36, statements: 40, viewpoints: 3, noise: 0.7, seed: 11, randomSorts: 8)
      try await Self.importSorts(labelled.data, into: study, app: app)
      let (user, client) = try await APIClient.researcher(app, email: "ada2@example.org")
      try await StudyMembership(studyID: study.requireID(), userID: user.requireID(), role: .researcher).save(
        on: app.db)
      let id = try await AnalysisAPITests.queue(
        client, study.slug,
        #"{"name": "Synthetic", "sites": ["Site F"], "extraction": "pca", "factors": 3, "rotation": "varimax", "bootstrap": {"steps": 120, "seed": 5}}"#
      )
      let done = try await AnalysisAPITests.finished(client, study.slug, id)
      let result = try #require(done.result)
      let bootstrap = try #require(result.bootstrap)
      // The imported sorts keep their order: I1…I36 drawn from a viewpoint, I37…I44 random.
      var trueFrequencies: [Double] = []
      var randomFrequencies: [Double] = []
      for (row, sort) in result.sorts.enumerated() {
        guard let number = Int(sort.dropFirst()) else { continue }
        if number <= 36 {
          for f in 0..<3 where result.flags[row][f] { trueFrequencies.append(bootstrap.flagFrequency[row][f] ?? 0) }
        } else {
          randomFrequencies.append((0..<3).map { bootstrap.flagFrequency[row][$0] ?? 0 }.max() ?? 0)
        }
      }
      let meanTrue = trueFrequencies.reduce(0, +) / Double(max(trueFrequencies.count, 1))
      let meanRandom = randomFrequencies.reduce(0, +) / Double(max(randomFrequencies.count, 1))
      // Tolerances: 120 steps; a true sort loads 0.5–0.8 against a flag threshold of 1.96/√40 = 0.31,
      // so it keeps its flag in nearly every step; a random sort loads around 0 ± 0.16.
      #expect(trueFrequencies.count >= 25, "most true sorts are flagged: \(trueFrequencies.count)")
      #expect(meanTrue >= 0.9, "true defining sorts keep their flags: \(trueFrequencies)")
      #expect(meanRandom <= 0.3, "random sorts seldom get one: \(randomFrequencies)")

      for factor in 1...3 {
        let page = try await owner.get("\(AnalysisPagesTests.base)/\(id)/factors/\(factor)")
        #expect(page.status == .ok)
        let html = page.body.string
        #expect(html.contains("id=\"bootstrap-statements\"") && html.contains("id=\"bootstrap-flags\""))
        let stability = bootstrap.factors[factor - 1]
        let statements = Self.section(html, id: "bootstrap-statements")
        let flags = Self.section(html, id: "bootstrap-flags")
        #expect(
          statements.components(separatedBy: "class=\"short unstable\"").count - 1
            == stability.unstableStatements.count,
          "F\(factor): \(stability.unstableStatements)")
        #expect(
          flags.components(separatedBy: "unstable\"").count - 1 == stability.unstableSorts.count,
          "F\(factor): \(stability.unstableSorts)")
        for sort in stability.unstableSorts { #expect(flags.contains("<td class=\"short\">\(sort)</td>")) }
        #expect(html.contains("id=\"bootstrap-summary\""))
      }
    }
  }

  @Test(
    "the workbook has a Bootstrap sheet (read back with openpyxl); tables.zip, report.html and report.docx carry it")
  func downloads() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      var options = AnalysisOptions()
      options.extraction = .pca
      options.factors = 3
      options.bootstrap = BootstrapOptions(steps: 30, seed: 8)
      let (analysis, result) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let base = "\(AnalysisPagesTests.base)/\(try analysis.requireID())"
      let bootstrap = try #require(result.bootstrap)
      let xlsx = try await owner.get("\(base)/workbook.xlsx")
      #expect(xlsx.status == .ok)
      if let book = try DownloadText.xlsx(Data(xlsx.body.readableBytesView)) {
        let index = try #require(book.sheets.firstIndex(of: "Bootstrap"), "\(book.sheets)")
        let sheet = book.cells[index]
        #expect(sheet.first?.first == "Factor" && sheet.count == 4, "a header and a row per factor: \(sheet)")
        #expect(sheet[1][0] == "F1" && sheet[1][1] == String(bootstrap.factors[0].definedSteps))
        #expect(sheet[1].last == "8", "the seed is in the sheet")
        let statements = try #require(book.sheets.firstIndex(of: "Bootstrap by statement"))
        #expect(book.cells[statements].count == 1 + 3 * 40)
        let flags = try #require(book.sheets.firstIndex(of: "Bootstrap flags"))
        #expect(book.cells[flags].count == 1 + 3 * 93)
      }
      let zip = try await owner.get("\(base)/tables.zip")
      if let files = try DownloadText.zip(Data(zip.body.readableBytesView)) {
        #expect(files["bootstrap.csv"]?.hasPrefix("Factor,Steps with the factor") == true)
        #expect(files["bootstrap-statements.csv"] != nil && files["bootstrap-flags.csv"] != nil)
      }
      let show = try await owner.get(base).body.string
      #expect(show.contains("id=\"bootstrap-title\"") && show.contains("seed 8"), "the analysis page sums it up")
      let html = try await owner.get("\(base)/report.html").body.string
      #expect(html.contains("<section id=\"bootstrap\"><h2>Stability (bootstrap)</h2>"))
      #expect(html.contains("seed 8"))
      let docx = try await owner.get("\(base)/report.docx")
      if let paragraphs = try DownloadText.docx(Data(docx.body.readableBytesView)) {
        #expect(paragraphs.contains("Stability (bootstrap)"))
      }
    }
  }

  @Test("seen as a whole, the bootstrap keeps its statements and summaries but no sort's row")
  func wholeView() throws {
    let data = try SyntheticSorts.make(sorts: 20, statements: 30, seed: 2)
    var options = AnalysisOptions()
    options.factors = 2
    options.bootstrap = BootstrapOptions(steps: 30, seed: 1)
    let result = try QAnalysis.run(data, options: options)
    let whole = result.asWhole(sortCount: 20)
    let bootstrap = try #require(whole.bootstrap)
    #expect(bootstrap.flagFrequency.isEmpty && bootstrap.loadingMean.isEmpty && bootstrap.drawnSteps.isEmpty)
    #expect(bootstrap.factors.allSatisfy { $0.unstableSorts.isEmpty })
    #expect(bootstrap.zScoreMean == result.bootstrap?.zScoreMean)
    try whole.checkShape()
    let html = HTMLReport.factorAids(ReportInput(result: whole), factor: 1)
    #expect(html.contains("id=\"bootstrap-statements\"") && !html.contains("id=\"bootstrap-flags\""))
    #expect(html.contains("Seen as a whole: no sort&#39;s flag frequency is shown"))
    for sort in result.sorts { #expect(!html.contains(">\(sort)<"), "no sort id: \(sort)") }
    #expect(!ReportTables.all(ReportInput(result: whole)).contains { $0.name == "bootstrap-flags" })
  }

  @Test("a sort withdrawn after the run is marked so in the bootstrap's flag rows until the re-run")
  func withdrawnSortMarked() throws {
    let data = try SyntheticSorts.make(sorts: 20, statements: 30, seed: 2)
    var options = AnalysisOptions()
    options.factors = 2
    options.bootstrap = BootstrapOptions(steps: 30, seed: 1)
    let result = try QAnalysis.run(data, options: options)
    let flagged = try #require(result.sorts.indices.first { result.flags[$0][0] })
    let sort = result.sorts[flagged]
    let input = ReportInput(result: result, withdrawnSorts: [sort])
    let table = try #require(ReportTables.bootstrapFlags(input, factor: 0))
    let row = try #require(table.rows.first { $0.first == .text(sort) })
    #expect(row[1].display.hasSuffix("(withdrawn)"), "\(row)")
    #expect(table.columns.prefix(2) == ["Sort", "Stable?"], "the mark comes first, seen on a phone")
    let others = table.rows.filter { $0.first != .text(sort) }
    #expect(others.allSatisfy { !$0[1].display.contains("withdrawn") })
  }

  // MARK: - Helpers

  /// The HTML of the table with `id` (to its closing tag).
  static func section(_ html: String, id: String) -> String {
    guard let start = html.range(of: "id=\"\(id)\"") else { return "" }
    let rest = html[start.lowerBound...]
    guard let end = rest.range(of: "</table>") else { return String(rest) }
    return String(rest[..<end.upperBound])
  }

  /// `data`'s sorts (40 statements) placed on the demo's grid in their own order and imported at
  /// "Site F" as the Data tab does, as I1, I2, … in their order.
  static func importSorts(_ data: QSortData, into study: Study, app: Application) async throws {
    let capacities = [2, 3, 4, 6, 10, 6, 4, 3, 2]
    let slots = capacities.enumerated().flatMap { Array(repeating: $0.offset - 4, count: $0.element) }
    let distribution = try Distribution(minScore: -4, maxScore: 4, capacities: capacities)
    var scores: [Int] = []
    for row in 0..<data.sortCount {
      let values = (0..<40).map { data.scores[row * 40 + $0] * 100 + $0 }
      var sort = [Int](repeating: 0, count: 40)
      for (position, statement) in values.indices.sorted(by: { values[$0] < values[$1] }).enumerated() {
        sort[statement] = slots[position]
      }
      scores += sort
    }
    let placed = try QSortData(
      title: "IMPORTED", statements: (1...40).map { Statement(number: $0) },
      sortIDs: (1...data.sortCount).map { "I\($0)" }, distribution: distribution, scores: scores)
    let upload = SortImport.Upload(
      fileName: "imported.csv", data: try QDataWriter.encode(placed, format: .csvSortsAsRows))
    let screen = try await SortImport.screen(upload, study: study, on: app.db)
    #expect(screen.validCount == data.sortCount)
    let site = Site(studyID: try study.requireID(), name: "Site F", position: 6)
    try await site.save(on: app.db)
    let owner = try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first())
    let imported = try await SortImport.store(
      screen, fileName: "imported.csv", site: site, skipInvalid: false, study: study, by: try owner.requireID(),
      on: app.db)
    #expect(imported == data.sortCount)
  }
}

/// Stages heard from the runner's thread.
final class NIOLockedStages: Sendable {
  private let box = NIOLockedValueBox([String]())
  func append(_ stage: String) { box.withLockedValue { $0.append(stage) } }
  var all: [String] { box.withLockedValue { $0 } }
}
