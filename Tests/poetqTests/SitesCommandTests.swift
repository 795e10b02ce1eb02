import Foundation
import Testing

/// `poetq sites` on the 100 synthetic sorts of ../shared/reference split over four sites: the
/// promised JSON keys, local analyses identical to `poetq analyze` on each site's sorts alone,
/// the text report's table order, and one clear error for each kind of bad groups file or option.
@Suite("poetq sites")
struct SitesCommandTests {
  static let sites = ["A", "B", "C", "D"]
  static let roles = ["Director", "Nurse", "Commissioner"]

  /// The synthetic data, a groups file (sort i at site i mod 4) and a directory to write in.
  static func fixture() throws -> (data: URL, groups: URL, ids: [String], directory: URL) {
    let reference = try CLIRunner.requireReference()
    let data = reference.appendingPathComponent("synth_40x100/synth_40x100.csv")
    let header = try String(contentsOf: data, encoding: .utf8).split(whereSeparator: \.isNewline)[0]
    let ids = header.split(separator: ",").dropFirst().map(String.init)
    let directory = try CLIRunner.temporaryDirectory()
    let groups = directory.appendingPathComponent("groups.csv")
    let rows = ids.enumerated().map { "\($1),\(sites[$0 % 4]),\(roles[$0 % 3])" }
    try (["sort,site,role"] + rows).joined(separator: "\n").write(to: groups, atomically: true, encoding: .utf8)
    return (data, groups, ids, directory)
  }

  /// The columns of a statements-as-rows CSV that belong to `keep`.
  static func subset(_ data: URL, keep: Set<String>, to url: URL) throws {
    let lines = try String(contentsOf: data, encoding: .utf8).split(whereSeparator: \.isNewline)
    let header = lines[0].split(separator: ",").map(String.init)
    let columns = [0] + header.indices.filter { keep.contains(header[$0]) }
    let text = lines.map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      return columns.map { String(cells[$0]) }.joined(separator: ",")
    }.joined(separator: "\n")
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test("JSON: the promised keys, and each local analysis is poetq analyze of that site's sorts (qmethod profile)")
  func jsonAndLocal() throws {
    let f = try Self.fixture()
    let output = try CLIRunner.run([
      "sites", f.data.path, "--groups", f.groups.path, "--profile", "qmethod", "--extraction", "pca",
      "--aggregate-factors", "3", "--local-factors", "B=2", "--format", "json",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    let json = try Self.json(output.stdout)
    for key in ["aggregate", "local", "prevalence", "secondOrder", "secondOrderAnalysis"] {
      #expect(json[key] != nil, "missing \(key)")
    }
    let second = try #require(json["secondOrder"] as? [String: Any])
    #expect(second["basis"] as? String == "arrays")
    #expect(second["threshold"] as? Double == 0.5)
    for key in ["correlations", "matches", "localOnly"] { #expect(second[key] != nil, "missing secondOrder.\(key)") }
    let prevalence = try #require(json["prevalence"] as? [String: [String: Any]])
    #expect(Set(prevalence.keys) == Set(Self.sites))
    #expect(prevalence["A"]?["sorts"] as? Int == 25)
    #expect((prevalence["A"]?["defining"] as? [Int])?.count == 3)
    let secondOrderSorts = try #require((json["secondOrderAnalysis"] as? [String: Any])?["sorts"] as? [String])
    #expect(secondOrderSorts.first == "A-F1")

    let local = try #require(json["local"] as? [String: [String: Any]])
    for (index, site) in Self.sites.enumerated() {
      let keep = Set(f.ids.enumerated().filter { $0.offset % 4 == index }.map(\.element))
      let subset = f.directory.appendingPathComponent("site-\(site).csv")
      try Self.subset(f.data, keep: keep, to: subset)
      var arguments = ["analyze", subset.path, "--profile", "qmethod", "--extraction", "pca", "--format", "json"]
      if site == "B" { arguments += ["--factors", "2"] }
      let direct = try CLIRunner.run(arguments)
      #expect(direct.status == 0, "\(direct.stderr)")
      let expected = try Self.json(direct.stdout)
      let mine = try #require(local[site])
      #expect(mine["sorts"] as? [String] == expected["sorts"] as? [String], "site \(site)")
      #expect(mine["loadings"] as? [[Double]] == expected["loadings"] as? [[Double]], "site \(site) loadings")
      #expect(mine["flags"] as? [[Bool]] == expected["flags"] as? [[Bool]], "site \(site) flags")
      #expect(mine["factorArrays"] as? [[Int]] == expected["factorArrays"] as? [[Int]], "site \(site) arrays")
    }
    #expect((local["B"]?["factorLabels"] as? [String])?.count == 2)
  }

  @Test("text: Tables 11, 14, 15–18 and 20 in that order; --out writes the file")
  func text() throws {
    let f = try Self.fixture()
    let out = f.directory.appendingPathComponent("sites.txt")
    let output = try CLIRunner.run([
      "sites", f.data.path, "--groups", f.groups.path, "--aggregate-factors", "3", "--out", out.path,
    ])
    #expect(output.status == 0, "\(output.stderr)")
    let text = try String(contentsOf: out, encoding: .utf8)
    let marks = ["Table 11.", "Table 14. The role", "Tables 15–18.", "Table 20."]
    let positions = marks.map { text.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil }, "\(text.prefix(400))")
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    #expect(text.contains("100 sorts at 4 sites"))
  }

  @Test("bad groups or options: one message naming the sort or site, non-zero exit, no output")
  func refusals() throws {
    let f = try Self.fixture()
    let base = ["sites", f.data.path, "--groups"]
    let good = try String(contentsOf: f.groups, encoding: .utf8)

    let unknown = f.directory.appendingPathComponent("unknown.csv")
    try (good + "\nGHOST,A,Nurse\n").write(to: unknown, atomically: true, encoding: .utf8)
    var output = try CLIRunner.run(base + [unknown.path])
    #expect(output.status != 0 && output.stdout.isEmpty)
    #expect(
      output.stderr.contains("unknown.csv, line 102, sort: sort \"GHOST\" is not in the data"), "\(output.stderr)")

    let missing = f.directory.appendingPathComponent("missing.csv")
    try good.split(separator: "\n").dropLast(2).joined(separator: "\n").write(
      to: missing, atomically: true, encoding: .utf8)
    output = try CLIRunner.run(base + [missing.path])
    #expect(output.status != 0)
    #expect(
      output.stderr.contains("sorts \"\(f.ids[98])\", \"\(f.ids[99])\" of the data have no site"), "\(output.stderr)")

    output = try CLIRunner.run(base + [f.groups.path, "--local-factors", "C=26"])
    #expect(output.status != 0)
    #expect(output.stderr.contains("site C has 25 sorts, fewer than the 26 local factors asked"), "\(output.stderr)")

    output = try CLIRunner.run(base + [f.groups.path, "--local-factors", "Q=2"])
    #expect(output.status != 0)
    #expect(output.stderr.contains("local factors for site Q, which has no sorts"), "\(output.stderr)")

    output = try CLIRunner.run(base + [f.groups.path, "--local-factors", "A3"])
    #expect(output.status != 0)
    #expect(output.stderr.contains("write SITE=N"), "\(output.stderr)")

    let noSite = f.directory.appendingPathComponent("nosite.csv")
    try "sort,site\n\(f.ids[0]),\n".write(to: noSite, atomically: true, encoding: .utf8)
    output = try CLIRunner.run(base + [noSite.path])
    #expect(output.stderr.contains("nosite.csv, line 2, site: sort \"\(f.ids[0])\" has no site"), "\(output.stderr)")
  }
}
