import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// The Analyses tab's forms as a browser posts them: the run form, "How many factors?" and its
/// promote button, flags by hand and judgmental rotation — what they store, what they refuse
/// (422 naming the field, nothing stored) and who may post them.
@Suite("Analyses pages")
struct AnalysisPagesTests {
  static let slug = "poetq-demo-synthetic-data"
  static let base = "/studies/\(slug)/analyses"

  static func demo(_ app: Application) async throws -> (TestBrowser, Study) {
    var owner = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
    #expect(try await owner.post("/studies/demo", [:]).status == .seeOther)
    return (owner, try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first()))
  }

  /// A finished analysis of every demo sort with `options`, stored as a run stores it.
  static func stored(_ study: Study, _ options: AnalysisOptions, on db: any Database) async throws
    -> (Analysis, AnalysisResult)
  {
    let data = try await StudySorts.export(study, on: db).qSortData()
    let result = try QAnalysis.run(data, options: options)
    let analysis = Analysis(
      studyID: try study.requireID(), name: "Stored",
      parameters: try AnalysisParameters(options: options, selection: AnalysisSelection()).json(),
      dataHash: result.dataFingerprint, engineVersion: result.engineVersion)
    analysis.sortIDs = try AnalysisRuns.encodeList(result.sorts)
    try await analysis.save(on: db)
    try await StoredResults.write(try result.jsonData(), analysisID: analysis.requireID(), run: "", on: db)
    return (analysis, result)
  }

  static func newest(_ db: any Database) async throws -> Analysis {
    try #require(try await Analysis.query(on: db).sort(\.$createdAt, .descending).first())
  }

  @Test("the run form stores the chosen sorts and options; bad input is refused by field and stores nothing")
  func runForm() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await Self.demo(app)
      let form = try await owner.get("\(Self.base)/new")
      #expect(form.status == .ok)
      #expect(form.body.string.contains("93 completed sort(s) available"))
      let export = try await StudySorts.export(study, on: app.db)
      let kept = export.sorts.filter { $0.site != "Site A" }.map(\.sortID).dropFirst()
      var pairs: [(String, String)] = [("name", "PCA four"), ("extraction", "pca"), ("factors", "4")]
      pairs += [("flagP", "0.01"), ("majority", "on"), ("rotation", "varimax"), ("sorts-listed", "1")]
      pairs += ["Site B", "Site C", "Site D", "Site E"].map { ("site", $0) } + kept.map { ("sort", $0) }
      let response = try await owner.post(Self.base, pairs: pairs)
      #expect(response.status == .seeOther)
      let analysis = try await Self.newest(app.db)
      #expect(response.headers.first(name: .location) == "\(Self.base)/\(try analysis.requireID())")
      let parameters = try AnalysisParameters.decode(analysis.parameters)
      #expect(parameters.selection.sites == ["Site B", "Site C", "Site D", "Site E"])
      #expect(analysis.usedSortIDs == Array(kept), "83 sorts of sites B–E, one ticked out")
      #expect(parameters.options.extraction == .pca && parameters.options.factors == 4)
      #expect(parameters.options.flagZ == SignificanceLevel.p01.z && parameters.options.flagMajority)
      #expect([.queued, .running, .done].contains(analysis.status))

      let before = try await Analysis.query(on: app.db).count()
      let refusals: [([(String, String)], String)] = [
        // Named by the form's labels, not the request's field names (issue 25).
        ([("factors", "0")], "Factors kept"), ([("factors", "five")], "Factors kept"),
        ([("factors", "3"), ("extraction", "varimax")], "Extraction"),
        ([("factors", "3"), ("site", "Nowhere")], "Sites"),
        ([("factors", "3"), ("answer.role", "x"), ("answer.sector", "y")], "Only sorts with some answer"),
        ([("factors", "3"), ("sorts-listed", "1"), ("sort", "A1")], "Leave out individual sorts"),
      ]
      let everySite = ["Site A", "Site B", "Site C", "Site D", "Site E"].map { ("site", $0) }
      for (fields, field) in refusals {
        let refused = try await owner.post(
          Self.base, pairs: fields.contains { $0.0 == "site" } ? fields : fields + everySite)
        #expect(refused.status == .unprocessableEntity, "\(fields)")
        #expect(refused.body.string.contains("\(field):"), "\(fields) names \(field)")
        #expect(refused.body.string.contains("id=\"analysis-form\""), "the form comes back")
      }
      #expect(try await Analysis.query(on: app.db).count() == before, "nothing stored")

      // A viewer reads the tab but cannot run; a stranger sees nothing.
      var viewer = try await StudyBuilderTests.signedIn(app, email: "vic@example.org", name: "Vic")
      let vic = try #require(try await User.query(on: app.db).filter(\.$email == "vic@example.org").first())
      try await StudyMembership(studyID: study.requireID(), userID: vic.requireID(), role: .viewer).save(on: app.db)
      #expect(try await viewer.get(Self.base).status == .ok)
      #expect(try await viewer.get("\(Self.base)/new").status == .forbidden)
      #expect(try await viewer.post(Self.base, pairs: [("factors", "3")]).status == .forbidden)
      var stranger = try await StudyBuilderTests.signedIn(app, email: "sam@example.org", name: "Sam")
      #expect(try await stranger.get(Self.base).status == .notFound)
      #expect(try await Analysis.query(on: app.db).count() == before)
    }
  }

  @Test("a member limited to site B analyses site B only")
  func siteLimited() async throws {
    try await withPOETQ { app in
      let (_, study) = try await Self.demo(app)
      var bo = try await StudyBuilderTests.signedIn(app, email: "bo@example.org", name: "Bo")
      let ada = try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first())
      let siteB = try #require(try await Site.query(on: app.db).filter(\.$name == "Site B").first())
      _ = try await StudyMembers.add(
        email: "bo@example.org", .init(role: .researcher, siteIDs: [try siteB.requireID()]), to: study,
        by: try ada.requireID(), baseURL: "http://127.0.0.1", on: app.db)
      let form = try await bo.get("\(Self.base)/new")
      #expect(form.body.string.contains("14 completed sort(s) available"))
      #expect(!form.body.string.contains("value=\"Site A\""))
      let refused = try await bo.post(Self.base, pairs: [("factors", "2"), ("site", "Site A")])
      #expect(refused.status == .unprocessableEntity)
      let accepted = try await bo.post(Self.base, pairs: [("factors", "2"), ("site", "Site B"), ("site-limited", "1")])
      #expect(accepted.status == .seeOther)
      let analysis = try await Self.newest(app.db)
      #expect(analysis.usedSortIDs?.allSatisfy { $0.hasPrefix("B") } == true)
      #expect(analysis.usedSortIDs?.count == 14)
    }
  }

  @Test("How many factors? shows every criterion and the solutions; Keep 5 factors stores that run")
  func factorCount() async throws {
    try await withPOETQ { app in
      var (owner, _) = try await Self.demo(app)
      let page = try await owner.get("\(Self.base)/factor-count")
      #expect(page.status == .ok)
      let html = page.body.string
      for text in ["Kaiser", "Parallel analysis", "Humphrey", "id=\"solution-card-5\"", "id=\"figure-scree\""] {
        #expect(html.contains(text), "the page shows \(text)")
      }
      let bad = try await owner.get("\(Self.base)/factor-count?threshold=2")
      #expect(bad.status == .unprocessableEntity)
      #expect(bad.body.string.contains("threshold:"))
      let promoted = try await owner.post(
        "\(Self.base)/promote", pairs: [("factors", "5"), ("extraction", "centroid")])
      #expect(promoted.status == .seeOther)
      let analysis = try await Self.newest(app.db)
      #expect(analysis.name == "Centroid, 5 factors, varimax")
      #expect(try AnalysisParameters.decode(analysis.parameters).options.factors == 5)
    }
  }

  @Test("flags by hand: an unticked flag is stored by hand, ticks equal to the rule are not; invert and split kept")
  func flagsByHand() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await Self.demo(app)
      var options = AnalysisOptions()
      options.factors = 4
      let (analysis, result) = try await Self.stored(study, options, on: app.db)
      let path = "\(Self.base)/\(try analysis.requireID())"
      #expect(try await owner.get("\(path)/flags").status == .ok)
      var pairs: [(String, String)] = []
      for (row, sort) in result.sorts.enumerated() {
        for column in 0..<4 where result.flags[row][column] { pairs.append(("flag", "\(sort)|\(column + 1)")) }
      }
      try #require(!pairs.isEmpty)
      let dropped = pairs.removeFirst()
      pairs += [("invert", "2"), ("split", "3"), ("name", "By hand")]
      #expect(try await owner.post("\(path)/flags", pairs: pairs).status == .seeOther)
      let adjusted = try AnalysisParameters.decode(try await Self.newest(app.db).parameters)
      let sort = String(dropped.1.split(separator: "|")[0])
      let remaining = pairs.filter { $0.0 == "flag" && $0.1.hasPrefix("\(sort)|") }.compactMap {
        Int($0.1.split(separator: "|")[1])
      }
      #expect(adjusted.options.manualFlags == [sort: remaining], "only the changed sort is flagged by hand")
      #expect(adjusted.options.invertedFactors == [2] && adjusted.options.splitFactors == [3])
      #expect(adjusted.selection.sorts == result.sorts, "the same sorts as the analysis it adjusts")
    }
  }

  @Test("rotation from the page: steps stored after the original's; with an inverted factor the angle is mirrored")
  func rotation() async throws {
    try await withPOETQ { app in
      var (owner, study) = try await Self.demo(app)
      var options = AnalysisOptions()
      options.factors = 3
      options.invertedFactors = [1]
      let (analysis, result) = try await Self.stored(study, options, on: app.db)
      let path = "\(Self.base)/\(try analysis.requireID())"
      let page = try await owner.get("\(path)/rotate")
      #expect(page.status == .ok)
      #expect(page.body.string.contains("id=\"rotation-data\""))

      let before = try await Analysis.query(on: app.db).count()
      for (steps, field) in [("[[1,1,5]]", "steps[0]"), ("[[1,4,5]]", "steps[0]"), ("[]", "steps"), ("x", "steps")] {
        let refused = try await owner.post("\(path)/rotate", pairs: [("steps", steps)])
        #expect(refused.status == .unprocessableEntity, "\(steps)")
        #expect(refused.body.string.contains("\(field):"), "\(steps) names \(field)")
      }
      #expect(try await Analysis.query(on: app.db).count() == before)

      #expect(try await owner.post("\(path)/rotate", pairs: [("steps", "[[1,2,10],[2,3,-5]]")]).status == .seeOther)
      let saved = try AnalysisParameters.decode(try await Self.newest(app.db).parameters)
      #expect(
        saved.options.judgmentalRotation == [
          RotationStep(first: 1, second: 2, degrees: -10), RotationStep(first: 2, second: 3, degrees: -5),
        ], "F1 is inverted: its step with F2 is mirrored; F2–F3 is not")
      // What the engine stores equals the page's arithmetic on the loadings it showed.
      let data = try await StudySorts.export(study, on: app.db).qSortData()
      let rerun = try QAnalysis.run(data, options: saved.options)
      for (row, shown) in result.loadings.enumerated() {
        var a = shown
        for (x, y, degrees) in [(0, 1, 10.0), (1, 2, -5.0)] {
          let theta = degrees * .pi / 180
          (a[x], a[y]) = (a[x] * cos(theta) + a[y] * sin(theta), -a[x] * sin(theta) + a[y] * cos(theta))
        }
        for column in 0..<3 { #expect(abs(rerun.loadings[row][column] - a[column]) < 1e-9) }
      }
    }
  }
}
