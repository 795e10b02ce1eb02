import Fluent
import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// The participant's pages over HTTP: the whole stepwise flow on the POETQ template, and what is
/// stored at each step.
@Suite("Participant flow")
struct ParticipantFlowTests {
  @Test("a participant completes the stepwise flow on the POETQ template; every step is stored as it happens")
  func stepwise() async throws {
    try await withPOETQ { app in
      var (_, client) = try await ParticipantClient.openTemplateStudy(app)
      try await client.get()
      #expect(client.page.contains("What the study is about."))
      #expect(client.page.contains("Step 1 of 8: Welcome"))
      #expect(try await client.participant(on: app.db).status == .opened)
      #expect(try await client.response(on: app.db) == nil, "nothing stored before consent")

      try await client.consent()
      #expect(try await client.participant(on: app.db).status == .consented)
      let consented = try #require(try await client.response(on: app.db))
      #expect(consented.consentVersion == 1)
      #expect(consented.consentedAt != nil)
      #expect(client.page.contains("A few questions before the sort"))

      let missing = try await client.post([("asked", "role"), ("action", "continue")])
      #expect(missing.status == .unprocessableEntity, "a required answer is missing")
      #expect(client.page.contains("Please answer these 6 questions:"), "every missing answer at once")
      try await client.answerAndContinue()
      #expect(client.page.contains("Statement 1 of 40"))

      let shown = try await client.presortAll(agree: 15, neutral: 10)
      #expect(shown.count == 40)
      #expect(Set(shown) == Set(1...40))
      #expect(client.page.contains("15 agree, 10 neutral and 15 disagree"))
      let stored = try #require(try await client.response(on: app.db))
      #expect(try JSONDecoder().decode([Int].self, from: Data(stored.presortOrder.utf8)) == shown, "order stored")
      #expect(try await client.participant(on: app.db).status == .inProgress)

      try await client.post([("action", "continue")])
      #expect(client.heading == "Choose the 2 statements you agree with most")
      #expect(client.candidates == Array(shown.prefix(15)), "agree pile, in presort order")
      try await client.rankAll()
      #expect(client.page.contains("Check your grid"))

      let response = try #require(try await client.response(on: app.db))
      let placements = try JSONDecoder().decode([Int: Int].self, from: Data(response.placements.utf8))
      let grid = try SortGrid(minScore: -4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])
      #expect(
        GridPlacement.problems(in: placements, statements: Array(1...40), grid: grid, distribution: .forced).isEmpty)
      #expect(shown.prefix(2).allSatisfy { placements[$0] == 4 }, "the first two agree statements went to +4")

      try await client.post([("action", "continue")])
      #expect(client.page.contains("Why did you place these statements here?"))
      let commented = client.matches(#"name="c\.(\d+)""#)
      #expect(commented.count == 4, "two at +4 and two at -4")
      try await client.post(commented.map { ("c.\($0)", "Because \($0)") } + [("action", "continue")])
      #expect(client.page.contains("A few questions after the sort"))
      #expect(client.page.contains("Submit my sort"), "the last page submits")
      try await client.answerAndContinue()
      #expect(client.page.contains("Your sort has been submitted."))

      let done = try #require(try await client.response(on: app.db))
      #expect(done.stage == "submitted")
      #expect(done.submittedAt != nil)
      #expect(try await client.participant(on: app.db).status == .completed)
      let times = try JSONDecoder.iso.decode([String: Date].self, from: Data(done.stageTimestamps.utf8))
      #expect(times["presort"] != nil && times["grid_confirmed"] != nil, "sort time can be reported")
      let comments = try JSONDecoder().decode([Int: String].self, from: Data(done.comments.utf8))
      #expect(comments.count == 4)

      let again = try await client.post([("action", "continue")], revision: done.revision)
      #expect(again.status == .conflict, "a second submission is refused")
      #expect(client.page.contains("already been submitted"))
      #expect(try await client.response(on: app.db)?.revision == done.revision, "and changes nothing")
    }
  }
}

extension JSONDecoder {
  static let iso: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }()
}
