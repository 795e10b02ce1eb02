import Foundation
import Testing

@Suite("poetq analyze")
struct AnalyzeCommandTests {
  @Test("JSON output carries the documented keys and PQMethod's lipset figures")
  func jsonSchema() throws {
    let reference = try CLIRunner.requireReference()
    let output = try CLIRunner.run([
      "analyze", reference.appendingPathComponent("lipset/LIPSET.DAT").path, "--extraction", "pca", "--factors", "3",
      "--format", "json",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    for key in [
      "sorts", "statements", "eigenvalues", "unrotatedLoadings", "loadings", "flags", "zScores", "factorArrays",
      "characteristics", "factorCorrelations", "distinguishing", "consensus", "warnings",
    ] {
      #expect(json[key] != nil, "missing key \(key)")
    }
    #expect(json["sorts"] as? [String] == ["US1", "US2", "US3", "US4", "JP5", "CA6", "UK7", "US8", "FR9"])
    #expect((json["statements"] as? [Int])?.count == 33)
    let loadings = try #require(json["loadings"] as? [[Double]])
    #expect(loadings.count == 9 && loadings.allSatisfy { $0.count == 3 })
    // US1 on PQMethod's F1 (pqmethod_expected.json: 0.7658; the figure is rounded to 4 decimals).
    #expect(abs(loadings[0][0] - 0.7658) < 1.5e-4)
    let flags = try #require(json["flags"] as? [[Bool]])
    #expect(flags[4] == [false, true, false], "JP5 defines F2 (negatively)")
    let characteristics = try #require(json["characteristics"] as? [[String: Any]])
    for key in ["definingSorts", "eigenvalue", "explainedVariance", "compositeReliability", "seFactorScores"] {
      #expect(characteristics[0][key] != nil, "characteristics.\(key)")
    }
    let distinguishing = try #require(json["distinguishing"] as? [[String: [Int]]])
    #expect(distinguishing[0]["p01"] == [1, 4, 7, 18, 19, 23, 30, 32, 33], "F1 (qmethod f2)")
    #expect(json["consensus"] as? [Int] == [12, 14, 17, 20, 25, 26, 29])
  }

  @Test("--bootstrap adds the bootstrap to the JSON and the report, the same for the same seed")
  func bootstrap() throws {
    let reference = try CLIRunner.requireReference()
    let data = reference.appendingPathComponent("lipset/lipset.csv").path
    let arguments = [
      "analyze", data, "--extraction", "pca", "--factors", "3", "--profile", "qmethod", "--bootstrap", "200", "--seed",
      "9",
    ]
    let first = try CLIRunner.run(arguments + ["--format", "json"])
    #expect(first.status == 0, "\(first.stderr)")
    let again = try CLIRunner.run(arguments + ["--format", "json"])
    #expect(first.stdout == again.stdout, "the same seed gives the same bytes")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
    let bootstrap = try #require(json["bootstrap"] as? [String: Any])
    #expect(bootstrap["steps"] as? Int == 200 && bootstrap["seed"] as? Int == 9)
    let mean = try #require(bootstrap["zScoreMean"] as? [[Double]])
    let sd = try #require(bootstrap["zScoreSD"] as? [[Double]])
    #expect(mean.count == 33 && mean.allSatisfy { $0.count == 3 }, "statements × factors, like zScores")
    #expect(sd.count == 33 && sd.allSatisfy { $0.count == 3 && $0.allSatisfy { $0 > 0 } })
    let frequency = try #require(bootstrap["flagFrequency"] as? [[Double]])
    #expect(frequency.count == 9 && frequency.allSatisfy { $0.count == 3 }, "sorts × factors, like flags")
    #expect((json["options"] as? [String: Any])?["bootstrap"] != nil, "stored with the options, so --config replays it")
    let text = try CLIRunner.run(arguments)
    #expect(text.status == 0, "\(text.stderr)")
    for heading in [
      "Bootstrap: 200 resamples of the sorts, seed 9", "Bootstrap z-scores for factor 1", "Bootstrap flag frequency",
    ] {
      #expect(text.stdout.contains(heading), "\(heading)")
    }
  }

  @Test("the text report follows PQMethod's .LIS order and names the statements")
  func textReport() throws {
    let reference = try CLIRunner.requireReference()
    let output = try CLIRunner.run([
      "analyze", reference.appendingPathComponent("lipset/LIPSET.DAT").path, "--factors", "3",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    let headings = [
      "Correlation matrix between sorts", "Unrotated factor matrix (centroid)", "Factor matrix with X",
      "Normalised factor scores for factor 1", "Descending array of differences between factors 1 and 2",
      "Factor arrays", "Factor characteristics", "Distinguishing statements for factor 1", "Consensus statements",
    ]
    var position = output.stdout.startIndex
    for heading in headings {
      let found = try #require(output.stdout.range(of: heading, range: position..<output.stdout.endIndex), "\(heading)")
      position = found.upperBound
    }
    #expect(output.stdout.contains("Here, the emphasis is on \"getting ahead.\""), "statement texts from LIPSET.STA")
  }

  @Test(
    "--out gets the very bytes of standard output (written as a stream, renamed into place), nothing left beside it")
  func streamedFile() throws {
    let reference = try CLIRunner.requireReference()
    let directory = try CLIRunner.temporaryDirectory()
    let data = reference.appendingPathComponent("lipset/LIPSET.DAT").path
    let arguments = ["analyze", data, "--factors", "3", "--format", "json"]
    let printed = try CLIRunner.run(arguments)
    #expect(printed.status == 0, "\(printed.stderr)")
    let file = directory.appendingPathComponent("result.json")
    let written = try CLIRunner.run(arguments + ["--out", file.path])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(try Data(contentsOf: file) == Data(printed.stdout.utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["result.json"])
    let missing = directory.appendingPathComponent("no/such/folder/result.json").path
    let refused = try CLIRunner.run(arguments + ["--out", missing])
    #expect(refused.status != 0 && refused.stderr.contains("cannot write"), "\(refused.stderr)")
  }

  @Test("a stored result's options replay to the same result")
  func replay() throws {
    let reference = try CLIRunner.requireReference()
    let directory = try CLIRunner.temporaryDirectory()
    let data = reference.appendingPathComponent("lipset/lipset.csv").path
    let first = directory.appendingPathComponent("first.json").path
    let second = directory.appendingPathComponent("second.json").path
    let run1 = try CLIRunner.run([
      "analyze", data, "--extraction", "centroid", "--factors", "3", "--rotate", "1,2,10 ; 2,3,-5", "--flag",
      "US4=3", "--format", "json", "--out", first,
    ])
    #expect(run1.status == 0, "\(run1.stderr)")
    let run2 = try CLIRunner.run(["analyze", data, "--config", first, "--format", "json", "--out", second])
    #expect(run2.status == 0, "\(run2.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: first))) as! [String: Any]
    #expect((json["flags"] as! [[Bool]])[3] == [false, false, true], "the manual flag is applied")
  }

  @Test(
    "bad arguments and bad files fail with a message that says what and where",
    arguments: [
      (["analyze", "no-such-file.csv"], "no-such-file.csv"),
      (["analyze", "@LIPSET", "--rotate", "1,2"], "i,j,degrees"),
      (["analyze", "@LIPSET", "--factors", "0"], "--factors"),
      (["analyze", "@LIPSET", "--factors", "40"], "--factors must be between 1 and 9"),
      (["analyze", "@LIPSET", "--flag", "NOBODY=1"], "unknown sort \"NOBODY\""),
      (["analyze", "@LIPSET", "--flag-p", "1.5"], "--flag-p"),
      (["analyze", "@LIPSET", "--extraction", "magic"], "'centroid', 'pca' or 'horst'"),
      (["analyze", "@BROKEN", "--factors", "2"], "broken.csv, line 3"),
      (["analyze", "@LIPSET", "--bootstrap", "0"], "--bootstrap must be between 1 and 100000"),
      (["analyze", "@LIPSET", "--seed", "4"], "--seed and --bootstrap-alignment need --bootstrap N"),
    ])
  func failures(arguments: [String], message: String) throws {
    let reference = try CLIRunner.requireReference()
    let directory = try CLIRunner.temporaryDirectory()
    let broken = directory.appendingPathComponent("broken.csv")
    try "statement,A,B,C\ns1,1,0,-1\ns2,0,x,1\ns3,-1,1,0\n".write(to: broken, atomically: true, encoding: .utf8)
    let resolved = arguments.map {
      $0 == "@LIPSET" ? reference.appendingPathComponent("lipset/lipset.csv").path : $0 == "@BROKEN" ? broken.path : $0
    }
    let output = try CLIRunner.run(resolved, in: directory)
    #expect(output.status != 0)
    #expect(output.stdout.isEmpty, "nothing on stdout when the run fails")
    #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
  }

  @Test("an HTMLQ export with a pilot's shorter sort: refused naming it, read with --skip-invalid (noted)")
  func skipInvalid() throws {
    let directory = try CLIRunner.temporaryDirectory()
    let sorts = [
      [-1, 0, 0, 1, 1, 0, -1, 0, 0], [1, 0, 0, -1, -1, 0, 1, 0, 0], [0, 1, -1, 0, 0, 1, 0, -1, 0],
      [0, -1, 1, 0, 0, -1, 0, 1, 0],
    ]
    var text = "sid;uid;" + (1...9).map { "s\($0)" }.joined(separator: ";") + ";npos;nneu;nneg;datetime\r\n"
    for (index, sort) in sorts.enumerated() {
      text +=
        "s;u\(index + 1);" + sort.map { $0 > 0 ? "+\($0)" : $0 == 0 ? " 0" : "\($0)" }.joined(separator: ";")
        + ";2;5;2;2019-01-01\r\n"
    }
    text += "s;pilot;+1;0;0;-1;-1;0;+1;;;2;7;2;2019-01-01\r\n"  // a pilot with 7 statements
    let file = directory.appendingPathComponent("htmlq.csv")
    try Data(text.utf8).write(to: file)
    let refused = try CLIRunner.run(["analyze", file.path, "--factors", "2"])
    #expect(refused.status != 0)
    #expect(
      refused.stderr.contains("htmlq.csv, line 6, sort pilot: has 7 scores where the other sorts have 9"),
      "\(refused.stderr)")
    let read = try CLIRunner.run(["analyze", file.path, "--factors", "2", "--skip-invalid"])
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stderr.contains("note: htmlq.csv: left out line 6 (sort pilot)"), "\(read.stderr)")
  }
}
