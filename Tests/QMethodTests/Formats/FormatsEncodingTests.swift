import Foundation
import Testing

@testable import QMethod

/// Statement and data files that are not UTF-8: detected, or given with `--encoding`, and never
/// turned into mojibake without a word.
@Suite("Formats: text encodings")
struct FormatsEncodingTests {
  static let texts = ["日本語の文", "都市は住みやすい", "車は不要だ"]
  static let data = "id,1,2,3\na,-1,0,1\nb,1,0,-1\nc,0,-1,1\n"

  func writeTexts(_ bytes: [UInt8], _ name: String) throws -> URL {
    let directory = try FormatTestSupport.temporaryDirectory()
    try Data(Self.data.utf8).write(to: directory.appendingPathComponent("sorts.csv"))
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
  }

  func read(_ texts: URL, encoding: TextEncoding? = nil) throws -> QSortData {
    try QDataReader.read(
      url: texts.deletingLastPathComponent().appendingPathComponent("sorts.csv"), statementsFile: texts,
      options: ReadOptions(encoding: encoding))
  }

  /// Shift-JIS bytes of `texts`, one per line (CRLF, as Windows writes them), from Python's codec.
  static let shiftJIS: [UInt8] = [
    0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x82, 0xCC, 0x95, 0xB6, 0x0D, 0x0A,
    0x93, 0x73, 0x8E, 0x73, 0x82, 0xCD, 0x8F, 0x5A, 0x82, 0xDD, 0x82, 0xE2, 0x82, 0xB7, 0x82, 0xA2, 0x0D, 0x0A,
    0x8E, 0xD4, 0x82, 0xCD, 0x95, 0x73, 0x97, 0x76, 0x82, 0xBE, 0x0D, 0x0A,
  ]

  @Test("Shift-JIS statements are detected, and the guess is noted with the file's name")
  func shiftJIS() throws {
    let data = try read(writeTexts(Self.shiftJIS, "texts.sta"))
    #expect(data.statements.map(\.text) == Self.texts)
    #expect(data.notes.contains { $0.hasPrefix("texts.sta is not UTF-8; read as Shift-JIS") })
    let given = try read(writeTexts(Self.shiftJIS, "texts.sta"), encoding: .shiftJIS)
    #expect(given.statements.map(\.text) == Self.texts)
    #expect(given.notes.isEmpty, "an encoding given is no guess")
  }

  @Test("Windows-1252 and Latin-1 statements: curly quotes, accents, €")
  func windows1252() throws {
    // “Café” – naïve €5  /  Straße  /  Ça va
    let bytes: [UInt8] =
      [0x93, 0x43, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x6E, 0x61, 0xEF, 0x76, 0x65, 0x20, 0x80, 0x35, 0x0A]
      + Array("Stra".utf8) + [0xDF, 0x65, 0x0A, 0xC7, 0x61, 0x20, 0x76, 0x61, 0x0A]
    let data = try read(writeTexts(bytes, "texts.txt"))
    #expect(data.statements.map(\.text) == ["“Café” – naïve €5", "Straße", "Ça va"])
    #expect(data.notes.contains { $0.contains("texts.txt is not UTF-8; read as Windows-1252") })
    let latin1 = try read(writeTexts(Array(bytes[18...]) + Array("x\n".utf8), "latin.txt"), encoding: .latin1)
    #expect(latin1.statements.map(\.text) == ["Straße", "Ça va", "x"])
  }

  @Test("UTF-16 with a byte-order mark, little and big endian")
  func utf16() throws {
    let text = Self.texts.joined(separator: "\r\n") + "\r\n"
    let little = [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!)
    let big = [0xFE, 0xFF] + Array(text.data(using: .utf16BigEndian)!)
    #expect(try read(writeTexts(little, "le.txt")).statements.map(\.text) == Self.texts)
    #expect(try read(writeTexts(big, "be.txt")).statements.map(\.text) == Self.texts)
  }

  @Test("an encoding given that the bytes are not valid in: one error naming the file and line")
  func wrongEncoding() throws {
    let url = try writeTexts(Array("fine\n".utf8) + [0x93, 0xFA, 0x96, 0x7B, 0x0A, 0x61, 0x0A], "texts.sta")
    do {
      _ = try read(url, encoding: .utf8)
      Issue.record("expected an error")
    } catch let error as QMethodError {
      guard case .malformedInput(let file, let line, _, let message) = error.withoutRemedies else {
        Issue.record("expected malformedInput, got \(error)")
        return
      }
      #expect(file == "texts.sta")
      #expect(line == 2)
      #expect(message.contains("not valid UTF-8") && !message.contains("--") && error.remedies == [.giveEncoding])
    } catch {
      Issue.record("expected a QMethodError, got \(error)")
    }
  }
}
