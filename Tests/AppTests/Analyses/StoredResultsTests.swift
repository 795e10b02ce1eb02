import Fluent
import Foundation
import QMethod
import SQLKit
import Testing
import VaporTesting

@testable import App

/// An analysis's result JSON kept in parts (``StoredResults``): cut without breaking a character,
/// read back whole, only the parts of the run holding the claim, and moved there from the old
/// `analyses.result` column by the migration (and back by its revert).
@Suite("Stored results")
struct StoredResultsTests {
  @Test("JSON is cut into parts of at most the part size, never inside a UTF-8 character, and joins up again")
  func split() throws {
    // "é" is two bytes, "€" three: with parts of 4 bytes some boundaries fall inside them.
    let text = #"{"statementTexts":["Café € — naïve","x"]}"#
    for size in [4, 5, 7, 64] {
      let parts = StoredResults.split(Data(text.utf8), partSize: size)
      #expect(parts.joined() == text, "part size \(size)")
      #expect(parts.allSatisfy { !$0.isEmpty && $0.utf8.count <= size }, "part size \(size): \(parts)")
      #expect(!parts.contains { $0.contains("\u{FFFD}") }, "no character cut in two")
    }
    #expect(StoredResults.split(Data()).isEmpty)
  }

  /// A done analysis of the demo's sorts, claimed by `run`, without a result yet.
  static func doneAnalysis(_ app: Application, run: String) async throws -> (Analysis, Data) {
    let (study, data, options, parameters) = try await AnalysisRunnerTests.demo(app, factors: 3)
    let analysis = try await AnalysisRuns.queued(
      name: "Parts", parameters: parameters, data: data, study: study, by: nil, on: app.db)
    _ = QueuedSorts.take(try analysis.requireID())
    analysis.status = .done
    analysis.claimedBy = run
    try await analysis.save(on: app.db)
    return (analysis, try QAnalysis.run(data, options: options).jsonData())
  }

  static func partCount(_ analysis: Analysis, run: String? = nil, on db: any Database) async throws -> Int {
    let id = try analysis.requireID()
    var query = AnalysisResultPart.query(on: db).filter(\.$analysis.$id == id)
    if let run { query = query.filter(\.$run == run) }
    return try await query.count()
  }

  @Test("a result written in parts reads back whole; parts another run wrote are never read, and are cleared")
  func partsOfTheClaim() async throws {
    try await withPOETQ { app in
      let (analysis, json) = try await Self.doneAnalysis(app, run: "run A")
      try await StoredResults.write(json, analysisID: analysis.requireID(), run: "run A", on: app.db, partSize: 4096)
      #expect(try await Self.partCount(analysis, on: app.db) == (json.count + 4095) / 4096, "\(json.count) bytes")
      // A run that lost its claim wrote too.
      try await StoredResults.write(
        Data(#"{"lost":true}"#.utf8), analysisID: analysis.requireID(), run: "run B", on: app.db)
      #expect(try await StoredResults.json(of: analysis, on: app.db) == json)
      let decoded = try JSONDecoder().decode(AnalysisResult.self, from: json)
      #expect(try await StoredResults.result(of: analysis, on: app.db) == decoded)

      try await StoredResults.discard(analysisID: analysis.requireID(), allBut: "run A", on: app.db)
      #expect(try await Self.partCount(analysis, run: "run B", on: app.db) == 0)
      #expect(try await StoredResults.json(of: analysis, on: app.db) == json)

      // Written again by the same run: replaced, not appended to.
      try await StoredResults.write(json, analysisID: analysis.requireID(), run: "run A", on: app.db)
      #expect(try await Self.partCount(analysis, on: app.db) == 1)
      #expect(try await StoredResults.json(of: analysis, on: app.db) == json)

      // A run not done has no result, whatever parts exist; "required" says so with a 409.
      analysis.status = .running
      try await analysis.save(on: app.db)
      #expect(try await StoredResults.json(of: analysis, on: app.db) == nil)
      await #expect(throws: Refusal.self) { try await StoredResults.required(analysis, field: "id", on: app.db) }
    }
  }

  @Test("a runner that lost its claim while it ran stores nothing and leaves the run to the instance holding it")
  func lostClaim() async throws {
    try await withPOETQ { app in
      let (study, data, _, parameters) = try await AnalysisRunnerTests.demo(app, factors: 2)
      let runner = AnalysisRunner(database: { app.db }, logger: app.logger, parallelSimulations: 10)
      let queued = try await AnalysisRuns.queued(
        name: "Contested", parameters: parameters, data: data, study: study, by: nil, on: app.db)
      let claimed = try #require(try await runner.queue.claimNext())
      #expect(claimed.id == queued.id)
      // Meanwhile its heartbeat was thought stale and another instance claimed it.
      let row = try #require(try await Analysis.find(queued.id, on: app.db))
      row.claimedBy = "another instance"
      try await row.save(on: app.db)

      await runner.run(claimed)
      let after = try #require(try await Analysis.find(queued.id, on: app.db))
      #expect(after.status == .running, "the other instance's run")
      #expect(after.claimedBy == "another instance")
      #expect(try await Self.partCount(after, on: app.db) == 0, "the loser's parts are taken back")
    }
  }

  @Test("the migration moves results out of analyses.result into parts, and its revert moves them back")
  func migration() async throws {
    try await withPOETQ { app in
      let (analysis, json) = try await Self.doneAnalysis(app, run: "run A")
      let id = try analysis.requireID()
      try await StoredResults.write(json, analysisID: id, run: "run A", on: app.db)
      let sql = try #require(app.db as? any SQLDatabase)
      func column() async throws -> String? {
        try await sql.select().column("result").from("analyses").where("id", .equal, id).first()?
          .decode(column: "result", as: String.self)
      }

      try await MoveAnalysisResultsToParts().revert(on: app.db)
      #expect(try await column() == String(decoding: json, as: UTF8.self), "back in its row")

      // A result of several parts with characters of several bytes, as an older POETQ stored it.
      let large = #"{"statementTexts":[""# + String(repeating: #""Café € — naïve","#, count: 40_000) + #""x"]}"#
      try await sql.update("analyses").set("result", to: large).where("id", .equal, id).run()
      try await MoveAnalysisResultsToParts().prepare(on: app.db)
      await #expect(throws: (any Error).self, "the column is gone") { try await column() }
      #expect(try await Self.partCount(analysis, on: app.db) > 1)
      #expect(try await StoredResults.json(of: analysis, on: app.db) == Data(large.utf8))
    }
  }
}
