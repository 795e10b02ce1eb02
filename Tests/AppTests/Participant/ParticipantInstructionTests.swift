import Fluent
import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// The pages as served, without the script: the condition of instruction on the welcome and on
/// every sorting page (nowhere else), and an undone ranking choice shown with its ticks.
@Suite("Participant: the question in view")
struct ParticipantInstructionTests {
  static let question = "What do you think joint commissioning should achieve?"

  /// Whether the page carries the condition of instruction under its bar.
  static func showsInstruction(_ client: ParticipantClient) -> Bool {
    client.page.contains(#"<div class="instruction-line" id="instruction">"#) && client.page.contains(question)
  }

  @Test("stepwise: on the welcome, the presort, the ranking and the review; not on consent, questions, comments")
  func stepwise() async throws {
    try await withPOETQ { app in
      var (_, client) = try await ParticipantClient.openTemplateStudy(app)
      try await client.get()
      #expect(Self.showsInstruction(client), "welcome")
      #expect(client.matches(#"<span class="study-name">([^<]*)</span>"#).isEmpty, "the title is the heading only")
      try await client.get("?step=consent")
      #expect(!Self.showsInstruction(client), "consent")
      try await client.consent()
      #expect(!Self.showsInstruction(client), "questions")
      try await client.answerAndContinue()
      #expect(Self.showsInstruction(client), "presort")
      try await client.presortAll(agree: 15, neutral: 10)
      try await client.post([("action", "continue")])
      #expect(Self.showsInstruction(client), "ranking")
      try await client.rankAll()
      #expect(client.page.contains("Check your grid"))
      #expect(Self.showsInstruction(client), "review")
      try await client.post([("action", "continue")])
      #expect(!Self.showsInstruction(client), "comments")
    }
  }

  @Test("grid mode: on the placing page")
  func gridMode() async throws {
    try await withPOETQ { app in
      var (_, client) = try await ParticipantSavingTests.atPresort(app) { $0.sortMode = .grid }
      try await client.presortAll(agree: 15, neutral: 10)
      try await client.post([("action", "continue")])
      #expect(client.page.contains("Place the statements in the grid"))
      #expect(Self.showsInstruction(client), "placing")
    }
  }

  @Test("an undone ranking choice comes back ticked; the choice after it reports in one line")
  func undoneChoiceTicked() async throws {
    try await withPOETQ { app in
      var (_, client) = try await ParticipantSavingTests.atPresort(app)
      try await client.presortAll(agree: 15, neutral: 10)
      try await client.post([("action", "continue")])
      let count = try #require(client.chooseCount)
      let chosen = Array(client.candidates.prefix(count))
      try await client.post(chosen.map { ("chosen", String($0)) } + [("action", "choose")])
      #expect(client.page.contains("2 statements placed in +4"), "the one-line report")
      #expect(client.page.contains(#"value="undo_choice" id="undo""#))

      let undone = try await client.post([("action", "undo_choice")])
      let location = undone.headers.first(name: .location) ?? ""
      #expect(location.hasSuffix("&chosen=" + chosen.map(String.init).joined(separator: ",")), "\(location)")
      let ticked = client.matches(#"name="chosen" value="(\d+)" checked"#).compactMap(Int.init)
      #expect(ticked == chosen, "the undone choice is ticked again")
    }
  }
}
