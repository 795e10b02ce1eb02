import Foundation
import Testing

@Suite("poetq convert")
struct ConvertCommandTests {
  @Test("CSV → .DAT reproduces PQMethod's LIPSET.DAT sort lines, and back to CSV")
  func roundTrip() throws {
    let reference = try CLIRunner.requireReference()
    let directory = try CLIRunner.temporaryDirectory()
    let dat = directory.appendingPathComponent("LIPSET.DAT")
    let toDAT = try CLIRunner.run([
      "convert", reference.appendingPathComponent("lipset/lipset.csv").path, dat.path, "--statements",
      reference.appendingPathComponent("lipset/LIPSET.STA").path,
    ])
    #expect(toDAT.status == 0, "\(toDAT.stderr)")
    let written = try String(contentsOf: dat, encoding: .utf8).split(whereSeparator: \.isNewline)
    let original = try String(contentsOf: reference.appendingPathComponent("lipset/LIPSET.DAT"), encoding: .utf8)
      .split(whereSeparator: \.isNewline)
    #expect(Array(written.dropFirst(2)) == Array(original.dropFirst(2)), "sort lines byte for byte")
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("LIPSET.STA").path))

    let csv = directory.appendingPathComponent("again.csv")
    let toCSV = try CLIRunner.run(["convert", dat.path, csv.path])
    #expect(toCSV.status == 0, "\(toCSV.stderr)")
    let first = try CLIRunner.run([
      "analyze", reference.appendingPathComponent("lipset/lipset.csv").path, "--factors", "3", "--format", "json",
    ])
    let second = try CLIRunner.run(["analyze", csv.path, "--factors", "3", "--format", "json"])
    let loadings = { (text: String) in
      (try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any])["loadings"] as! [[Double]]
    }
    #expect(try loadings(first.stdout) == loadings(second.stdout))
  }

  @Test("an unknown output format is refused before anything is written")
  func refusesUnknownFormat() throws {
    let reference = try CLIRunner.requireReference()
    let directory = try CLIRunner.temporaryDirectory()
    let output = try CLIRunner.run([
      "convert", reference.appendingPathComponent("lipset/lipset.csv").path,
      directory.appendingPathComponent("out.xyz").path,
    ])
    #expect(output.status != 0)
    #expect(output.stderr.contains("out.xyz"), "\(output.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
  }

  @Test("Firebase push ids become unique 8-character .DAT ids, the mapping printed; --ids keep refuses them")
  func shortensIDs() throws {
    let directory = try CLIRunner.temporaryDirectory()
    let input = directory.appendingPathComponent("kenq.json")
    let records = [("-NaBcDeFgHiJ1", "-1|0|0|1"), ("-NaBcDeFgHiJ2", "1|0|0|-1"), ("-NaBcDeFgHiJ3", "0|-1|1|0")]
    let json = "{" + records.map { "\"\($0.0)\": {\"sort\": \"\($0.1)\"}" }.joined(separator: ",") + "}"
    try Data(json.utf8).write(to: input)
    let dat = directory.appendingPathComponent("KENQ.DAT")
    let shortened = try CLIRunner.run(["convert", input.path, dat.path])
    #expect(shortened.status == 0, "\(shortened.stderr)")
    #expect(shortened.stderr.contains("-NaBcDeFgHiJ2 → -NaBcD_2"), "\(shortened.stderr)")
    let lines = try String(contentsOf: dat, encoding: .utf8).split(whereSeparator: \.isNewline)
    #expect(lines.dropFirst(2).map { String($0.prefix(8)) } == ["-NaBcDeF", "-NaBcD_2", "-NaBcD_3"])

    let kept = try CLIRunner.run([
      "convert", input.path, directory.appendingPathComponent("K2.DAT").path, "--ids", "keep",
    ])
    #expect(kept.status != 0)
    #expect(kept.stderr.contains("longer than the 8 characters"), "\(kept.stderr)")
  }
}
