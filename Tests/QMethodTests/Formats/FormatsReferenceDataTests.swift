import Foundation
import Testing

@testable import QMethod

@Suite("Formats: reference data (lipset, synth_40x100)")
struct FormatsReferenceDataTests {
  static let lipsetIDs = ["US1", "US2", "US3", "US4", "JP5", "CA6", "UK7", "US8", "FR9"]

  @Test("reads LIPSET.DAT with its .STA: 9 sorts × 33 statements on −4…+4 holding 2,3,4,5,5,5,4,3,2")
  func readsLipsetDAT() throws {
    let reference = try FormatTestSupport.requireReferenceDirectory()
    let data = try QDataReader.read(url: reference.appendingPathComponent("lipset/LIPSET.DAT"))

    #expect(data.title == "lipset: Lipset (1963) value patterns, cf. Brown 1980")
    #expect(data.sortIDs == Self.lipsetIDs)
    #expect(data.statementCount == 33)
    #expect(data.statements.map(\.number) == Array(1...33))
    #expect(
      data.distribution == (try Distribution(minScore: -4, maxScore: 4, capacities: [2, 3, 4, 5, 5, 5, 4, 3, 2])))
    #expect(Array(data.sort(0).prefix(6)) == [-1, 0, -2, 0, -2, 1])
    #expect(data.sort(8).last == 4)
    #expect(data.statements[0].text.hasPrefix("We accept improvements in the status"))
    #expect(data.statements[1].text == "All men are expected to try to improve their position vis-a-vis others.")
  }

  @Test("lipset.csv with LIPSET.STA gives the same data as LIPSET.DAT, apart from the title")
  func lipsetCSVMatchesDAT() throws {
    let reference = try FormatTestSupport.requireReferenceDirectory()
    let lipset = reference.appendingPathComponent("lipset")
    let fromDAT = try QDataReader.read(url: lipset.appendingPathComponent("LIPSET.DAT"))
    let sta = lipset.appendingPathComponent("LIPSET.STA")

    let fromCSV = try QDataReader.read(url: lipset.appendingPathComponent("lipset.csv"), statementsFile: sta)

    #expect(try QDataFormat.detect(url: lipset.appendingPathComponent("lipset.csv")) == .csvStatementsAsRows)
    #expect(fromCSV.title == "")
    #expect(fromCSV == (try FormatTestSupport.with(fromDAT, title: "")))
  }

  @Test("lipset.csv alone: labels become texts, the forced grid is inferred")
  func lipsetCSVAlone() throws {
    let reference = try FormatTestSupport.requireReferenceDirectory()
    let data = try QDataReader.read(url: reference.appendingPathComponent("lipset/lipset.csv"))

    #expect(data.sortIDs == Self.lipsetIDs)
    #expect(data.statements.map(\.text) == (1...33).map { "sta_\($0)" })
    #expect(data.distribution.capacities == [2, 3, 4, 5, 5, 5, 4, 3, 2])
    #expect(data.distribution.minScore == -4)
  }

  @Test("writing LIPSET.DAT back gives the file byte for byte, and the .STA its texts")
  func lipsetDATByteIdentical() throws {
    let reference = try FormatTestSupport.requireReferenceDirectory()
    let original = reference.appendingPathComponent("lipset/LIPSET.DAT")
    let data = try QDataReader.read(url: original)
    let directory = try FormatTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let copy = directory.appendingPathComponent("LIPSET.DAT")

    try QDataWriter.write(data, to: copy)

    let originalLines = try String(contentsOf: original, encoding: .utf8).split(separator: "\n")
    let writtenLines = try String(contentsOf: copy, encoding: .utf8).split(separator: "\n")
    #expect(writtenLines.count == originalLines.count)
    for (written, expected) in zip(writtenLines.dropFirst(2), originalLines.dropFirst(2)) {
      #expect(written == expected)  // the sort lines, exactly
    }
    #expect(try Data(contentsOf: copy) == Data(contentsOf: original))
    let sta = try String(contentsOf: directory.appendingPathComponent("LIPSET.STA"), encoding: .utf8)
    #expect(sta.split(separator: "\n", omittingEmptySubsequences: false).count == 34)
    #expect(try QDataReader.read(url: copy) == data)
  }

  @Test("reads synth_40x100.csv: 40 statements, 100 sorts, grid 2,3,4,6,10,6,4,3,2")
  func readsSynth() throws {
    let reference = try FormatTestSupport.requireReferenceDirectory()
    let data = try QDataReader.read(url: reference.appendingPathComponent("synth_40x100/synth_40x100.csv"))

    #expect(data.statementCount == 40)
    #expect(data.sortCount == 100)
    #expect(data.sortIDs.first == "P0001")
    #expect(data.distribution.capacities == [2, 3, 4, 6, 10, 6, 4, 3, 2])
    #expect(data.statements.first?.text == "S01")
  }
}
