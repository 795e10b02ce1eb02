import Foundation
import Testing

@testable import QMethod

/// What `convert` writes for other tools: PQMethod's 8-character ids, R-readable row labels.
@Suite("Formats: writing for PQMethod and R")
struct FormatsWritingForToolsTests {
  static func dataset(ids: [String], texts: [String]) throws -> QSortData {
    let n = texts.count
    let sort = (0..<n).map { $0 % 3 - 1 }
    return try QSortData(
      statements: texts.enumerated().map { Statement(number: $0.offset + 1, text: $0.element) }, sortIDs: ids,
      distribution: .free(minScore: -1, maxScore: 1), scores: Array(repeating: sort, count: ids.count).flatMap { $0 })
  }

  @Test("Firebase push ids shortened to unique 8-character ids, with the mapping; --ids number")
  func shortenIDs() throws {
    let ids = ["-KwFKidh4OKGlt8nak4A", "-KwFKidh4OKGlt8nak4B", "short", "-KwFKidh"]
    var data = try Self.dataset(ids: ids, texts: ["a", "b", "c"])
    let mapping = data.rewriteSortIDs(.shorten)
    #expect(data.sortIDs == ["-KwFKi_2", "-KwFKi_3", "short", "-KwFKidh"])
    #expect(mapping.map(\.old) == ["-KwFKidh4OKGlt8nak4A", "-KwFKidh4OKGlt8nak4B"])
    #expect(data.sortIDs.allSatisfy { $0.utf8.count <= 8 } && Set(data.sortIDs).count == 4)
    _ = try QDataWriter.encode(data, format: .pqmethodDAT)  // fits PQMethod now

    var numbered = try Self.dataset(ids: ids, texts: ["a", "b", "c"])
    #expect(numbered.rewriteSortIDs(.number).count == 4)
    #expect(numbered.sortIDs == ["1", "2", "3", "4"])
    var kept = try Self.dataset(ids: ids, texts: ["a", "b", "c"])
    #expect(kept.rewriteSortIDs(.keep).isEmpty)
  }

  @Test("CSV row labels are unique and never empty (R's read.csv(row.names = 1)); read back as texts")
  func rowLabels() throws {
    let data = try Self.dataset(ids: ["a", "b"], texts: ["Same", "", "Same", "Other", "NA"])
    let csv = String(decoding: try QDataWriter.encode(data, format: .csvStatementsAsRows), as: UTF8.self)
    let labels = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }
    #expect(labels == ["Same", "sta2", "Same (sta3)", "Other", "NA (sta5)"])
    let back = try QDataReader.read(data: Data(csv.utf8), fileName: "back.csv")
    #expect(back.statements.map(\.text) == ["Same", "", "Same", "Other", "NA"])
  }
}
