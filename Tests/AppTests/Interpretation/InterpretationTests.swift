import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The interpretation workspace and the analysis's report and exports, on the demo study.
@Suite("Interpretation and reports")
struct InterpretationTests {
  static let slug = "poetq-demo-synthetic-data"

  /// The demo study with a stored 5-factor centroid analysis of its 93 sorts (as a finished run
  /// stores it: the engine's result as JSON).
  static func demoAnalysis(_ app: Application) async throws -> (TestBrowser, Analysis, AnalysisResult) {
    var owner = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
    #expect(try await owner.post("/studies/demo", [:]).status == .seeOther)
    let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
    let data = try await StudySorts.export(study, on: app.db).qSortData()
    var options = AnalysisOptions()
    options.factors = 5
    let result = try QAnalysis.run(data, options: options)
    let analysis = Analysis(
      studyID: try study.requireID(), name: "Centroid, 5 factors", parameters: "{}", dataHash: result.dataFingerprint,
      engineVersion: result.engineVersion)
    try await analysis.save(on: app.db)
    try await StoredResults.write(
      try AnalysisDownload.resultJSON(result), analysisID: analysis.requireID(), run: "", on: app.db)
    return (owner, analysis, result)
  }

  @Test("a factor page shows the array, the aids and the exemplars' comments; writing is saved with a revision")
  func factorPage() async throws {
    try await withPOETQ { app in
      var (owner, analysis, result) = try await Self.demoAnalysis(app)
      let base = "/studies/\(Self.slug)/analyses/\(try analysis.requireID())"
      let page = try await owner.get("\(base)/factors/1")
      #expect(page.status == .ok)
      let html = page.body.string
      #expect(html.contains("<svg"), "the factor array is drawn")
      #expect(html.contains("Crib sheet"))
      #expect(html.contains("Exemplars"))
      #expect(html.contains("name=\"quote\""), "the exemplars' comments can be pinned")

      let exemplar = try #require(result.exemplars[0].first?.sort)
      let sorts = try await StudySorts.completed(
        try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first()), on: app.db)
      let commented = try #require(
        result.exemplars[0].compactMap { item in sorts.first { $0.sortID == item.sort && !$0.comments.isEmpty } }.first,
        "some exemplar of factor 1 left a comment")
      let (statement, comment) = try #require(commented.comments.sorted { $0.key < $1.key }.first)
      _ = exemplar
      let saved = try await owner.post(
        "\(base)/factors/1",
        pairs: [
          ("revision", "0"), ("name", "Ideal world commissioning"), ("argument", "Let's be optimistic"),
          ("description", "Partners share a vision."), ("viewedByOthers", "Naive"),
          ("codeNote.People", "Patients first"), ("quote", "\(commented.sortID)|\(statement)"),
        ])
      #expect(saved.status == .seeOther)
      let stored = try await InterpretationStore.one(analysisID: try analysis.requireID(), factor: 1, on: app.db)
      #expect(stored.revision == 1)
      #expect(stored.interpretation.name == "Ideal world commissioning")
      #expect(stored.interpretation.codeNotes == ["People": "Patients first"])
      #expect(
        stored.interpretation.quotes == [PinnedQuote(sort: commented.sortID, statement: statement, text: comment)])

      // A save from the old revision is refused; the typed text comes back with the reason.
      let stale = try await owner.post("\(base)/factors/1", pairs: [("revision", "0"), ("name", "Another name")])
      #expect(stale.status == .conflict)
      #expect(stale.body.string.contains("Another name"), "what was typed is kept")
      // A quote from a sort that is not an exemplar of the factor is refused, naming the field.
      let outsider = try #require(result.sorts.first { id in !result.exemplars[0].contains { $0.sort == id } })
      let wrong = try await owner.post(
        "\(base)/factors/1", pairs: [("revision", "1"), ("name", "x"), ("quote", "\(outsider)|1")])
      #expect(wrong.status == .unprocessableEntity)
      #expect(wrong.body.string.contains("quotes[0].sort"))
      #expect(
        try await InterpretationStore.one(analysisID: try analysis.requireID(), factor: 1, on: app.db).revision == 1)

      // The report names the factor and quotes the comment.
      let report = try await owner.get("\(base)/report.html")
      #expect(report.status == .ok)
      #expect(report.body.string.contains("Ideal world commissioning"))
      #expect(report.headers.first(name: "Content-Security-Policy")?.contains("default-src 'none'") == true)
      #expect(try await owner.get("\(base)/factors/9").status == .notFound)
      let events = try await AuditEvent.query(on: app.db).filter(\.$action == "interpretation.save").count()
      #expect(events == 1)
    }
  }

  @Test("the report's scree draws parallel analysis, computed once for the data's shape and then read")
  func parallelAnalysis() async throws {
    try await withPOETQ { app in
      var (owner, analysis, result) = try await Self.demoAnalysis(app)
      let base = "/studies/\(Self.slug)/analyses/\(try analysis.requireID())"
      #expect(try await owner.get("\(base)/factors/1").status == .ok)
      #expect(try await ParallelAnalysisRecord.query(on: app.db).count() == 0, "the factor page never waits for it")
      let report = try await owner.get("\(base)/report.html")
      #expect(report.status == .ok)
      #expect(report.body.string.contains("<figcaption>Scree plot with parallel analysis</figcaption>"))
      let records = try await ParallelAnalysisRecord.query(on: app.db).all()
      #expect(records.count == 1)
      // The same numbers as the engine's parallel analysis of this shape with the testing
      // environment's 50 simulations (fixed seed), and the same count above the line.
      let expected = try ReportInput.parallelAnalysis(of: result, simulations: 50)
      let stored = try JSONDecoder().decode(
        ParallelAnalysis.Result.self, from: Data(try #require(records.first).result.utf8))
      #expect(stored.thresholds == expected.thresholds && stored.simulations == 50)
      #expect(report.body.string.contains("<dt>Parallel analysis</dt><dd>\(expected.suggested) factor"))
      // Read, not computed again, by the other downloads; the .LIS and JSON do not need it.
      #expect(try await owner.get("\(base)/workbook.xlsx").status == .ok)
      #expect(try await owner.get("\(base)/report.docx").status == .ok)
      #expect(try await ParallelAnalysisRecord.query(on: app.db).count() == 1)
      // Another analysis of the same shape (the same 93 sorts, 3 factors) shares the row.
      var options = AnalysisOptions()
      options.factors = 3
      let data = try await StudySorts.export(
        try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first()), on: app.db
      ).qSortData()
      let three = try QAnalysis.run(data, options: options)
      let cached = try #require(try await ParallelAnalysisCache.cached(for: three, simulations: 50, on: app.db))
      #expect(cached.thresholds == expected.thresholds)
      #expect(cached.suggested == zip(three.screeEigenvalues, expected.thresholds).prefix { $0 > $1 }.count)
    }
  }

  @Test("the API: PUT and GET an interpretation, bad input named, every download served")
  func api() async throws {
    try await withPOETQ { app in
      let (_, analysis, result) = try await Self.demoAnalysis(app)
      let owner = try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first())
      let token = try await APITokens.create(name: "tests", for: owner.requireID(), on: app.db)
      let client = APIClient(app: app, token: token)
      let base = "/api/v1/studies/\(Self.slug)/analyses/\(try analysis.requireID())"
      let put = try await client.send(
        .PUT, "\(base)/factors/2", json: #"{"name": "Pragmatists", "argument": "Make it work", "description": "d"}"#)
      #expect(put.status == .ok, "\(put.body.string)")
      let got = try await client.get("\(base)/factors/2")
      #expect(got.body.string.contains("\"name\":\"Pragmatists\""))
      #expect(got.body.string.contains("\"revision\":1"))

      let unknown = try await client.send(.PUT, "\(base)/factors/12", json: #"{"name": "x"}"#)
      #expect(unknown.status == .notFound)
      let long = try await client.send(
        .PUT, "\(base)/factors/2", json: "{\"name\": \"\(String(repeating: "n", count: 200))\"}")
      #expect(long.status == .unprocessableEntity)
      #expect(long.body.string.contains("name"))
      let stale = try await client.send(.PUT, "\(base)/factors/2", json: #"{"name": "Old", "revision": 0}"#)
      #expect(stale.status == .conflict)

      for download in AnalysisDownload.allCases {
        let response = try await client.get("\(base)/\(download.rawValue)")
        #expect(response.status == .ok, "\(download.rawValue)")
        #expect(response.body.readableBytes > 100, "\(download.rawValue) has content")
      }
      let json = try await client.get("\(base)/result.json")
      let decoded = try JSONDecoder().decode(AnalysisResult.self, from: Data(json.body.readableBytesView))
      #expect(decoded.loadings == result.loadings)
      let lis = try await client.get("\(base)/report.lis")
      #expect(lis.body.string == TextReport.render(result))
    }
  }
}
