import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// Sites compared (issue 25): running the local analyses again replaces the earlier ones instead of
/// adding a second set (an interpreted one stays, for the new run to carry its interpretations
/// from); a local factor without defining sorts is named with the reason where it appears; the page
/// says how to read Tucker's φ beside the array r.
@Suite("Sites compared: re-runs replace, factors without arrays explained")
struct SitesComparedRerunTests {
  static let slug = SitesComparedTests.slug

  static func locals(_ app: Application) async throws -> [Analysis] {
    try await Analysis.query(on: app.db).all().filter { $0.name.contains(" local (for ") }
  }

  @Test("running the local analyses twice leaves one per site; an interpreted one stays as the origin")
  func rerunReplaces() async throws {
    try await withPOETQ { app in
      var owner = try await PeopleAndRolesTests.demo(app)
      let aggregateID = try await SitesComparedTests.aggregate(app, &owner)
      let path = "/studies/\(Self.slug)/compare/local"
      #expect(try await owner.post(path, ["aggregate": aggregateID.uuidString]).status == .seeOther)
      try await SitesComparedTests.settle(app)
      let first = try await Self.locals(app)
      #expect(first.count == 5, "one local analysis per site")

      // Site A's local analysis gets an interpretation; then everything runs again.
      let siteA = try #require(first.first { $0.name.hasPrefix("Site A ") })
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first())
      let user = try #require(try await User.query(on: app.db).first())
      _ = try await InterpretationStore.save(
        FactorInterpretation(
          name: "Local pragmatists", description: "", argument: "", viewedByOthers: "", codeNotes: [:], quotes: []),
        factor: 1, baseRevision: nil, analysis: siteA, result: try await SitesComparedTests.decode(siteA, on: app.db),
        codes: [], study: study, by: try user.requireID(), on: app.db)

      #expect(try await owner.post(path, ["aggregate": aggregateID.uuidString]).status == .seeOther)
      try await SitesComparedTests.settle(app)
      let second = try await Self.locals(app)
      #expect(second.count == 6, "five new ones and Site A's interpreted one: \(second.map(\.name))")
      let newA = second.filter { $0.name.hasPrefix("Site A ") && $0.id != siteA.id }
      #expect(newA.count == 1 && newA.first?.derivedFrom == siteA.id, "the new run carries from the interpreted one")
      for analysis in first where analysis.id != siteA.id {
        #expect(try await Analysis.find(analysis.id, on: app.db) == nil, "\(analysis.name) was replaced")
      }

      // A third run replaces the five again; Site A's interpreted origin stays.
      #expect(try await owner.post(path, ["aggregate": aggregateID.uuidString]).status == .seeOther)
      try await SitesComparedTests.settle(app)
      let third = try await Self.locals(app)
      #expect(third.count <= 7 && third.filter { $0.name.hasPrefix("Site B ") }.count == 1, "\(third.map(\.name))")

      let page = try await owner.get("/studies/\(Self.slug)/compare?aggregate=\(aggregateID)").body.string
      #expect(page.contains("Tucker’s congruence φ"), "the note on reading φ beside r")
      #expect(page.contains("0.95 or more as the two factors being equal and 0.85–0.94 as fair similarity"))
    }
  }

  @Test("a local factor with no defining sort keeps its row, with the reason, in the correlations")
  func factorWithoutArray() throws {
    var result = try Self.twoFactorResult()
    // No sort defines F2: its array is gone, as the engine leaves it.
    for row in result.factorArrays.indices { result.factorArrays[row][1] = nil }
    #expect(SitesComparedTables.withoutArray(result) == ["2"])
  }

  static func twoFactorResult() throws -> AnalysisResult {
    let data = try QSortData(
      statements: (1...5).map { Statement(number: $0) }, sortIDs: ["a", "b", "c", "d"],
      distribution: .free(minScore: -2, maxScore: 2),
      scores: [-2, -1, 0, 1, 2, -2, -1, 0, 2, 1, 2, 1, 0, -1, -2, 1, 2, 0, -2, -1])
    var options = AnalysisOptions()
    options.factors = 2
    options.extraction = .pca
    return try QAnalysis.run(data, options: options)
  }
}
