import Foundation
import POETQKit
import QMethod
import Testing

@Suite("Carrying interpretations to a re-run")
struct InterpretationCarryTests {
  /// The fixture's five factors reordered (new 1 = old 2, new 2 = old 1) and factor 5's array
  /// shuffled in part, so it resembles the old factor 5 only weakly.
  static func reordered() -> AnalysisResult {
    var result = ReportFixture.input.result
    let order = [1, 0, 2, 3, 4]
    result.factorArrays = result.factorArrays.map { row in order.map { row[$0] } }
    result.exemplars = order.map { result.exemplars[$0] }
    // Reverse the first 24 statements' scores on factor 5: the grid still holds, the array moves.
    let rows = Array(0..<24)
    let scores = rows.map { result.factorArrays[$0][4] }
    for (row, score) in zip(rows, scores.reversed()) { result.factorArrays[row][4] = score }
    return result
  }

  @Test("factors go one-to-one at r ≥ 0.90 to the factor they match; weaker matches are offered, not carried")
  func matches() throws {
    let before = ReportFixture.input.result
    let after = Self.reordered()
    let matches = InterpretationCarry.matches(from: before, to: after)
    #expect(matches.map(\.to) == [2, 1, 3, 4, 5])
    for match in matches.prefix(4) {
      #expect(match.carried && abs(match.r - 1) < 1e-12, "factor \(match.from)")
    }
    let weak = try #require(matches.last)
    #expect(weak.r < InterpretationCarry.defaultThreshold && !weak.carried, "r = \(weak.r)")
    #expect(InterpretationCarry.matches(from: before, to: after, threshold: 0.1).last?.carried == true)
  }

  @Test(
    "a carried interpretation keeps its writing and the quotes of sorts still defining it; the others are dropped with a note"
  )
  func quotes() throws {
    let interpretation = try #require(ReportFixture.input.interpretations[1])
    let quote = try #require(interpretation.quotes.first)
    var after = Self.reordered()
    #expect(InterpretationCarry.carried(interpretation, to: 2, in: after) == interpretation, "still an exemplar")
    after.exemplars[1].removeAll { $0.sort == quote.sort }
    let carried = InterpretationCarry.carried(interpretation, to: 2, in: after)
    #expect(carried.name == interpretation.name && carried.codeNotes == interpretation.codeNotes)
    #expect(carried.quotes.isEmpty)
    #expect(carried.removedQuotes == [RemovedQuote(sort: quote.sort, statement: quote.statement, reason: .notDefining)])
    #expect(
      carried.removalNotes == [
        "1 quote dropped when carried from the earlier analysis: sort \(quote.sort) no longer defines this factor."
      ])
  }
}
