import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The run form's factor counts (issue 25): kept ≤ extracted ≤ the smaller of statements − 1 and
/// sorts − 1, PQMethod's 7 (centroid) / 8 (PCA) extracted prefilled within that bound, Horst empty;
/// a refusal names the form's labels and the bound, never the API's field names or a flag.
@Suite("The run form: factor bounds and the form's words")
struct RunFormBoundsTests {
  /// Whether `text` names a command-line flag ("--factors"), not an HTML comment or a CSS variable.
  static func namesFlag(_ text: some StringProtocol) -> Bool {
    String(text).contains(/(?:^|[^\-!<(\w])--[a-z][a-z\-]+/)
  }

  static let sites = ["Site A", "Site B", "Site C", "Site D", "Site E"].map { ("site", $0) }

  @Test("the form prefills 3 kept and 7 extracted for centroid, with the per-method defaults for its script")
  func prefilled() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let export = try await StudySorts.export(study, on: app.db)
      let most = min(export.statements.count - 1, export.sorts.count - 1)
      let page = try await owner.get("\(AnalysisPagesTests.base)/new")
      #expect(page.status == .ok)
      let html = page.body.string
      #expect(html.contains(#"id="factors" name="factors" value="3""#))
      #expect(html.contains(#"id="extractedFactors" name="extractedFactors" value="7""#))
      #expect(html.contains(#"data-centroid="7" data-pca="8" data-horst="""#))
      #expect(html.contains("at most \(most)"), "the hint gives the bound")
    }
  }

  @Test("kept above extracted, extracted above the bound, kept above the bound: 422 in the form's words")
  func bounds() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await AnalysisPagesTests.demo(app)
      let export = try await StudySorts.export(study, on: app.db)
      let most = min(export.statements.count - 1, export.sorts.count - 1)
      let base = AnalysisPagesTests.base
      let before = try await Analysis.query(on: app.db).count()
      let cases: [([(String, String)], String)] = [
        ([("factors", "5"), ("extractedFactors", "4")], "Factors extracted: extract 5 to \(most) factors"),
        ([("factors", "3"), ("extractedFactors", "\(most + 1)")], "at most \(most)"),
        ([("factors", "\(most + 1)"), ("extractedFactors", "")], "Factors kept: keep 1 to \(most) factors"),
        ([("extraction", "pca"), ("factors", ""), ("extractedFactors", "")], "Factors kept: say how many"),
      ]
      for (fields, expected) in cases {
        let response = try await owner.post(base, pairs: [("extraction", "centroid")] + fields + Self.sites)
        #expect(response.status == .unprocessableEntity, "\(fields)")
        let text = response.body.string
        #expect(text.contains(expected), "\(fields): \(text.prefix(0))")
        #expect(!text.contains("extractedFactors:"), "the form's label, not the field name")
        #expect(!Self.namesFlag(text), "no command-line flag")
        #expect(text.contains("statements − 1 and sorts − 1"), "the bound is explained")
      }
      #expect(try await Analysis.query(on: app.db).count() == before, "nothing stored")
    }
  }

  @Test("the API names its fields and the same bound")
  func apiBounds() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let export = try await StudySorts.export(study, on: app.db)
      let most = min(export.statements.count - 1, export.sorts.count - 1)
      let response = try await client.post(
        "/api/v1/studies/\(study.slug)/analyses",
        #"{"name": "x", "extraction": "centroid", "factors": 3, "extractedFactors": \#(most + 1), "rotation": "varimax"}"#
      )
      #expect(response.status == .unprocessableEntity)
      #expect(response.body.string.contains("extractedFactors: extract 3 to \(most) factors"))
    }
  }

  @Test("engine errors reach the web with the pages' controls as remedies, never a flag")
  func engineMessagesOnTheWeb() throws {
    // Every remedy, worded for the web.
    for remedy: Remedy in [
      .skipInvalid(plural: false), .skipInvalid(plural: true), .readFree, .giveEncoding,
      .chooseFactors(maximum: 7),
    ] {
      #expect(!remedy.webWording.contains("--"), "\(remedy)")
      #expect(!remedy.neutralWording.contains("--"), "\(remedy)")
    }
    // The engine's failing cases, as the runner, the import and the factor-count pages word them.
    var failures: [QMethodError] = []
    let pilot = "id,1,2,3\ns1,-1,0,1\ns2,1,0,-1\npilot,1,0\n"
    let offGrid = "id,1,2,3,4\nA,-1,0,0,1\nB,1,0,0,-1\nC,0,-1,1,0\nD,1,1,-1,-1\n"
    for (text, name, options) in [
      (pilot, "pilot.csv", ReadOptions()), (offGrid, "grid.csv", ReadOptions()),
      ("id,1,2\nA,1,-1\nB,-1,1\n", "bad.csv", ReadOptions(encoding: .utf8)),
    ] {
      do {
        // The last file ends in bytes that are not UTF-8, read as UTF-8 all the same.
        let bytes = Data(text.utf8) + (name == "bad.csv" ? Data([0x93, 0xFA, 0x0A]) : Data())
        _ = try QDataReader.read(data: bytes, fileName: name, options: options)
      } catch {
        failures.append(error)
      }
    }
    let data = try QSortData(
      statements: (1...4).map { Statement(number: $0) }, sortIDs: ["A", "B", "C"],
      distribution: .free(minScore: -1, maxScore: 1), scores: [-1, 0, 0, 1, 1, 0, 0, -1, 0, -1, 1, 0])
    var options = AnalysisOptions()
    options.factors = 40
    do { _ = try QAnalysis.run(data, options: options) } catch { failures.append(error) }
    #expect(failures.count >= 3, "\(failures)")
    #expect(failures.contains { !$0.remedies.isEmpty })
    for error in failures {
      #expect(!Self.namesFlag(error.webMessage), "\(error.webMessage)")
      #expect(!Self.namesFlag(error.description), "\(error.description)")
    }
    let factors = try #require(failures.last)
    #expect(factors.webMessage.contains("“Factors kept”"), "\(factors.webMessage)")
  }

  /// Every message path the web shows, read from the sources: the engine, the reports and the app's
  /// controllers, DTOs and templates name no command-line flag (comments aside). The shell hint of
  /// the first-run page and the CLI's own user commands are the command line's.
  @Test("no string the engine, reports or pages show names a command-line flag")
  func sourcesNameNoFlag() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let folders = [
      "Sources/QMethod", "Sources/POETQKit", "Sources/App/Controllers", "Sources/App/DTOs", "Sources/App/Views",
      "Sources/App/Services/Analyses", "Sources/App/Services/Reports", "Sources/App/Services/StudyData",
      "Sources/App/Services/Sites", "Resources/Views",
    ]
    var found: [String] = []
    for folder in folders {
      let url = root.appendingPathComponent(folder)
      guard let files = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { continue }
      for case let file as URL in files where ["swift", "leaf"].contains(file.pathExtension) {
        let text = try String(contentsOf: file, encoding: .utf8)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          let code = line.trimmingCharacters(in: .whitespaces)
          if code.hasPrefix("//") || code.hasPrefix("*") { continue }
          let beforeComment = code.components(separatedBy: " // ").first ?? code
          if Self.namesFlag(beforeComment) {
            found.append("\(folder)/\(file.lastPathComponent):\(number + 1): \(code)")
          }
        }
      }
    }
    #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
  }
}
