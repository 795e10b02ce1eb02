import Foundation
import Testing

@testable import QMethod

@Suite("Formats: easy-htmlq / EQ Web Sort / Quince JSON")
struct FormatsHtmlqJSONTests {
  /// A Firebase Realtime Database export as easy-htmlq and EQ Web Sort produce it: records keyed
  /// by push id, the scores pipe-separated (a leading `+` allowed), other answers alongside.
  static let firebase = """
    {
      "-NbQ2xYcZ0aaaaaaaaa2": {"datetime": "2024-03-01 10:02:00", "name": "anonymous", "sort": "1|0|-1|+2|-2", "comments": {"p2": "…"}},
      "-NbQ2xYcZ0aaaaaaaaa1": {"datetime": "2024-03-01 10:01:00", "name": "anonymous", "sort": "-2|-1|0|1|2"},
      "settings": {"projectName": "demo"}
    }
    """

  /// An array of records with participant ids.
  static let array = """
    [
      {"uid": "p01", "sort": "-2|-1|0|1|2", "duration": "00:05:12"},
      {"uid": "p02", "sort": [2, 1, 0, -1, -2]}
    ]
    """

  @Test("records keyed by Firebase push id: taken in key order, the key is the sort id")
  func firebaseShape() throws {
    let data = try QDataReader.read(data: Data(Self.firebase.utf8), fileName: "results.json")

    #expect(data.sortIDs == ["-NbQ2xYcZ0aaaaaaaaa1", "-NbQ2xYcZ0aaaaaaaaa2"])  // "name" is not unique
    #expect(data.scores == [-2, -1, 0, 1, 2, 1, 0, -1, 2, -2])
    #expect(data.distribution == (try Distribution(minScore: -2, maxScore: 2, capacities: [1, 1, 1, 1, 1])))
    #expect(data.statements.map(\.number) == [1, 2, 3, 4, 5])
  }

  @Test("an array of records: the uid is the sort id, the sort may be an array")
  func arrayShape() throws {
    #expect(try QDataFormat.detect(data: Data(Self.array.utf8), fileName: "results.json") == .htmlqJSON)
    let data = try QDataReader.read(data: Data(Self.array.utf8), fileName: "results.json")
    #expect(data.sortIDs == ["p01", "p02"])
    #expect(data.scores == [-2, -1, 0, 1, 2, 2, 1, 0, -1, -2])
  }

  @Test("records nested one level down, with statement texts from a file")
  func nestedShape() throws {
    let nested = "{\"participants\": \(Self.firebase), \"version\": 2}"
    let texts = ["one", "two", "three", "four", "five"]
    let data = try QDataReader.read(data: Data(nested.utf8), fileName: "export.json", statementTexts: texts)
    #expect(data.sortCount == 2)
    #expect(data.statements.map(\.text) == texts)
  }

  @Test("malformed htmlq exports name the record at fault")
  func malformed() throws {
    let ragged = #"[{"uid": "a", "sort": "1|0|-1"}, {"uid": "b", "sort": "1|0"}]"#
    let error = try #require(FormatTestSupport.malformed(ragged, fileName: "r.json", format: .htmlqJSON))
    #expect(error.file == "r.json")
    #expect(error.field == "record 2 (sort b)")
    #expect(error.message.contains("has 2 scores where the other sorts have 3"))

    let bad = #"{"x": {"uid": "a", "sort": "1|zero|-1"}}"#
    let badError = try #require(FormatTestSupport.malformed(bad, fileName: "r.json", format: .htmlqJSON))
    #expect(badError.field == "record \"x\" (sort a)")
    #expect(badError.message.contains("zero"))

    let none = #"{"a": {"b": 1}}"#
    let noneError = try #require(FormatTestSupport.malformed(none, fileName: "r.json", format: .htmlqJSON))
    #expect(noneError.message.contains("\"sort\""))

    let duplicate = #"[{"uid": "a", "sort": "1|0|-1"}, {"uid": "a", "sort": "0|1|-1"}]"#
    let duplicateError = try #require(FormatTestSupport.malformed(duplicate, fileName: "r.json", format: .htmlqJSON))
    #expect(duplicateError.field == "record 2 (sort a)")
    #expect(duplicateError.message.contains("repeats the sort id \"a\" of record 1"))
  }
}
