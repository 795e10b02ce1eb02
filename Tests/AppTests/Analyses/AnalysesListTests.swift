import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The Analyses tab's list, read by its query (``AnalysesPage/query(study:siteIDs:scope:hidingSuperseded:on:)``).
@Suite("Analyses list")
struct AnalysesListTests {
  @Test("a Horst run left to stop by itself shows the number of factors it settled on")
  func automaticFactorCount() async throws {
    try await withPOETQ { app in
      let (_, study) = try await AnalysisPagesTests.demo(app)
      var options = AnalysisOptions()
      options.extraction = .horst
      options.factors = nil
      options.extractedFactors = nil
      let (_, result) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      #expect(!result.factorLabels.isEmpty)
      let model = try await AnalysesPage.query(
        study: study, siteIDs: nil, scope: .everything, hidingSuperseded: false, on: app.db)
      let row = try #require(model.analyses.first)
      #expect(row.factors == "\(result.factorLabels.count)", "the run's own count, not an empty cell")
    }
  }

  @Test("a run with a chosen number of factors shows that number")
  func chosenFactorCount() async throws {
    try await withPOETQ { app in
      let (_, study) = try await AnalysisPagesTests.demo(app)
      var options = AnalysisOptions()
      options.factors = 4
      _ = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let model = try await AnalysesPage.query(
        study: study, siteIDs: nil, scope: .everything, hidingSuperseded: false, on: app.db)
      #expect(model.analyses.first?.factors == "4")
    }
  }
}
