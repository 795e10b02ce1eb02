import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The holes of issue 24 item 2, each as the researcher limited to Site B found it: rebuilding a
/// Site A participant's sort through the API, through "Flags by hand", or reading Site A's local
/// analysis; and renaming or removing other sites.
@Suite("Site limits")
struct SiteLimitTests {
  static let slug = SiteLimitFixture.slug
  static let api = "/api/v1/studies/\(slug)"
  static let pages = "/studies/\(slug)"

  static func analysisCount(_ app: Application) async throws -> Int {
    try await Analysis.query(on: app.db).count()
  }

  static func json(_ response: TestingHTTPResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
  }

  @Test("API: the Site B lead cannot analyse a Site A sort (A1 flagged alone would be factor 1's array)")
  func apiAnalysisOfAnotherSitesSort() async throws {
    try await withPOETQ { app in
      let f = try await SiteLimitFixture.make(app)
      let (a1, b1) = (try #require(f.sortsA.first), try #require(f.sortsB.first))
      let before = try await Self.analysisCount(app)
      let response = try await f.leadAPI.post(
        "\(Self.api)/analyses",
        #"{"name": "One sort", "sorts": ["\#(a1)", "\#(b1)"], "extraction": "centroid", "factors": 1, "rotation": "none", "flags": {"\#(a1)": [1], "\#(b1)": []}}"#
      )
      #expect(response.status == .unprocessableEntity, "\(response.status): \(response.body.string)")
      #expect(response.body.string.contains("sorts[0]"), "the error names the field")
      #expect(try await Self.analysisCount(app) == before, "nothing stored")
      // Naming Site A is refused as well; the lead's own sorts are analysed.
      let siteA = try await f.leadAPI.post(
        "\(Self.api)/analyses",
        #"{"name": "A", "sites": ["Site A"], "extraction": "centroid", "factors": 1, "rotation": "none"}"#)
      #expect(siteA.status == .unprocessableEntity, "\(siteA.body.string)")
      let own = try await f.leadAPI.post(
        "\(Self.api)/analyses", #"{"name": "B", "extraction": "centroid", "factors": 1, "rotation": "none"}"#)
      #expect(own.status == .accepted, "\(own.body.string)")
      let stored = try #require(try await Analysis.query(on: app.db).sort(\.$createdAt, .descending).first())
      #expect(try AnalysisParameters.decode(stored.parameters).selection.sites == ["Site B"])
      #expect(Set(stored.usedSortIDs ?? []) == Set(f.sortsB), "the lead's analysis holds Site B's sorts only")
    }
  }

  @Test("API: factor-count of Site A's sorts is refused for the Site B lead")
  func apiFactorCountOfAnotherSite() async throws {
    try await withPOETQ { app in
      let f = try await SiteLimitFixture.make(app)
      let siteA = try await f.leadAPI.get("\(Self.api)/factor-count?sites=Site%20A")
      #expect(siteA.status == .unprocessableEntity, "\(siteA.status)")
      let sorts = try await f.leadAPI.get(
        "\(Self.api)/factor-count?sorts=\(f.sortsA.prefix(3).joined(separator: ","))")
      #expect(sorts.status == .unprocessableEntity, "\(sorts.status)")
      let own = try await f.leadAPI.get("\(Self.api)/factor-count")
      #expect(own.status == .ok, "\(own.body.string)")
      #expect(Self.json(own)["sorts"] as? Int == f.sortsB.count, "the lead's sites' sorts are counted")
    }
  }

  @Test("API: the question filter's errors count the Site B lead's sorts only, never Site A's answers")
  func apiQuestionFilterCountsOwnSortsOnly() async throws {
    try await withPOETQ { app in
      let f = try await SiteLimitFixture.make(app)
      let export = try await StudySorts.export(f.study, on: app.db)
      // An answer someone gave elsewhere; every Site B sort ticked out, so only other sites' would be left.
      let plain = /^[A-Za-z0-9 ]+$/
      let (key, answer) = try #require(
        export.sorts.filter { $0.site != "Site B" }.lazy.flatMap { sort in
          sort.answers.sorted { $0.key < $1.key }.flatMap { key, values in values.map { (key, $0) } }
        }.first { $0.1.wholeMatch(of: plain) != nil })
      let elsewhere = export.sorts.filter { $0.site != "Site B" && $0.answers[key]?.contains(answer) == true }.count
      #expect(elsewhere >= 1)
      let exclude = f.sortsB.map { "\"\($0)\"" }.joined(separator: ", ")
      let response = try await f.leadAPI.post(
        "\(Self.api)/analyses",
        #"{"name": "Q", "question": {"key": "\#(key)", "answers": ["\#(answer)"]}, "exclude": [\#(exclude)], "extraction": "centroid", "factors": 1, "rotation": "none"}"#
      )
      #expect(response.status == .unprocessableEntity, "\(response.status): \(response.body.string)")
      #expect(
        response.body.string.contains("the selection holds no completed sort"),
        "the count is of Site B's sorts (\(elsewhere) elsewhere): \(response.body.string)")
    }
  }

  @Test("API: Site A's analysis is not found; the all-sites one comes as a whole, without a Site A row")
  func apiAnalysesOfOtherSites() async throws {
    try await withPOETQ { app in
      let f = try await SiteLimitFixture.make(app)
      for path in [
        "", "/config", "/compare/\(f.localB)", "/report.html", "/workbook.xlsx", "/result.json", "/factors/1",
      ] {
        let response = try await f.leadAPI.get("\(Self.api)/analyses/\(f.localA)\(path)")
        #expect(response.status == .notFound, "GET …/analyses/<Site A>\(path): \(response.status)")
      }
      let list = try await f.leadAPI.get("\(Self.api)/analyses")
      #expect(!list.body.string.contains(f.localA.uuidString), "Site A's analysis is not listed")
      #expect(list.body.string.contains(f.allSites.uuidString) && list.body.string.contains(f.localB.uuidString))
      let whole = try await f.leadAPI.get("\(Self.api)/analyses/\(f.allSites)")
      #expect(whole.status == .ok)
      #expect(f.leaks(in: whole.body).isEmpty, "\(f.leaks(in: whole.body))")
      let result = try #require(Self.json(whole)["result"] as? [String: Any])
      #expect((result["sorts"] as? [Any])?.isEmpty == true && (result["loadings"] as? [Any])?.isEmpty == true)
      #expect((result["factorArrays"] as? [Any])?.count == 40, "the factor arrays stay")
      let own = try await f.leadAPI.get("\(Self.api)/analyses/\(f.localB)")
      #expect(((Self.json(own)["result"] as? [String: Any])?["sorts"] as? [String]) == f.sortsB)
      // Compared with the lead's own analysis, it stays a whole: arrays matched, no sort's flags.
      let compared = try await f.leadAPI.get("\(Self.api)/analyses/\(f.localB)/compare/\(f.allSites)")
      #expect(compared.status == .ok && f.leaks(in: compared.body).isEmpty, "\(f.leaks(in: compared.body))")
      #expect((Self.json(compared)["flagChanges"] as? [Any])?.isEmpty == true)
      #expect((Self.json(compared)["onlyInFirst"] as? [Any])?.isEmpty == true)
      // Re-running or interpreting the all-sites analysis is for members who see all of it.
      #expect(try await f.leadAPI.post("\(Self.api)/analyses/\(f.allSites)/rerun", "{}").status == .forbidden)
      #expect(
        try await f.leadAPI.put("\(Self.api)/analyses/\(f.allSites)/factors/1", #"{"name": "Mine"}"#).status
          == .forbidden)
    }
  }

  @Test("Pages: “Flags by hand” and rotation of the owner's all-sites analysis are refused to the Site B lead")
  func flagsByHandOnTheAllSitesAnalysis() async throws {
    try await withPOETQ { app in
      var f = try await SiteLimitFixture.make(app)
      let base = "\(Self.pages)/analyses/\(f.allSites)"
      let page = try await f.lead.get("\(base)/flags")
      #expect(page.status == .forbidden, "\(page.status)")
      #expect(f.leaks(in: page.body).isEmpty, "\(f.leaks(in: page.body).prefix(3))")
      try await f.lead.get("\(Self.pages)/analyses/new")
      let before = try await Self.analysisCount(app)
      let a1 = try #require(f.sortsA.first)
      let saved = try await f.lead.post(
        "\(base)/flags", pairs: [("name", "Only A1"), ("flag", "\(a1)|1")])
      #expect(saved.status == .forbidden, "\(saved.status)")
      #expect(try await f.lead.get("\(base)/rotate").status == .forbidden)
      try await f.lead.get("\(Self.pages)/analyses/new")
      let rotated = try await f.lead.post("\(base)/rotate", pairs: [("first", "1"), ("second", "2"), ("degrees", "5")])
      #expect(rotated.status == .forbidden)
      try await f.lead.get("\(Self.pages)/analyses/new")
      #expect(try await f.lead.post("\(base)/rerun", [:]).status == .forbidden)
      #expect(try await Self.analysisCount(app) == before, "nothing stored")
      // The analysis itself reads as a whole: the arrays, no Site A row, no way to adjust it.
      let whole = try await f.lead.get(base)
      #expect(whole.status == .ok)
      #expect(f.leaks(in: whole.body).isEmpty, "\(f.leaks(in: whole.body).prefix(3))")
      #expect(!whole.body.string.contains("\(base)/flags"))
      for download in AnalysisDownload.allCases {
        let file = try await f.lead.get("\(base)/\(download.rawValue)")
        #expect(file.status == .ok, "\(download.rawValue)")
        #expect(f.leaks(in: file.body).isEmpty, "\(download.rawValue): \(f.leaks(in: file.body).prefix(3))")
      }
      let factor = try await f.lead.get("\(base)/factors/1")
      #expect(factor.status == .ok && f.leaks(in: factor.body).isEmpty, "\(f.leaks(in: factor.body).prefix(3))")
      let compared = try await f.lead.get("\(Self.pages)/analyses/\(f.localB)/compare?with=\(f.allSites)")
      #expect(compared.status == .ok && f.leaks(in: compared.body).isEmpty, "\(f.leaks(in: compared.body).prefix(3))")
      // Flags by hand on the lead's own sites' analysis still work.
      #expect(try await f.lead.get("\(Self.pages)/analyses/\(f.localB)/flags").status == .ok)
    }
  }

  @Test("Pages: Site A's local analysis, its report and workbook are not found by the Site B lead")
  func localAnalysisOfAnotherSite() async throws {
    try await withPOETQ { app in
      var f = try await SiteLimitFixture.make(app)
      let base = "\(Self.pages)/analyses/\(f.localA)"
      var paths = ["", "/status", "/config.json", "/compare?with=\(f.localB)", "/flags", "/rotate", "/factors/1"]
      paths += AnalysisDownload.allCases.map { "/\($0.rawValue)" }
      for path in paths {
        let response = try await f.lead.get(base + path)
        #expect(response.status == .notFound, "GET …/analyses/<Site A>\(path): \(response.status)")
      }
      let compared = try await f.lead.get("\(Self.pages)/analyses/\(f.localB)/compare?with=\(f.localA)")
      #expect(compared.status == .notFound, "compared with Site A's: \(compared.status)")
      let list = try await f.lead.get("\(Self.pages)/analyses")
      #expect(!list.body.string.contains(f.localA.uuidString), "not listed")
      // The owner still reads it.
      #expect(try await f.owner.get(base).status == .ok)
    }
  }

  @Test("Sites: the Site B lead cannot add, rename or remove sites, on the pages or through the API")
  func siteManagement() async throws {
    try await withPOETQ { app in
      var f = try await SiteLimitFixture.make(app)
      #expect(try await f.owner.post("\(Self.pages)/sites", ["name": "Site F"]).status == .seeOther)
      let siteF = try await PeopleAndRolesTests.siteID(app, "Site F")
      let before = try await DesignSnapshot.of(Self.slug, on: app.db).sites
      let page = try await f.lead.get("\(Self.pages)/sites")
      #expect(page.status == .ok)
      #expect(!page.body.string.contains("action=\"/studies/\(Self.slug)/sites"), "no site forms for the lead")
      try await f.lead.get("\(Self.pages)/analyses/new")
      #expect(try await f.lead.post("\(Self.pages)/sites/\(f.siteA)", ["name": "Renamed"]).status == .forbidden)
      #expect(try await f.lead.post("\(Self.pages)/sites/\(siteF)/delete", [:]).status == .forbidden)
      #expect(try await f.lead.post("\(Self.pages)/sites", ["name": "Site G"]).status == .forbidden)
      #expect(try await f.leadAPI.patch("\(Self.api)/sites/\(f.siteA)", #"{"name": "Renamed"}"#).status == .forbidden)
      #expect(try await f.leadAPI.delete("\(Self.api)/sites/\(siteF)").status == .forbidden)
      #expect(try await f.leadAPI.post("\(Self.api)/sites", #"{"name": "Site G"}"#).status == .forbidden)
      #expect(try await DesignSnapshot.of(Self.slug, on: app.db).sites == before, "no site changed")
      // The owner still manages them.
      #expect(try await f.owner.post("\(Self.pages)/sites/\(siteF)/delete", [:]).status == .seeOther)
    }
  }
}
