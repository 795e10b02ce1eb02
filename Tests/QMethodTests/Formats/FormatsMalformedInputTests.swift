import Foundation
import Testing

@testable import QMethod

@Suite("Formats: malformed input names file, line and field")
struct FormatsMalformedInputTests {
  /// A small valid .DAT: 2 sorts × 5 statements on −2…+2, one statement per column.
  static let dat = """
      0  2  5 tiny: a test
     -2  2  0  0  0  0  1  1  1  1  1  0  0  0  0  0  0  0  0  0  0  0
    A1        -2-1 0 1 2
    B2         2 1 0-1-2

    """

  @Test("the valid fixture reads")
  func fixtureReads() throws {
    let data = try QDataReader.read(data: Data(Self.dat.utf8), fileName: "tiny.DAT")
    #expect(data.sortIDs == ["A1", "B2"])
    #expect(data.title == "tiny: a test")
  }

  @Test("truncated .DAT: a sort line cut short, a file ending after line 1")
  func truncatedDAT() throws {
    let cut = Self.dat.replacingOccurrences(of: "B2         2 1 0-1-2\n", with: "B2         2 1 ")
    let error = try #require(FormatTestSupport.malformed(cut, fileName: "tiny.DAT"))
    #expect(error.file == "tiny.DAT")
    #expect(error.line == 4)
    #expect(error.field == "statement 3")
    #expect(error.message.contains("ends after 2 of the 5 scores"))

    let header = "  0  2  5 tiny\n"
    let short = try #require(FormatTestSupport.malformed(header, fileName: "tiny.DAT"))
    #expect(short.line == 2)
    #expect(short.field == "lowest score")
  }

  @Test("non-numeric score in a .DAT and in a CSV")
  func nonNumericScore() throws {
    let dat = Self.dat.replacingOccurrences(of: "A1        -2-1 0", with: "A1        -2-1 x")
    let error = try #require(FormatTestSupport.malformed(dat, fileName: "tiny.DAT"))
    #expect(error.line == 3)
    #expect(error.field == "statement 3")
    #expect(error.message.contains("\"x\""))

    let csv = "statement,a,b\ns1,1,-1\ns2,two,1\ns3,-1,0\n"
    let csvError = try #require(FormatTestSupport.malformed(csv, fileName: "data.csv"))
    #expect(csvError.file == "data.csv")
    #expect(csvError.line == 3)
    #expect(csvError.field == "column 2")
    #expect(csvError.message.contains("sort a for statement 2"))
  }

  @Test("ragged CSV row")
  func raggedCSV() throws {
    let csv = "statement,a,b,c\ns1,1,-1,0\ns2,0,1\ns3,-1,0,1\n"
    let error = try #require(FormatTestSupport.malformed(csv, fileName: "ragged.csv"))
    #expect(error.line == 3)
    #expect(error.field == "column 4")
    #expect(error.message.contains("3 cells but the header has 4"))

    let long = "id,1,2,3\nP1,1,0,-1,5\n"
    let longError = try #require(FormatTestSupport.malformed(long, fileName: "k.csv"))
    #expect(longError.line == 2)
    #expect(longError.field == "sort P1")
    #expect(longError.message.contains("has 4 scores where the other sorts have 3"))
  }

  @Test("wrong statement count: .DAT header, .STA texts, JSON sort")
  func wrongStatementCount() throws {
    let dat = Self.dat.replacingOccurrences(of: "  0  2  5", with: "  0  2  6")
    let error = try #require(FormatTestSupport.malformed(dat, fileName: "tiny.DAT"))
    #expect(error.line == 3)
    #expect(error.field == "statement 6")

    let fewer = Self.dat.replacingOccurrences(of: "  0  2  5", with: "  0  2  4")
    let fewerError = try #require(FormatTestSupport.malformed(fewer, fileName: "tiny.DAT"))
    #expect(fewerError.line == 3)
    #expect(fewerError.field == "columns 19–20")

    let directory = try FormatTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(Self.dat.utf8).write(to: directory.appendingPathComponent("TINY.DAT"))
    try Data("one\ntwo\nthree\nfour\n".utf8).write(to: directory.appendingPathComponent("TINY.STA"))
    let staError = #expect(throws: QMethodError.self) {
      try QDataReader.read(url: directory.appendingPathComponent("TINY.DAT"))
    }
    guard case .malformedInput(let file, _, let field, let message) = staError else {
      Issue.record("expected malformedInput naming the .STA, got \(String(describing: staError))")
      return
    }
    #expect(file == "TINY.STA")
    #expect(field == "statements")
    #expect(message.contains("4 statement texts"))

    let json = """
      {"distribution": {"minScore": -1, "maxScore": 1, "capacities": null},
       "statements": [{"number": 1}, {"number": 2}, {"number": 3}],
       "sorts": [{"id": "a", "scores": [1, 0, -1]}, {"id": "b", "scores": [1, 0]}]}
      """
    let jsonError = try #require(FormatTestSupport.malformed(json, fileName: "d.json"))
    #expect(jsonError.field == "sorts[1].scores")
  }

  @Test("header/number mismatch: line 1 announces more sorts than the file holds")
  func sortCountMismatch() throws {
    let dat = Self.dat.replacingOccurrences(of: "  0  2  5", with: "  0  3  5")
    let error = try #require(FormatTestSupport.malformed(dat, fileName: "tiny.DAT"))
    #expect(error.line == 1)
    #expect(error.field == "number of sorts")
    #expect(error.message.contains("announces 3 sorts but the file holds 2"))
  }

  @Test("duplicate sort ids in .DAT, CSV header, CSV rows and JSON")
  func duplicateIDs() throws {
    let dat = Self.dat.replacingOccurrences(of: "B2 ", with: "A1 ")
    let error = try #require(FormatTestSupport.malformed(dat, fileName: "tiny.DAT"))
    #expect(error.line == 4)
    #expect(error.field == "sort A1")
    #expect(error.message.contains("repeats the sort id \"A1\" of line 3"))
    #expect(error.remedies == [.skipInvalid(plural: false)])

    let header = try #require(FormatTestSupport.malformed("statement,a,b,a\ns1,1,0,-1\n", fileName: "h.csv"))
    #expect(header.line == 1)
    #expect(header.field == "column 4")
    #expect(header.message.contains("delete one of the two columns, or give one another id"), "says what to do")

    let rows = try #require(FormatTestSupport.malformed("id,1,2\nP,1,-1\nQ,1,-1\nP,-1,1\n", fileName: "r.csv"))
    #expect(rows.line == 4)
    #expect(rows.field == "sort P")
    #expect(rows.message.contains("repeats the sort id \"P\" of line 2"))

    let json = """
      {"distribution": {"minScore": -1, "maxScore": 1, "capacities": null},
       "statements": [{"number": 1}, {"number": 2}],
       "sorts": [{"id": "a", "scores": [1, -1]}, {"id": "a", "scores": [-1, 1]}]}
      """
    let jsonError = try #require(FormatTestSupport.malformed(json, fileName: "d.json"))
    #expect(jsonError.field == "sorts[1].id")
    #expect(jsonError.message.contains("delete one of the two, or give one another id"), "says what to do")

    let noID = Self.dat.replacingOccurrences(of: "B2 ", with: "   ")
    let missing = try #require(FormatTestSupport.malformed(noID, fileName: "tiny.DAT"))
    #expect(missing.line == 4 && missing.field == "sort id")
    #expect(missing.message.contains("write the sort's id (up to 8 characters) at the start of the line"))
  }

  @Test(".DAT with repeated ids: every repeat named by line in one message; --skip-invalid keeps the first of each")
  func repeatedDATRecords() throws {
    let dat = """
        0  5  5 repeats
       -2  2  0  0  0  0  1  1  1  1  1  0  0  0  0  0  0  0  0  0  0  0
      A1        -2-1 0 1 2
      B2         2 1 0-1-2
      A1         1 2 0-1-2\r
      C3        -1-2 0 2 1
      B2         0 1 2-1-2

      """
    let error = try #require(FormatTestSupport.malformed(dat, fileName: "repeats.DAT"))
    #expect(error.file == "repeats.DAT")
    #expect(error.message.contains("2 records cannot be used"))
    #expect(error.message.contains("line 5 (sort A1) repeats the sort id \"A1\" of line 3"))
    #expect(error.message.contains("line 7 (sort B2) repeats the sort id \"B2\" of line 4"))
    #expect(error.remedies == [.skipInvalid(plural: true)] && !error.message.contains("--"))

    let skipped = try QDataReader.read(
      data: Data(dat.utf8), fileName: "repeats.DAT", options: ReadOptions(skipInvalid: true))
    #expect(skipped.sortIDs == ["A1", "B2", "C3"])
    #expect(Array(skipped.sort(2)) == [-1, -2, 0, 2, 1])
    #expect(skipped.skippedRecords.map(\.place) == ["line 5", "line 7"])
    #expect(skipped.notes.filter { $0.hasPrefix("repeats.DAT: left out line") }.count == 2)
  }

  @Test("empty files, whatever their format")
  func emptyFile() throws {
    for name in ["e.DAT", "e.csv", "e.json", "e.sta"] {
      let error = try #require(FormatTestSupport.malformed("", fileName: name))
      #expect(error.file == name)
      #expect(error.line == nil)
      #expect(error.message == "the file is empty")
    }
    let blank = try #require(FormatTestSupport.malformed(" \r\n\n  ", fileName: "blank.csv"))
    #expect(blank.message == "the file is empty")
  }

  @Test("binary garbage is refused with a clear message; UTF-16 with a byte-order mark is read")
  func binaryGarbage() throws {
    var rng = FormatsSeededGenerator(seed: 42)
    let garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) } + [0])
    for name in ["g.DAT", "g.csv", "g.json"] {
      let error = try #require(FormatTestSupport.malformed(garbage, fileName: name))
      #expect(error.file == name)
      #expect(error.message.contains("binary"))
    }
    let workbook = try #require(FormatTestSupport.malformed(garbage, fileName: "g.xlsx"))
    #expect(workbook.message.contains("not a readable Excel workbook"))
    let text = try #require(FormatTestSupport.malformed("PK\u{3}\u{4} not a dat file at all", fileName: "g.DAT"))
    #expect(text.line == 1)
    #expect(text.field == "number of sorts")

    let utf16 = Data([0xFF, 0xFE]) + "statement,a,b\r\né,1,-1\r\nü,-1,1\r\nß,0,0\r\n".data(using: .utf16LittleEndian)!
    let read = try QDataReader.read(data: utf16, fileName: "u.csv")
    #expect(read.statements.map(\.text) == ["é", "ü", "ß"])
    #expect(read.notes.isEmpty, "a byte-order mark is no guess")
  }

  @Test("huge lines: a 20,000-statement header, a 2 MB cell, a 1 MB .DAT title")
  func hugeLines() throws {
    let wide = "id," + (1...20_000).map(String.init).joined(separator: ",") + "\n"
    let wideError = try #require(FormatTestSupport.malformed(wide, fileName: "wide.csv"))
    #expect(wideError.line == 1)
    #expect(wideError.field == "columns")
    #expect(wideError.message.contains("20000 statements"))

    let cell = "statement,a,b\n" + String(repeating: "x", count: 2 << 20) + ",1,-1\n"
    let cellError = try #require(FormatTestSupport.malformed(cell, fileName: "cell.csv"))
    #expect(cellError.line == 2)
    #expect(cellError.field == "column 1")

    let title = "  0  2  5 " + String(repeating: "t", count: 1 << 20) + "\n"
    let titleError = try #require(FormatTestSupport.malformed(title, fileName: "t.DAT"))
    #expect(titleError.line == 1)

    let tall = "statement,a,b\n" + (0...10_000).map { "s\($0),1,-1" }.joined(separator: "\n")
    let tallError = try #require(FormatTestSupport.malformed(tall, fileName: "tall.csv"))
    #expect(tallError.line == 10_002)
    #expect(tallError.field == "statement 10001")
  }

  @Test("numbers that would overflow are refused, not trapped on")
  func overflow() throws {
    let csv = "statement,a,b\ns1,99999999999999999999,1\ns2,1,-1\n"
    let error = try #require(FormatTestSupport.malformed(csv, fileName: "o.csv"))
    #expect(error.line == 2)
    #expect(error.field == "column 2")

    let json = """
      {"distribution": {"minScore": -9223372036854775808, "maxScore": 9223372036854775807, "capacities": [1]},
       "statements": [{"number": 1}], "sorts": []}
      """
    let jsonError = try #require(FormatTestSupport.malformed(json, fileName: "o.json"))
    #expect(jsonError.field == "distribution")

    let wide = "statement,a,b\ns1,-500000,1\ns2,500000,-1\n"
    let wideError = try #require(FormatTestSupport.malformed(wide, fileName: "w.csv"))
    #expect(wideError.message.contains("no Q grid"))
  }

  @Test("scores outside the declared grid and sorts breaking a forced grid")
  func outsideGrid() throws {
    let dat = Self.dat.replacingOccurrences(of: "B2         2", with: "B2         3")
    let error = try #require(FormatTestSupport.malformed(dat, fileName: "tiny.DAT"))
    #expect(error.line == 4)
    #expect(error.field == "statement 1")

    let unforced = Self.dat.replacingOccurrences(of: "B2         2 1", with: "B2         2 2")
    let forcedError = try #require(FormatTestSupport.malformed(unforced, fileName: "tiny.DAT"))
    #expect(forcedError.line == 4)
    #expect(forcedError.field == "sort B2")
    #expect(forcedError.message.contains("forced distribution"))
    // The same file reads when the caller asks for a free grid.
    let free = try Distribution.free(minScore: -2, maxScore: 2)
    #expect(try QDataReader.read(data: Data(unforced.utf8), fileName: "tiny.DAT", distribution: free).sortCount == 2)
  }

  @Test("other CSV faults: unclosed quote, empty sort id, one repeated score")
  func otherCSVFaults() throws {
    let quote = try #require(FormatTestSupport.malformed("statement,a,b\n\"open,1,-1\ns2,-1,1\n", fileName: "q.csv"))
    #expect(quote.line == 2)
    #expect(quote.field == "column 1")

    let emptyID = try #require(FormatTestSupport.malformed("statement,a,,b\ns1,1,0,-1\n", fileName: "i.csv"))
    #expect(emptyID.line == 1)
    #expect(emptyID.field == "column 3")

    let flat = try #require(FormatTestSupport.malformed("statement,a\ns1,0\ns2,0\n", fileName: "f.csv"))
    #expect(flat.message.contains("at least two different scores"))
  }

  @Test("the .DAT writer refuses what PQMethod cannot hold")
  func datWriterLimits() throws {
    let data = try QSortData(
      statements: [Statement(number: 1), Statement(number: 2)], sortIDs: ["NineChars"],
      distribution: try .free(minScore: -1, maxScore: 1), scores: [-1, 1])
    #expect(throws: QMethodError.self) { try QDataWriter.encode(data, format: .pqmethodDAT) }
    #expect(throws: QMethodError.self) { try QDataWriter.encode(data, format: .htmlqJSON) }
  }
}
