import Fluent
import Foundation
import NIOConcurrencyHelpers
import QMethod
import Testing
import VaporTesting

@testable import App

/// "How many factors?" cannot be used to stall the server (issue 24): simulations come from a short
/// list (each new number was a fresh parallel analysis), the figures are computed off the analysis
/// runner's only thread (a small PCA once waited 284 s behind two such requests), and one study
/// has at most two computations under way.
@Suite("How many factors?: limits")
struct FactorCountLimitsTests {
  @Test("simulations outside the list are refused (422 naming the field); listed ones are answered")
  func simulationsList() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let path = "/api/v1/studies/\(study.slug)/factor-count"
      for asked in [37, 9_999, 0] {
        let refused = try await client.get(path + "?simulations=\(asked)")
        #expect(refused.status == .unprocessableEntity, "simulations=\(asked): \(refused.status)")
        #expect(refused.apiError?.reason.hasPrefix("simulations") == true, "\(refused.body.string)")
        #expect(refused.body.string.contains("10, 100, 500, 1000"))
      }
      #expect(try await client.get(path + "?simulations=10").status == .ok)
    }
  }

  @Test("the figures are computed while the runner's thread is busy with something else")
  func offTheRunnersThread() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let runner = app.analysisRunner
      // Occupy the runner's only compute thread until released (or, should the factor count wait for
      // it, until the watchdog gives up and the test fails).
      let release = NIOLockedValueBox(false)
      let busy = Task {
        try await runner.compute {
          for _ in 0..<600 where !release.withLockedValue({ $0 }) { usleep(100_000) }
          return release.withLockedValue { $0 }
        }
      }
      let answer = try await client.get("/api/v1/studies/\(study.slug)/factor-count?simulations=10")
      let releasedByUs = release.withLockedValue { released in
        defer { released = true }
        return !released
      }
      #expect(answer.status == .ok, "\(answer.body.string)")
      #expect(try await busy.value, "the runner's thread was still busy when the figures arrived")
      #expect(releasedByUs)
    }
  }

  @Test("one study has at most two computations under way; a third is refused with 503, others proceed")
  func perStudyLimit() async throws {
    let study = UUID()
    let other = UUID()
    let release = NIOLockedValueBox(false)
    let logger = Logger(label: "test")
    @Sendable func hold() -> Int {
      while !release.withLockedValue({ $0 }) { usleep(10_000) }
      return 1
    }
    let first = Task { try await FactorCountWork.run(study: study, logger: logger, hold) }
    let second = Task { try await FactorCountWork.run(study: study, logger: logger, hold) }
    while FactorCountWork.underWay(study) < 2 { try await Task.sleep(for: .milliseconds(10)) }
    do {
      _ = try await FactorCountWork.run(study: study, logger: logger) { 3 }
      Issue.record("a third computation of the same study was admitted")
    } catch let error as any AbortError {
      #expect(error.status == .serviceUnavailable)
      #expect(error.headers.first(name: "Retry-After") != nil)
    }
    let another = Task { try await FactorCountWork.run(study: other, logger: logger) { 4 } }
    release.withLockedValue { $0 = true }
    #expect(try await first.value + second.value == 2)
    #expect(try await another.value == 4, "another study is not refused")
    #expect(FactorCountWork.underWay(study) == 0)
  }
}
