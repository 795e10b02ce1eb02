import Foundation
import POETQKit
import QMethod
import Testing

/// The researcher's writing per factor: the API's JSON shape, and every refusal naming its field.
@Suite("Factor interpretation")
struct FactorInterpretationTests {
  static let result = ReportFixture.input.result
  static let codes = ReportFixture.input.codes

  @Test("decodes the API's JSON, codeNotes and quotes optional, and encodes it back")
  func json() throws {
    let minimal = #"{"name": "Ideal", "description": "d", "argument": "a", "viewedByOthers": "v"}"#
    let decoded = try JSONDecoder().decode(FactorInterpretation.self, from: Data(minimal.utf8))
    #expect(decoded == FactorInterpretation(name: "Ideal", description: "d", argument: "a", viewedByOthers: "v"))
    let full = FactorInterpretation(
      name: "n", codeNotes: ["People": "p"], quotes: [PinnedQuote(sort: "A1", statement: 3, text: "t")])
    let again = try JSONDecoder().decode(FactorInterpretation.self, from: JSONEncoder().encode(full))
    #expect(again == full)
    let keys = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(full)) as? [String: Any]).keys
    #expect(Set(keys) == ["name", "description", "argument", "viewedByOthers", "codeNotes", "quotes"])
  }

  @Test("a valid interpretation comes back trimmed, empty code notes dropped")
  func valid() throws {
    let exemplar = Self.result.exemplars[1][0].sort
    let input = FactorInterpretation(
      name: "  Efficient  ", argument: "Value\n", codeNotes: ["Productivity": " Money ", "People": " "],
      quotes: [PinnedQuote(sort: exemplar, statement: 7, text: " Because. ")])
    let checked = try input.validated(factor: 2, in: Self.result, codes: Self.codes)
    #expect(checked.name == "Efficient")
    #expect(checked.argument == "Value")
    #expect(checked.codeNotes == ["Productivity": "Money"])
    #expect(checked.quotes == [PinnedQuote(sort: exemplar, statement: 7, text: "Because.")])
  }

  func refusal(_ interpretation: FactorInterpretation, factor: Int = 1) -> InterpretationError? {
    do {
      _ = try interpretation.validated(factor: factor, in: Self.result, codes: Self.codes)
      return nil
    } catch {
      return error
    }
  }

  @Test("refuses an unknown factor, over-long text, an unknown code and quotes that are not an exemplar's")
  func refusals() throws {
    #expect(refusal(FactorInterpretation(), factor: 0)?.field == "factor")
    #expect(refusal(FactorInterpretation(), factor: Self.result.factorLabels.count + 1)?.field == "factor")
    #expect(refusal(FactorInterpretation(name: String(repeating: "x", count: 121)))?.field == "name")
    #expect(
      refusal(FactorInterpretation(description: String(repeating: "x", count: 20_001)))?.field == "description")
    #expect(refusal(FactorInterpretation(argument: String(repeating: "x", count: 501)))?.field == "argument")
    let unknownCode = refusal(FactorInterpretation(codeNotes: ["Purple": "x"]))
    #expect(unknownCode?.field == "codeNotes.Purple")
    #expect(unknownCode?.message.contains("People") == true, "names the codes there are")

    let exemplars = Set(Self.result.exemplars[0].map(\.sort))
    let outsider = try #require(Self.result.sorts.first { !exemplars.contains($0) })
    let mine = Self.result.exemplars[0][0].sort
    let quotes = [
      PinnedQuote(sort: mine, statement: 1, text: "ok"), PinnedQuote(sort: outsider, statement: 1, text: "no"),
    ]
    let notExemplar = refusal(FactorInterpretation(quotes: quotes))
    #expect(notExemplar?.field == "quotes[1].sort")
    #expect(notExemplar?.message.contains(outsider) == true)
    #expect(
      refusal(FactorInterpretation(quotes: [PinnedQuote(sort: mine, statement: 99, text: "x")]))?.field
        == "quotes[0].statement")
    #expect(
      refusal(FactorInterpretation(quotes: [PinnedQuote(sort: mine, statement: 1, text: "  ")]))?.field
        == "quotes[0].text")
    let many = Array(repeating: PinnedQuote(sort: mine, statement: 1, text: "x"), count: 31)
    #expect(refusal(FactorInterpretation(quotes: many))?.field == "quotes")
  }
}
