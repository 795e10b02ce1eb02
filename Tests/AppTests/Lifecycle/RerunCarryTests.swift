import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// A re-run keeps the researcher's work: the interpretations go to the factors they match.
@Suite("Re-runs keep the interpretations")
struct RerunCarryTests {
  static func waitUntilDone(_ id: UUID, on app: Application) async throws -> Analysis {
    for _ in 0..<600 {
      if let analysis = try await Analysis.find(id, on: app.db), analysis.status == .done || analysis.status == .failed
      {
        return analysis
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("analysis \(id) did not finish within a minute")
    throw CancellationError()
  }

  @Test("after a withdrawal, the re-run carries all five names, notes and quotes, naming each match and its r")
  func rerunCarries() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      var options = AnalysisOptions()
      options.factors = 5
      let (analysis, result) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let id = try analysis.requireID()
      let ada = try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first())
      let sorts = try await StudySorts.completed(study, on: app.db)
      let names = ["Ideal world", "Efficient", "Pluralist", "Personalised", "Pragmatic"]
      var pinned: PinnedQuote?
      for factor in 1...5 {
        var interpretation = FactorInterpretation(
          name: names[factor - 1], description: "About factor \(factor).", codeNotes: ["People": "note \(factor)"])
        if factor == 1 {
          pinned =
            result.exemplars[0].dropFirst().lazy.compactMap { exemplar in
              sorts.first { $0.sortID == exemplar.sort }?.comments.min { $0.key < $1.key }
                .map { PinnedQuote(sort: exemplar.sort, statement: $0.key, text: $0.value) }
            }.first
          interpretation.quotes = pinned.map { [$0] } ?? []
        }
        _ = try await InterpretationStore.save(
          interpretation, factor: factor, baseRevision: nil, analysis: analysis, result: result,
          codes: ["People", "Partnership", "Professionals", "Productivity"], study: study, by: ada.requireID(),
          on: app.db)
      }
      let quote = try #require(pinned)
      // Another participant withdraws (not the quoted one): the analysis needs a re-run.
      let other = try #require(result.sorts.first { $0 != quote.sort && !result.exemplars[0].map(\.sort).contains($0) })
      try await WithdrawalReachTests.withdraw(&owner, sort: other, on: app)

      let base = "/studies/\(AnalysisPagesTests.slug)/analyses"
      let rerun = try await owner.post("\(base)/\(id)/rerun", [:])
      #expect(rerun.status == .seeOther)
      let newID = try #require(
        try await Analysis.query(on: app.db).filter(\.$derivedFrom == id).first()?.requireID(), "made from the old one")
      let done = try await Self.waitUntilDone(newID, on: app)
      #expect(done.status == .done, "\(done.failure ?? "")")
      let carried = try await InterpretationStore.all(analysisID: newID, on: app.db)
      let newResult = try #require(try await StoredResults.result(of: done, on: app.db))
      let matches = InterpretationCarry.matches(from: result, to: newResult)
      #expect(matches.allSatisfy { $0.carried }, "one sort fewer: every factor matches one-to-one")
      for match in matches {
        let written = try #require(carried[match.to]?.interpretation, "factor \(match.to)")
        #expect(written.name == names[match.from - 1])
        #expect(written.codeNotes == ["People": "note \(match.from)"])
      }
      let quoted = try #require(matches.first { $0.from == 1 })
      let stillDefining = newResult.exemplars[quoted.to - 1].contains { $0.sort == quote.sort }
      #expect(carried[quoted.to]?.interpretation.quotes == (stillDefining ? [quote] : []))

      let page = try await owner.get("\(base)/\(newID)").body.string
      #expect(page.contains("id=\"carried\""))
      for match in matches {
        #expect(
          page.contains("Factor \(match.to) ← factor \(match.from) (r = \(ReportFormat.fixed(match.r, 2)))"),
          "names the match of factor \(match.from)")
      }
      #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "interpretation.carried").count() == 5)

      // The old analysis is superseded: the list can hide it.
      let list = try await owner.get("\(base)?superseded=hide").body.string
      #expect(!list.contains("\(base)/\(id)\""))
      #expect(list.contains("\(base)/\(newID)\""))
      #expect(try await owner.get(base).body.string.contains("\(base)/\(id)\""))
    }
  }
}
