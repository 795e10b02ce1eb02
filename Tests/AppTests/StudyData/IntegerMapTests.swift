import Foundation
import QMethod
import Testing

@testable import App

/// The hand reader of stored placements gives exactly what the JSON decoder gives, and declines
/// (so the decoder decides) anything that is not a flat object of integers keyed by integers.
@Suite("Placements read by hand")
struct IntegerMapTests {
  @Test("500 random maps, as the store and a plain encoder write them: the decoder's result")
  func equalsDecoder() throws {
    var rng = SplitMix64(seed: 12)
    let sorted = JSONEncoder()
    sorted.outputFormatting = .sortedKeys
    let pretty = JSONEncoder()
    pretty.outputFormatting = [.prettyPrinted]
    for round in 0..<500 {
      let count = Int.random(in: 0...80, using: &rng)
      var map: [Int: Int] = [:]
      for _ in 0..<count { map[Int.random(in: -50...500, using: &rng)] = Int.random(in: -6...6, using: &rng) }
      if round % 50 == 0 { map[Int.max / 100] = Int.min / 100 }
      for encoder in [sorted, pretty] {
        let text = String(decoding: try encoder.encode(map), as: UTF8.self)
        let decoded = try JSONDecoder().decode([Int: Int].self, from: Data(text.utf8))
        #expect(IntegerMap.read(text) == decoded, "\(text.prefix(80))")
        #expect(try ResponseStore.scores(text, field: "placements") == decoded)
      }
    }
  }

  @Test("anything else is declined and left to the decoder")
  func declines() throws {
    for text in [
      "", "{", "}", "[]", "{\"1\":2,}", "{\"1\":2", "{\"1\":2}x", "{1:2}", "{\"a\":2}", "{\"1\":\"2\"}",
      "{\"1\":2.5}", "{\"1\":1e3}", "{\"1\":-}", "{\"01\":2}", "{\"1\":02}", "{\"1\":2,\"1\":3}",
      "{\"1\":{\"2\":3}}", "{\"\\u0031\":2}", "{\"1\":99999999999999999999}", "{\"1\":null}",
    ] {
      #expect(IntegerMap.read(text) == nil, "\(text)")
    }
    #expect(IntegerMap.read(" { \"7\" : -3 , \"12\":0 } ") == [7: -3, 12: 0])
    #expect(IntegerMap.read("{}") == [:])
    // Declined but valid JSON still reads, through the decoder.
    #expect(try ResponseStore.scores("{\"\\u0031\":2}", field: "placements") == [1: 2])
    #expect(throws: (any Error).self) { try ResponseStore.scores("{\"1\":2.5}", field: "placements") }
  }
}
