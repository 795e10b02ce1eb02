import Foundation
import Testing

@testable import App

/// The translator's spreadsheet as bytes: what is written, what is read back, and each way a file
/// is refused naming its row (the header is row 1).
@Suite("Translation CSV")
struct TranslationCSVTests {
  static let rows: [TranslationCSV.Row] = [
    .init(key: "title", source: "Care, together", translation: "Soigner, ensemble", status: .current),
    .init(
      key: "instruction", source: "Sort the \"statements\",\nfrom disagree to agree",
      translation: "Classez les « énoncés »,\r\nde « pas d'accord » à « d'accord »", status: .outOfDate),
    .init(key: "column.-4", source: "-4: not at all", translation: "", status: .missing),
    .init(key: "statement.1", source: "=SUM(A1)", translation: "@ne pas calculer", status: .current),
  ]

  @Test("written with a byte-order mark, CRLF line ends, a header and RFC 4180 quoting")
  func written() throws {
    let data = TranslationCSV.write(Self.rows)
    #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
    #expect(text.hasPrefix("key,source,translation,status\r\n"))
    #expect(text.contains("title,\"Care, together\",\"Soigner, ensemble\",current\r\n"))
    #expect(text.contains("instruction,\"Sort the \"\"statements\"\",\nfrom disagree to agree\","))
    #expect(text.contains(",out of date\r\n"))
    #expect(text.contains("column.-4,'-4: not at all,,missing\r\n"), "a formula-like cell is neutralised")
    #expect(text.hasSuffix("current\r\n"))
  }

  @Test("read back to the same keys, sources and translations: quotes, commas, line breaks, formulas")
  func roundTrip() throws {
    let read = try TranslationCSV.read(TranslationCSV.write(Self.rows))
    #expect(read.map(\.key) == Self.rows.map(\.key))
    #expect(read.map(\.source) == Self.rows.map(\.source))
    #expect(read.map(\.translation) == Self.rows.map(\.translation))
    #expect(read.map(\.row) == [2, 3, 4, 5])
  }

  @Test("read without the mark, with LF, with semicolons, without the status column, with blank rows")
  func readLeniently() throws {
    let plain = "key,source,translation\ntitle,Care,Soins\n\n\"instruction\",\"a;b\",\"c\"\"d\"\n"
    let rows = try TranslationCSV.read(Data(plain.utf8))
    #expect(
      rows == [
        .init(row: 2, key: "title", source: "Care", translation: "Soins"),
        .init(row: 4, key: "instruction", source: "a;b", translation: "c\"d"),
      ])
    let trailing = "key,source,translation,,\r\ntitle,Care,Soins,,\r\n"
    #expect(
      try TranslationCSV.read(Data(trailing.utf8)) == [
        .init(row: 2, key: "title", source: "Care", translation: "Soins")
      ],
      "empty columns to the right of the table are ignored")
    let semicolons = "\u{FEFF}key;source;translation;status\r\ntitle;Care, together;Soins;missing"
    #expect(
      try TranslationCSV.read(Data(semicolons.utf8)) == [
        .init(row: 2, key: "title", source: "Care, together", translation: "Soins")
      ])
  }

  /// The problem reading `text` reports.
  static func problem(_ text: String) -> TranslationCSV.Problem? {
    do {
      _ = try TranslationCSV.read(Data(text.utf8))
      return nil
    } catch {
      return error
    }
  }

  @Test("refused naming the row: no header, a wrong header, a wrong cell count, an unclosed or misquoted cell")
  func refusals() throws {
    #expect(Self.problem("")?.row == 1)
    let wrongHeader = try #require(Self.problem("title,Care,Soins\r\n"))
    #expect(wrongHeader.description.hasPrefix("Row 1: the header must be key,source,translation"))
    let cells = try #require(Self.problem("key,source,translation\r\ntitle,Care\r\nagreeLabel,a,b\r\n"))
    #expect(cells.description.hasPrefix("Row 2: 2 cells, but the header has 3"))
    let unclosed = try #require(Self.problem("key,source,translation\r\ntitle,Care,Soins\r\nagreeLabel,\"Agree,b\r\n"))
    #expect(unclosed.description.hasPrefix("Row 3: the quoted cell in column 2 is never closed"))
    let after = try #require(Self.problem("key,source,translation\r\ntitle,\"Care\"x,Soins\r\n"))
    #expect(after.description.hasPrefix("Row 2: text follows the closing quote in column 2"))
    let latin1 = Data([0x6B, 0x65, 0x79, 0x0A, 0xE9])
    #expect(throws: TranslationCSV.Problem.self) { try TranslationCSV.read(latin1) }
  }

  @Test("a row after a cell with line breaks is numbered as the spreadsheet shows it")
  func rowNumbersAfterLineBreaks() throws {
    let text = "key,source,translation\r\ninstruction,\"one\r\ntwo\r\nthree\",x\r\ntitle,\"Care\r\n"
    #expect(Self.problem(text)?.row == 3)
  }

  static let texts = [
    "title": "Care, together", "instruction": "Sort them\r\nall",
    "mail.invitation.body": "Dear {{name}},\n{{link}}",
  ]

  static func refusal(_ rows: [TranslationCSV.ReadRow]) -> String? {
    do {
      _ = try TranslationUpload.check(rows, against: Self.texts)
      return nil
    } catch {
      return error.description
    }
  }

  @Test("checked against the study: unknown and repeated keys, a stale source, a dropped placeholder, each by row")
  func checkedAgainstTheStudy() throws {
    let good = try TranslationUpload.check(
      [
        .init(row: 2, key: "title", source: "Care, together", translation: " Soigner "),
        .init(row: 3, key: "instruction", source: "Sort them\nall", translation: ""),
        .init(
          row: 4, key: "mail.invitation.body", source: "Dear {{name}},\n{{link}}", translation: "{{name}} : {{ link }}"),
      ], against: Self.texts)
    #expect(good.translated.map(\.key) == ["title", "mail.invitation.body"])
    #expect(good.translated.first?.translation == "Soigner")
    #expect(good.translated.first?.source == "Care, together")
    #expect(good.cleared == ["instruction"])

    let unknown = Self.refusal([.init(row: 2, key: "statement.99", source: "x", translation: "y")])
    #expect(unknown?.hasPrefix("Row 2: the study has no text “statement.99”") == true, "\(unknown ?? "")")
    let twice = Self.refusal([
      .init(row: 2, key: "title", source: "Care, together", translation: "a"),
      .init(row: 3, key: "title", source: "Care, together", translation: "b"),
    ])
    #expect(twice?.hasPrefix("Row 3: “title” is on row 2 already") == true, "\(twice ?? "")")
    let stale = Self.refusal([.init(row: 5, key: "title", source: "Care", translation: "Soins")])
    #expect(stale?.hasPrefix("Row 5: the source of “title” is not the study's current text") == true)
    let dropped = Self.refusal([
      .init(row: 4, key: "mail.invitation.body", source: "Dear {{name}},\n{{link}}", translation: "Cher {{name}}")
    ])
    #expect(dropped?.hasPrefix("Row 4: the translation of “mail.invitation.body” drops {{link}}") == true)
    let invented = Self.refusal([
      .init(
        row: 4, key: "mail.invitation.body", source: "Dear {{name}},\n{{link}}",
        translation: "{{nom}} {{name}} {{link}}")
    ])
    #expect(invented?.hasPrefix("Row 4: the translation of “mail.invitation.body” has {{nom}}") == true)
    #expect(invented?.hasSuffix("Nothing was saved.") == true)
  }
}
