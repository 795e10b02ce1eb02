import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// Analyses through `/api/v1`: a run of the demo study equals `poetq analyze` on its `.DAT` export,
/// withdrawals mark exactly the analyses that used the sort, and bad requests store nothing.
@Suite("Analyses API")
struct AnalysisAPITests {
  /// The demo study (93 sorts) and a researcher client who owns it.
  static func demo(_ app: Application) async throws -> (Study, APIClient) {
    let (user, client) = try await APIClient.researcher(app, email: "ada@example.org")
    let summary = try await DemoStudy.create(owner: user, on: app.db)
    return (summary.study, client)
  }

  /// Polls `GET …/analyses/{id}` until the run is done or failed (at most a minute).
  static func finished(_ client: APIClient, _ slug: String, _ id: UUID) async throws -> AnalysisDTO {
    for _ in 0..<600 {
      let response = try await client.get("/api/v1/studies/\(slug)/analyses/\(id)")
      #expect(response.status == .ok, "\(response.body.string)")
      let analysis = try response.content.decode(AnalysisDTO.self)
      if analysis.status == .done || analysis.status == .failed { return analysis }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("analysis \(id) did not finish within a minute")
    throw CancellationError()
  }

  static func queue(_ client: APIClient, _ slug: String, _ json: String) async throws -> UUID {
    let response = try await client.post("/api/v1/studies/\(slug)/analyses", json)
    #expect(response.status == .accepted, "\(response.body.string)")
    let queued = try response.content.decode(AnalysisQueuedDTO.self)
    #expect(response.headers.first(name: .location) == "/api/v1/studies/\(slug)/analyses/\(queued.id)")
    return queued.id
  }

  @Test("a centroid 5 + varimax run of the demo equals poetq analyze on the study's .DAT and .STA export")
  func demoRunEqualsTheDATExport() async throws {
    try await withPOETQ { app in
      let (study, client) = try await Self.demo(app)
      let id = try await Self.queue(
        client, study.slug,
        #"{"name": "Five factors", "extraction": "centroid", "factors": 5, "rotation": "varimax", "rotate": [[1, 2, 5]]}"#
      )
      let analysis = try await Self.finished(client, study.slug, id)
      #expect(analysis.status == .done, "\(analysis.failure ?? "")")
      let result = try #require(analysis.result)

      // What `poetq analyze STUDY.DAT --statements STUDY.STA --format json` computes: the export's
      // files read back by the same reader, the same options.
      let export = try await StudySorts.export(study, on: app.db)
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poetq-analysis-\(UUID())")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: directory) }
      let dat = directory.appendingPathComponent("demo.DAT")
      let sta = directory.appendingPathComponent("demo.STA")
      try export.pqmethodDAT().write(to: dat)
      try export.pqmethodSTA().write(to: sta)
      var data = try QDataReader.read(url: dat, statementsFile: sta)
      if data.title.isEmpty { data.title = dat.lastPathComponent }
      var options = AnalysisOptions()
      options.extraction = .centroid
      options.factors = 5
      options.judgmentalRotation = [RotationStep(first: 1, second: 2, degrees: 5)]
      let expected = try QAnalysis.run(data, options: options)
      #expect(result == expected)
      #expect(result.sorts.count == 93)
      #expect(analysis.sortIDs == expected.sorts, "the sort ids are the export's")
      #expect(analysis.dataHash == expected.dataFingerprint)
      #expect(analysis.engineVersion == QMethodEngine.version)
      let stored = try #require(try await Analysis.find(id, on: app.db))
      #expect(try await StoredResults.json(of: stored, on: app.db) == (try expected.jsonData()), "the CLI's very bytes")

      let config = try await client.get("/api/v1/studies/\(study.slug)/analyses/\(id)/config")
      #expect(try config.content.decode(AnalysisOptions.self) == options, "--config replays the same options")
      let list = try await client.get("/api/v1/studies/\(study.slug)/analyses")
      let summaries = try list.content.decode([AnalysisSummaryDTO].self)
      #expect(summaries.map(\.id) == [id] && summaries[0].status == .done && summaries[0].sortCount == 93)
    }
  }

  @Test("withdrawing a participant marks only the analyses that used their sort, naming it")
  func withdrawalMarksExactlyThoseAnalyses() async throws {
    try await withPOETQ { app in
      let (study, client) = try await Self.demo(app)
      let export = try await StudySorts.export(study, on: app.db)
      let withdrawn = export.sorts[4].sortID
      let without = try await Self.queue(
        client, study.slug,
        #"{"name": "Without", "extraction": "pca", "factors": 3, "rotation": "varimax", "exclude": ["\#(withdrawn)"]}"#)
      let with = try await Self.queue(
        client, study.slug, #"{"name": "With", "extraction": "pca", "factors": 3, "rotation": "varimax"}"#)
      #expect(try await Self.finished(client, study.slug, without).status == .done)
      #expect(try await Self.finished(client, study.slug, with).status == .done)

      let participant = try #require(
        try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
          .filter(\.$sortID == withdrawn).first())
      try await ParticipantWithdrawal.withdraw(participant, by: .participant, on: app.db)

      let after = try await Self.finished(client, study.slug, with)
      #expect(after.needsRerun && after.withdrawnSorts == [withdrawn])
      let untouched = try await Self.finished(client, study.slug, without)
      #expect(!untouched.needsRerun && untouched.withdrawnSorts.isEmpty)
      #expect(untouched.sortIDs?.contains(withdrawn) == false)

      // The re-run: same settings, the sorts there are now; the comparison shows what changed.
      let base = "/api/v1/studies/\(study.slug)/analyses"
      let rerun = try await client.post("\(base)/\(with)/rerun", "")
      #expect(rerun.status == .accepted, "\(rerun.body.string)")
      let again = try await Self.finished(client, study.slug, try rerun.content.decode(AnalysisQueuedDTO.self).id)
      #expect(again.status == .done && !again.needsRerun && again.sortIDs?.count == 92)
      #expect(again.parameters.options == after.parameters.options)
      let changed = try await client.get("\(base)/\(with)/compare/\(again.id)").content.decode(AnalysisComparison.self)
      #expect(changed.onlyInFirst == [withdrawn] && changed.onlyInSecond.isEmpty)
    }
  }

  @Test("bad requests get 400 or 422 naming the field, a viewer gets 403, and nothing is stored")
  func badInput() async throws {
    try await withPOETQ { app in
      let (study, client) = try await Self.demo(app)
      let path = "/api/v1/studies/\(study.slug)/analyses"
      let base = #""name": "Bad", "extraction": "centroid", "rotation": "varimax""#
      let cases: [(String, HTTPStatus, String)] = [
        (#"{\#(base), "factors": 3, "sorts": ["A1", "Z999"]}"#, .unprocessableEntity, "sorts[1]"),
        (#"{\#(base), "factors": 0}"#, .unprocessableEntity, "factors"),
        (#"{\#(base), "factors": 94}"#, .unprocessableEntity, "factors"),
        (#"{\#(base), "factors": 3, "rotate": [[1, 4, 5]]}"#, .unprocessableEntity, "rotate[0]"),
        (#"{\#(base), "factors": 3, "rotate": [[1, 2]]}"#, .unprocessableEntity, "rotate[0]"),
        (#"{\#(base), "factors": 3, "sites": []}"#, .unprocessableEntity, "sorts"),
        (#"{\#(base), "factors": 3, "sites": ["Nowhere"]}"#, .unprocessableEntity, "sites[0]"),
        (#"{\#(base), "factors": 3, "flags": {"Z999": [1]}}"#, .unprocessableEntity, "flags.Z999"),
        (#"{\#(base), "factors": 3, "flagP": 0.2}"#, .unprocessableEntity, "flagP"),
        (#"{\#(base), "factors": 3, "invert": [4]}"#, .unprocessableEntity, "invert[0]"),
        (#"{\#(base), "factors": 3, "exclude": ["Z999"]}"#, .unprocessableEntity, "exclude[0]"),
        (#"{"name": "", "extraction": "centroid", "rotation": "varimax", "factors": 3}"#, .unprocessableEntity, "name"),
        // No count: only Horst finds it by itself (PQMethod 5.5); the others are told to give one.
        (#"{\#(base)}"#, .unprocessableEntity, "factors"),
        (#"{\#(base), "factors": "five"}"#, .badRequest, "factors"),
        (#"{\#(base), "factors": 3, "colour": "red"}"#, .badRequest, "colour"),
        (#"{"name": "Bad", "extraction": "magic", "rotation": "varimax", "factors": 3}"#, .badRequest, "extraction"),
      ]
      for (body, status, field) in cases {
        let response = try await client.post(path, body)
        #expect(response.status == status, "\(body) → \(response.body.string)")
        #expect(response.apiError?.reason.hasPrefix(field) == true, "\(body) → \(response.body.string)")
      }
      let (viewerUser, viewer) = try await APIClient.researcher(app, email: "vi@example.org")
      try await StudyMembership(studyID: study.requireID(), userID: viewerUser.requireID(), role: .viewer).save(
        on: app.db)
      let refused = try await viewer.post(path, #"{\#(base), "factors": 3}"#)
      #expect(refused.status == .forbidden)
      #expect(try await viewer.get(path).status == .ok, "a viewer reads")
      #expect(try await Analysis.query(on: app.db).count() == 0, "nothing stored")
      let missing = try await client.get("\(path)/\(UUID())")
      #expect(missing.status == .notFound)
    }
  }

  @Test("factor-count: the demo's eigenvalues equal the engine's scree; parallel analysis and the 2…7 solutions")
  func factorCount() async throws {
    try await withPOETQ { app in
      let (study, client) = try await Self.demo(app)
      let path = "/api/v1/studies/\(study.slug)/factor-count"
      let response = try await client.get(path + "?simulations=100&threshold=0.5")
      #expect(response.status == .ok, "\(response.body.string)")
      let figures = try response.content.decode(FactorCount.Result.self)
      let data = try await StudySorts.export(study, on: app.db).qSortData()
      let engine = try QAnalysis.run(data)
      #expect(figures.eigenvalues.count == 40)
      for (a, b) in zip(figures.eigenvalues, engine.screeEigenvalues) { #expect(abs(a - b) < 1e-9) }
      #expect(figures.kaiser == engine.screeEigenvalues.filter { $0 > 1 }.count)
      #expect(figures.parallel.simulations == 100 && figures.parallel.thresholds.count == 40)
      #expect(figures.solutions.map(\.factors) == Array(2...7))
      #expect(figures.correlationThreshold == 0.5)
      // The parallel analysis is stored for the data's shape and read by the next request.
      let key = ReportInput.parallelAnalysisKey(
        sorts: 93, statements: 40, distribution: data.distribution, correlation: .pearson, simulations: 100)
      #expect(try await ParallelAnalysisRecord.query(on: app.db).filter(\.$key == key).count() == 1)
      let again = try await client.get(path + "?simulations=100&threshold=0.5").content.decode(FactorCount.Result.self)
      #expect(again == figures, "read from the stored parallel analysis: the same figures")
      #expect(try await ParallelAnalysisRecord.query(on: app.db).filter(\.$key == key).count() == 1)

      let siteA = try await client.get(path + "?simulations=10&sites=Site%20A&extraction=pca")
      #expect(try siteA.content.decode(FactorCount.Result.self).sorts == 10, "Table 9: site A has 10 sorts")
      let bad = try await client.get(path + "?extraction=magic")
      #expect(bad.status == .unprocessableEntity && bad.apiError?.reason.hasPrefix("extraction") == true)
      let unknown = try await client.get(path + "?sorts=A1,Z999")
      #expect(unknown.status == .unprocessableEntity && unknown.apiError?.reason.hasPrefix("sorts[1]") == true)
    }
  }

  @Test("compare: an analysis with itself changes nothing; 4 against 5 factors lists the moved flags")
  func compare() async throws {
    try await withPOETQ { app in
      let (study, client) = try await Self.demo(app)
      let four = try await Self.queue(
        client, study.slug, #"{"name": "Four", "extraction": "centroid", "factors": 4, "rotation": "varimax"}"#)
      let five = try await Self.queue(
        client, study.slug, #"{"name": "Five", "extraction": "centroid", "factors": 5, "rotation": "varimax"}"#)
      let first = try #require(try await Self.finished(client, study.slug, four).result)
      let second = try #require(try await Self.finished(client, study.slug, five).result)
      let base = "/api/v1/studies/\(study.slug)/analyses"
      let same = try await client.get("\(base)/\(four)/compare/\(four)").content.decode(AnalysisComparison.self)
      #expect(same.flagChanges.isEmpty && same.onlyInFirst.isEmpty)
      for (index, match) in same.matches.enumerated() {
        #expect(match.bestMatch == "\(index + 1)")
        #expect(abs((match.correlation ?? 0) - 1) < 1e-12)
      }
      let moved = try await client.get("\(base)/\(four)/compare/\(five)").content.decode(AnalysisComparison.self)
      // Independently: the sorts whose flag rows differ between the two results.
      let expected = first.sorts.indices.filter { row in
        let before = first.flags[row].indices.filter { first.flags[row][$0] }
        let after = second.flags[row].indices.filter { second.flags[row][$0] }
        return before != after
      }
      #expect(moved.flagChanges.map(\.sort) == expected.map { first.sorts[$0] })
      #expect(moved.arrayCorrelations.count == 4 && moved.arrayCorrelations[0].count == 5)
    }
  }

  @Test("two runners racing for one queued analysis: exactly one claims it")
  func claimIsACompareAndSwap() async throws {
    try await withPOETQ { app in
      let (study, _) = try await Self.demo(app)
      let request = try JSONDecoder().decode(
        AnalysisRequest.self,
        from: Data(#"{"name": "Race", "extraction": "centroid", "factors": 2, "rotation": "none"}"#.utf8))
      let queued = try await AnalysisRuns.enqueue(
        request, grant: StudyAccess.Grant(study: study, role: .owner, siteIDs: nil), by: nil, on: app.db)
      #expect(queued.status == .queued)
      let one = AnalysisRunner(database: { app.db }, logger: app.logger)
      let two = AnalysisRunner(database: { app.db }, logger: app.logger)
      async let a = one.queue.claimNext()
      async let b = two.queue.claimNext()
      let claims = try await [a, b].compactMap { $0 }
      #expect(claims.count == 1)
      let left = try await one.queue.claimNext()
      #expect(left == nil, "nothing left to claim")
      let claimed = try #require(try await Analysis.find(queued.id, on: app.db))
      #expect(claimed.status == .running && claimed.claimedBy == claims.first?.claimedBy)
      await one.stop()
      await two.stop()
    }
  }
}
