import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// A participant's withdrawal reaches every interpretation, page and download of the analyses that
/// used their sort; such analyses can be deleted.
@Suite("Withdrawal reaches every report")
struct WithdrawalReachTests {
  static let slug = InterpretationTests.slug

  /// The demo with a stored 5-factor analysis of its sorts (recording them, as a run does) and a
  /// comment of an exemplar of factor 1 pinned to it: the owner, the analysis, the quote.
  static func pinnedQuote(_ app: Application) async throws -> (TestBrowser, Analysis, PinnedQuote) {
    var (owner, analysis, result) = try await InterpretationTests.demoAnalysis(app)
    analysis.sortIDs = try AnalysisRuns.encodeList(result.sorts)
    try await analysis.save(on: app.db)
    let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
    let sorts = try await StudySorts.completed(study, on: app.db)
    // A comment long enough and plain enough to look for word for word in every file.
    let quote = try #require(
      result.exemplars[0].lazy.compactMap { exemplar in sorts.first { $0.sortID == exemplar.sort } }
        .flatMap { sort in sort.comments.sorted { $0.key < $1.key }.map { (sort.sortID, $0.key, $0.value) } }
        .first { $0.2.count >= 30 && $0.2.prefix(30).allSatisfy { $0.isLetter || $0 == " " } }
        .map { PinnedQuote(sort: $0.0, statement: $0.1, text: $0.2) },
      "an exemplar of factor 1 left a plain comment")
    let base = "/studies/\(slug)/analyses/\(try analysis.requireID())"
    let saved = try await owner.post(
      "\(base)/factors/1",
      pairs: [
        ("revision", "0"), ("name", "Ideal world commissioning"), ("quote", "\(quote.sort)|\(quote.statement)"),
      ])
    #expect(saved.status == .seeOther)
    return (owner, analysis, quote)
  }

  static func withdraw(_ owner: inout TestBrowser, sort: String, on app: Application) async throws {
    let participant = try #require(try await Participant.query(on: app.db).filter(\.$sortID == sort).first())
    let withdrawn = try await owner.post(
      "/studies/\(slug)/participants/\(try participant.requireID())/withdraw", ["confirm": "yes"])
    #expect(withdrawn.status == .seeOther)
  }

  @Test(
    "a withdrawn sort's pinned quote leaves every interpretation; the factor page, the analysis page and every download say so first"
  )
  func withdrawalReachesReports() async throws {
    try await withPOETQ { app in
      var (owner, analysis, quote) = try await Self.pinnedQuote(app)
      let id = try analysis.requireID()
      let base = "/studies/\(Self.slug)/analyses/\(id)"
      // The demo's comments repeat across participants, so what must go is this quote as pinned:
      // the words with its sort and statement, as each file writes them.
      let needle = "Sort \(quote.sort), on statement \(quote.statement):"
      let docxNeedle = "(sort \(quote.sort), on statement \(quote.statement))"
      let tableNeedle = "(\(quote.sort), statement \(quote.statement))"
      let checkbox = "value=\"\(quote.sort)|\(quote.statement)\""
      #expect(try await owner.get("\(base)/report.html").body.string.contains(needle), "pinned before")
      #expect(try await owner.get("\(base)/factors/1").body.string.contains(checkbox), "pinned before")

      try await Self.withdraw(&owner, sort: quote.sort, on: app)
      let notice = "Computed before participant \(quote.sort) withdrew; re-run to remove their sort."
      let stored = try await InterpretationStore.one(analysisID: id, factor: 1, on: app.db)
      #expect(stored.interpretation.quotes.isEmpty, "the words are gone from the stored interpretation")
      #expect(stored.interpretation.name == "Ideal world commissioning", "the rest of the writing stays")
      #expect(stored.interpretation.removalNotes == ["1 quote removed: its participant withdrew."])
      #expect(!stored.interpretation.removedQuotes.isEmpty && stored.revision == 2, "an open page cannot save back")
      let content = try #require(
        try await InterpretationRecord.query(on: app.db).filter(\.$analysis.$id == id).first()
      ).content
      #expect(!content.contains(quote.text), "not in the database either")

      let factor = try await owner.get("\(base)/factors/1").body.string
      #expect(factor.contains("1 quote removed: its participant withdrew."))
      #expect(factor.contains(notice))
      #expect(!factor.contains(checkbox), "the withdrawn sort's comments are gone from the page")
      #expect(try await owner.get(base).body.string.contains(notice))

      let html = try await owner.get("\(base)/report.html").body.string
      #expect(!html.contains(needle))
      let head = try #require(html.range(of: "</header>")).lowerBound
      #expect(html[..<head].contains(notice), "on the report's first page")

      let docx = try await owner.get("\(base)/report.docx")
      if let paragraphs = try DownloadText.docx(Data(docx.body.readableBytesView)) {
        #expect(paragraphs.prefix(3).contains(notice), "under the title: \(paragraphs.prefix(3))")
        #expect(!paragraphs.contains { $0.contains(docxNeedle) })
      }
      let xlsx = try await owner.get("\(base)/workbook.xlsx")
      if let book = try DownloadText.xlsx(Data(xlsx.body.readableBytesView)) {
        #expect(book.cells.first?.dropFirst().first == ["Withdrawal", notice], "first sheet, first row")
        #expect(!book.cells.joined().joined().contains { $0.contains(tableNeedle) })
      }
      let zip = try await owner.get("\(base)/tables.zip")
      if let files = try DownloadText.zip(Data(zip.body.readableBytesView)) {
        #expect(files["overview.csv"]?.split(separator: "\n").dropFirst().first?.contains(notice) == true)
        #expect(files["report.lis"]?.hasPrefix("NOTE: \(notice)") == true)
        #expect(!files.values.contains { $0.contains(tableNeedle) })
      }
      #expect(try await owner.get("\(base)/report.lis").body.string.hasPrefix("NOTE: \(notice)"))

      // Neither the page nor the API can pin the withdrawn participant's words back.
      let owner2 = try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first())
      let client = APIClient(
        app: app, token: try await APITokens.create(name: "t", for: owner2.requireID(), on: app.db))
      let put = try await client.send(
        .PUT, "/api/v1/studies/\(Self.slug)/analyses/\(id)/factors/1",
        json:
          #"{"name": "x", "quotes": [{"sort": "\#(quote.sort)", "statement": \#(quote.statement), "text": "back"}]}"#)
      #expect(put.status == .unprocessableEntity)
      #expect(put.body.string.contains("quotes[0].sort"))
    }
  }

  @Test("an analysis is deleted with its results and interpretations, confirmed and audited; a viewer cannot")
  func deleteAnalysis() async throws {
    try await withPOETQ { app in
      var (owner, analysis, _) = try await Self.pinnedQuote(app)
      let id = try analysis.requireID()
      let base = "/studies/\(Self.slug)/analyses/\(id)"
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == Self.slug).first())
      var viewer = try await StudyBuilderTests.signedIn(app, email: "vic@example.org", name: "Vic")
      let vic = try #require(try await User.query(on: app.db).filter(\.$email == "vic@example.org").first())
      try await StudyMembership(studyID: study.requireID(), userID: vic.requireID(), role: .viewer).save(on: app.db)
      #expect(try await viewer.get(base).status == .ok)
      #expect(try await viewer.post("\(base)/delete", ["confirm": "yes"]).status == .forbidden)

      let page = try await owner.get(base).body.string
      #expect(page.contains("id=\"delete-analysis\""))
      // The loadings table links each sort id to its participant, with the site filled.
      #expect(page.contains("<th scope=\"row\"><a href=\"/studies/\(Self.slug)/participants/"))
      #expect(page.contains("<td>Site A</td>"))
      let unconfirmed = try await owner.post("\(base)/delete", [:])
      #expect(unconfirmed.status == .unprocessableEntity)
      #expect(unconfirmed.body.string.contains("confirm:"))
      #expect(try await Analysis.find(id, on: app.db) != nil, "nothing deleted")

      let deleted = try await owner.post("\(base)/delete", ["confirm": "yes"])
      #expect(deleted.status == .seeOther)
      #expect(deleted.headers.first(name: .location) == "/studies/\(Self.slug)/analyses")
      #expect(try await Analysis.find(id, on: app.db) == nil)
      #expect(try await InterpretationRecord.query(on: app.db).filter(\.$analysis.$id == id).count() == 0)
      #expect(try await AnalysisResultPart.query(on: app.db).filter(\.$analysis.$id == id).count() == 0)
      #expect(try await owner.get(base).status == .notFound)
      #expect(try await owner.get("\(base)/report.html").status == .notFound)
      let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "analysis.deleted").all()
      #expect(audit.count == 1 && audit.first?.detail.contains("Centroid, 5 factors") == true)
    }
  }

  @Test("DELETE /api/v1/studies/{slug}/analyses/{id}: 204 then 404; a viewer is refused")
  func deleteByAPI() async throws {
    try await withPOETQ { app in
      let (_, study) = try await AnalysisPagesTests.demo(app)
      var options = AnalysisOptions()
      options.factors = 3
      let (analysis, _) = try await AnalysisPagesTests.stored(study, options, on: app.db)
      let ada = try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first())
      let client = APIClient(app: app, token: try await APITokens.create(name: "t", for: ada.requireID(), on: app.db))
      let (vic, viewerClient) = try await APIClient.researcher(app, email: "vic@example.org")
      try await StudyMembership(studyID: study.requireID(), userID: vic.requireID(), role: .viewer).save(on: app.db)
      let path = "/api/v1/studies/\(Self.slug)/analyses/\(try analysis.requireID())"
      #expect(try await viewerClient.send(.DELETE, path).status == .forbidden)
      #expect(try await client.get(path).status == .ok)
      #expect(try await client.send(.DELETE, path).status == .noContent)
      #expect(try await client.get(path).status == .notFound)
      #expect(try await client.send(.DELETE, path).status == .notFound)
    }
  }
}
