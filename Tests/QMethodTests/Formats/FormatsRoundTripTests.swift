import Foundation
import PropertyBased
import Testing

@testable import QMethod

@Suite("Formats: write then read gives the same data")
struct FormatsRoundTripTests {
  static func sample() throws -> QSortData {
    try QSortData(
      title: "Sample: three sorts",
      statements: [
        Statement(number: 1, text: "Plain text"),
        Statement(number: 2, text: "Has, a comma and \"quotes\""),
        Statement(number: 3, text: ""),
        Statement(number: 4, text: "Ünïcödé — and a tab\there"),
        Statement(number: 5, text: " leading and trailing blanks "),
      ],
      sortIDs: ["A1", "B 2", "C,3"],
      distribution: try Distribution(minScore: -2, maxScore: 2, capacities: [1, 1, 1, 1, 1]),
      scores: [-2, -1, 0, 1, 2, 2, 1, 0, -1, -2, 0, -2, 2, -1, 1])
  }

  @Test("the JSON dataset keeps everything, including a free grid and null capacities")
  func json() throws {
    let data = try FormatTestSupport.with(try Self.sample(), distribution: try .free(minScore: -3, maxScore: 3))
    let encoded = try QDataWriter.encode(data, format: .json)
    let text = String(decoding: encoded, as: UTF8.self)

    #expect(text.contains("\"capacities\": null"))
    #expect(try QDataFormat.detect(data: encoded, fileName: "x.json") == .json)
    #expect(try QDataReader.read(data: encoded, fileName: "x.json") == data)
  }

  @Test("CSV with statements as rows keeps ids, scores and texts; the grid is inferred")
  func csvStatementsAsRows() throws {
    let data = try Self.sample()
    let encoded = try QDataWriter.encode(data, format: .csvStatementsAsRows)

    let read = try QDataReader.read(data: encoded, fileName: "x.csv")

    #expect(String(decoding: encoded, as: UTF8.self).hasPrefix("statement,A1,B 2,\"C,3\"\nPlain text,-2,2,0\n"))
    #expect(read == (try FormatTestSupport.with(data, title: "")))
  }

  @Test("statements as rows with sorts named s1, s2, s3 is the engine's layout, not a web-sort export")
  func csvStatementsAsRowsWithScoreLikeIDs() throws {
    let synthetic = try SyntheticSorts.make(sorts: 3, statements: 12, viewpoints: 1)
    let data = try QSortData(
      statements: synthetic.statements, sortIDs: ["s1", "s2", "S000003"], distribution: synthetic.distribution,
      scores: synthetic.scores)
    let encoded = try QDataWriter.encode(data, format: .csvStatementsAsRows)
    let read = try QDataReader.read(data: encoded, fileName: "x.csv")
    #expect(read.sortIDs == data.sortIDs)
    #expect(read.scores == data.scores)
  }

  @Test("CSV with sorts as rows (KADE) keeps ids, scores and texts")
  func csvSortsAsRows() throws {
    let data = try Self.sample()
    let encoded = try QDataWriter.encode(data, format: .csvSortsAsRows)

    let read = try QDataReader.read(data: encoded, fileName: "x.csv")

    #expect(try QDataFormat.detect(data: encoded, fileName: "x.csv") == .csvSortsAsRows)
    #expect(String(decoding: encoded, as: UTF8.self).contains("\n\"C,3\",0,-2,2,-1,1\n"))
    #expect(read == (try FormatTestSupport.with(data, title: "")))
  }

  @Test("a header id,1,2,…,n is detected as sorts as rows and gives empty texts")
  func numberedHeader() throws {
    let csv = "id,1,2,3\nP1,-1,0,1\nP2,1,0,-1\n"
    let read = try QDataReader.read(data: Data(csv.utf8), fileName: "kade.csv")
    #expect(read.sortIDs == ["P1", "P2"])
    #expect(read.statements.map(\.text) == ["", "", ""])
    #expect(read.distribution.capacities == [1, 1, 1])
  }

  @Test("PQMethod .DAT + .STA keeps everything")
  func pqmethod() throws {
    let data = try Self.sample()
    let directory = try FormatTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("sample.dat")

    try QDataWriter.write(data, to: url)
    let read = try QDataReader.read(url: url)

    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("sample.sta").path))
    let expectedTexts = data.statements.map { $0.text.trimmingCharacters(in: .whitespaces) }
    #expect(read == (try FormatTestSupport.with(data, texts: expectedTexts)))
  }

  @Test("a .DAT with CRLF line ends and trailing blanks reads the same")
  func datWithCRLF() throws {
    let data = try Self.sample()
    let lf = String(decoding: try QDataWriter.encode(data, format: .pqmethodDAT), as: UTF8.self)
    let crlf = lf.replacingOccurrences(of: "\n", with: "   \r\n")

    let read = try QDataReader.read(data: Data(crlf.utf8), fileName: "crlf.DAT")

    #expect(read.sortIDs == data.sortIDs)
    #expect(read.scores == data.scores)
    #expect(read.distribution == data.distribution)
  }

  @Test("a free grid written to .DAT comes back free over the same range")
  func datFreeGrid() throws {
    let sample = try Self.sample()
    var scores = sample.scores
    scores[10] = 3  // sort C,3 now differs in shape from the others
    let data = try QSortData(
      statements: sample.statements, sortIDs: sample.sortIDs, distribution: try .free(minScore: -3, maxScore: 3),
      scores: scores)
    let encoded = try QDataWriter.encode(data, format: .pqmethodDAT)
    let read = try QDataReader.read(data: encoded, fileName: "free.dat")
    #expect(read.distribution == data.distribution)
  }

  @Test("a caller's distribution overrides the inferred one")
  func distributionOverride() throws {
    let csv = "statement,a,b\n1,-1,1\n2,0,0\n3,1,-1\n"
    let free = try Distribution.free(minScore: -3, maxScore: 3)
    let read = try QDataReader.read(data: Data(csv.utf8), fileName: "x.csv", distribution: free)
    #expect(read.distribution == free)
  }

  @Test("sorts of different shapes are read as a free distribution over the observed range")
  func inferredFree() throws {
    let csv = "statement,a,b\n1,-1,1\n2,0,1\n3,1,-2\n"
    let read = try QDataReader.read(data: Data(csv.utf8), fileName: "x.csv")
    #expect(read.distribution == (try Distribution.free(minScore: -2, maxScore: 1)))
  }

  @Test("semicolon-separated CSV with a byte-order mark, CRLF and quoted multi-line labels")
  func spreadsheetCSV() throws {
    let csv = "\u{FEFF}statement;P1;P2\r\n\"two\r\nlines\";-1;1\r\n\"say \"\"hi\"\"\";1;-1\r\n\r\n;0;0\r\n"
    let read = try QDataReader.read(data: Data(csv.utf8), fileName: "excel.csv")
    #expect(read.statements.map(\.text) == ["two\r\nlines", "say \"hi\"", ""])
    #expect(read.sortIDs == ["P1", "P2"])
    #expect(read.scores == [-1, 1, 0, 1, -1, 0])
  }

  @Test("random datasets round-trip through every writable format")
  func randomRoundTrips() async {
    await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
      do {
        let data = try FormatsRandomDataset.make(seed: UInt64(seed))
        let noTitle = try FormatTestSupport.with(data, title: "")
        let inferred = try FormatTestSupport.with(noTitle, distribution: FormatTestSupport.inferredDistribution(data))

        let json = try QDataReader.read(data: QDataWriter.encode(data, format: .json), fileName: "r.json")
        #expect(json == data)

        for format in [QDataFormat.csvStatementsAsRows, .csvSortsAsRows] {
          let encoded = try QDataWriter.encode(data, format: format)
          #expect(try QDataReader.read(data: encoded, fileName: "r.csv", format: format) == inferred)
          let exact = try QDataReader.read(
            data: encoded, fileName: "r.csv", format: format, distribution: data.distribution)
          #expect(exact == noTitle)
        }

        let directory = try FormatTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("R.DAT")
        try QDataWriter.write(data, to: url)
        #expect(try QDataReader.read(url: url) == FormatsRandomDataset.expectedAfterDAT(data))
      } catch {
        Issue.record("seed \(seed): \(error)")
      }
    }
  }
}
