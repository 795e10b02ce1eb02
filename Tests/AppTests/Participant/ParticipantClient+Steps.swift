import Foundation
import Testing

/// The participant's steps as a person would take them, each checked to have landed.
extension ParticipantClient {
  mutating func consent(language: String? = nil) async throws {
    try await get("?step=consent" + (language.map { "&lang=" + $0 } ?? ""))
    let version = try #require(matches(#"name="version" value="(\d+)""#).first)
    let response = try await post(
      [("choice", "agree"), ("version", version)] + (language.map { [("lang", $0)] } ?? []), to: "/consent")
    #expect(response.status == .seeOther, "consent accepted")
  }

  /// The fields that answer every question on the page: the first option of a choice, a number
  /// for a number, words otherwise.
  func answers() -> [(String, String)] {
    var pairs: [(String, String)] = []
    for key in matches(#"name="asked" value="([^"]+)""#) {
      pairs.append(("asked", key))
      let field = NSRegularExpression.escapedPattern(for: "q.\(key)")
      let options = matches(#"type="(?:radio|checkbox)" id="[^"]+" name="\#(field)" value="([^"]*)""#)
      if let first = options.first {
        pairs.append(("q.\(key)", first.replacingOccurrences(of: "&amp;", with: "&")))
      } else if !matches(#"name="\#(field)" value="[^"]*" (inputmode)="decimal""#).isEmpty {
        pairs.append(("q.\(key)", "3"))
      } else {
        pairs.append(("q.\(key)", "Practice nurse"))
      }
    }
    return pairs
  }

  /// Answers every question on the page and goes on.
  mutating func answerAndContinue() async throws {
    let response = try await post(answers() + [("action", "continue")])
    #expect(response.status == .seeOther, "answers accepted: \(matches(#"role="alert"><p>([^<]*)"#))")
  }

  /// Sorts every statement: the first `agree` to Agree, the next `neutral` to Neutral, the rest to
  /// Disagree. Returns the statements in the order they were shown.
  @discardableResult
  mutating func presortAll(agree: Int, neutral: Int) async throws -> [Int] {
    var shown: [Int] = []
    while let statement = presortStatement, page.contains("name=\"pile\"") {
      let pile = shown.count < agree ? "agree" : shown.count < agree + neutral ? "neutral" : "disagree"
      let response = try await post([("action", "presort"), ("statement", String(statement)), ("pile", pile)])
      #expect(response.status == .seeOther)
      shown.append(statement)
    }
    return shown
  }

  /// Makes every choice of the stepwise ranking, always the first candidates, until the review.
  mutating func rankAll() async throws {
    var steps = 0
    while let count = chooseCount, steps < 100 {
      let chosen = candidates.prefix(count).map { ("chosen", String($0)) }
      let response = try await post(chosen + [("action", "choose")])
      #expect(response.status == .seeOther, "choice accepted")
      steps += 1
    }
  }
}
