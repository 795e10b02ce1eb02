import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// SQLite has one writer at a time; the others must wait their turn, never fail with "database is
/// locked" (issue 26). Before transactions began IMMEDIATE, an import's transaction (it reads the
/// study's participants, then inserts) failed at once whenever a save had been written in between.
@Suite("Concurrent writers")
struct ConcurrentWritersTests {
  @Test("participants' saves over a real port, a runner storing its parts, imports and withdrawals at once: none fails")
  func writersWait() async throws {
    try await withRunningPOETQ { app, baseURL in
      let port = SocketSession(baseURL: baseURL).port
      let (study, _, _, parameters) = try await AnalysisRunnerTests.demo(app, factors: 3)
      let participants = try await SavingParticipants.atPresort(app, study: study, count: 12)
      let saving = SavingParticipants()
      let owner = try #require(try await User.query(on: app.db).first()).requireID()
      let site = try #require(try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).first())
      let leaving = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
        .filter(\.$status == .invited).limit(6).all()

      let failures = try await withThrowingTaskGroup(of: [String].self) { group in
        for client in participants {
          group.addTask {
            try await saving.save(port: port, client, limit: 16)
            return []
          }
        }
        group.addTask {
          // The runner: claims, computes and stores each run's result, part by part.
          let runner = AnalysisRunner(database: { app.db }, logger: app.logger, parallelSimulations: 10)
          var failed: [String] = []
          for round in 0..<3 {
            let data = try await StudySorts.export(study, on: app.db).qSortData()
            let queued = try await AnalysisRuns.queued(
              name: "Concurrent \(round)", parameters: parameters, data: data, study: study, by: nil, on: app.db)
            guard let claimed = try await runner.queue.claimNext() else { continue }
            await runner.run(claimed)
            let run = try await Analysis.find(queued.id, on: app.db)
            if run?.status != .done { failed.append("analysis \(round): \(run?.failure ?? "missing")") }
            // Many small parts, no pause: a long series of single writes.
            try await StoredResults.write(
              Data(repeating: UInt8(ascii: "x"), count: 64 * 1024), analysisID: queued.requireID(), run: "extra",
              on: app.db, partSize: 1024, pause: .zero)
          }
          return failed
        }
        group.addTask {
          var failed: [String] = []
          for round in 0..<5 {
            do {
              let upload = SortImport.Upload(
                fileName: "w\(round).csv", data: try Self.sortsFile(round: round, sorts: 8))
              let screen = try await SortImport.screen(upload, study: study, on: app.db)
              _ = try await SortImport.store(
                screen, fileName: upload.fileName, site: site, skipInvalid: false, study: study, by: owner, on: app.db)
            } catch {
              failed.append("import \(round): \(String(reflecting: error))")
            }
          }
          return failed
        }
        group.addTask {
          var failed: [String] = []
          for participant in leaving {
            do {
              try await ParticipantWithdrawal.withdraw(participant, by: .participant, on: app.db)
            } catch {
              failed.append("withdrawal: \(String(reflecting: error))")
            }
          }
          return failed
        }
        return try await group.reduce(into: []) { $0 += $1 } + saving.failures
      }
      #expect(failures.isEmpty, "\(failures.count) writers failed: \(failures.prefix(5))")

      let imported = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID()).all()
        .filter { $0.sortID?.range(of: #"^W\dx\d+$"#, options: .regularExpression) != nil }.count
      #expect(imported == 5 * 8, "every import landed")
      for client in participants {
        let stored = try #require(try await client.response(on: app.db))
        #expect(stored.revision >= 16, "every save of \(client.code) was applied")
      }
    }
  }

  /// `sorts` valid sorts of the template's 40 statements as CSV, their IDs unique to `round`.
  static func sortsFile(round: Int, sorts: Int) throws -> Data {
    let distribution = try Distribution(minScore: -4, maxScore: 4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])
    let data = try QSortData(
      title: "WRITERS", statements: (1...40).map { Statement(number: $0) },
      sortIDs: (1...sorts).map { "W\(round)x\($0)" }, distribution: distribution,
      scores: (0..<sorts).flatMap { SocketFormTests.gridScores(shift: $0 + round) })
    return try QDataWriter.encode(data, format: .csvSortsAsRows)
  }
}
