import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting
import ZIPFoundation

@testable import App

/// The demo study (93 sorts at sites A–E) with a researcher limited to Site B — in the browser and
/// with an API token — and three stored analyses: of every site's sorts (with factor 1's quote
/// pinned from a Site A exemplar when one commented), of Site A's sorts only, and of Site B's. What
/// Site A's sorts would give away (their ids, participant codes, comments) is collected to look
/// for in answers.
struct SiteLimitFixture {
  static let slug = PeopleAndRolesTests.slug
  var owner: TestBrowser
  var lead: TestBrowser
  let leadAPI: APIClient
  let study: Study
  let siteA: UUID
  let siteB: UUID
  /// Analyses: every site's sorts, Site A's only, Site B's only.
  let allSites: UUID
  let localA: UUID
  let localB: UUID
  let participantA: UUID
  let sortsA: [String]
  let sortsB: [String]
  let codesA: [String]
  /// Comments written at Site A only (no other site wrote the same words).
  let commentsA: [String]

  static func make(_ app: Application) async throws -> SiteLimitFixture {
    var owner = try await PeopleAndRolesTests.demo(app)
    let siteA = try await PeopleAndRolesTests.siteID(app, "Site A")
    let siteB = try await PeopleAndRolesTests.siteID(app, "Site B")
    let added = try await owner.post(
      "/studies/\(slug)/people",
      pairs: [("email", "cy@example.org"), ("role", "researcher"), ("sites[]", siteB.uuidString)])
    #expect(added.status == .seeOther)
    let lead = try await PeopleAndRolesTests.signIn(app, "cy@example.org")
    let cy = try #require(try await User.query(on: app.db).filter(\.$email == "cy@example.org").first())
    let token = try await APITokens.create(name: "site lead", for: cy.requireID(), on: app.db)
    let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
    let export = try await StudySorts.export(study, on: app.db)
    var options = AnalysisOptions()
    options.factors = 3
    let (allSites, result) = try await store(
      app, study, "Every site", AnalysisSelection(), options, export.sorts)
    let localA = try await store(
      app, study, "Site A alone", AnalysisSelection(sites: ["Site A"]), options,
      export.sorts.filter { $0.site == "Site A" }
    ).0
    let localB = try await store(
      app, study, "Site B alone", AnalysisSelection(sites: ["Site B"]), options,
      export.sorts.filter { $0.site == "Site B" }
    ).0
    let atA = export.sorts.filter { $0.site == "Site A" }
    let elsewhere = Set(export.sorts.filter { $0.site != "Site A" }.flatMap(\.comments.values))
    let commentsA = Array(Set(atA.flatMap(\.comments.values).filter { $0.count >= 20 && !elsewhere.contains($0) }))
    // The owner pins a Site A exemplar's comment on factor 1 of the all-sites analysis.
    let exemplarsA = result.exemplars[0].map(\.sort).filter { id in atA.contains { $0.sortID == id } }
    if let quoted = atA.first(where: { exemplarsA.contains($0.sortID) && !$0.comments.isEmpty }),
      let statement = quoted.comments.keys.min(), let text = quoted.comments[statement]
    {
      let analysis = try #require(try await Analysis.find(allSites, on: app.db))
      _ = try await InterpretationStore.save(
        FactorInterpretation(
          name: "Ideal world", description: "", argument: "", viewedByOthers: "", codeNotes: [:],
          quotes: [PinnedQuote(sort: quoted.sortID, statement: statement, text: text)]),
        factor: 1, baseRevision: nil, analysis: analysis, result: result, codes: [], study: study,
        by: try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first()).requireID(),
        on: app.db)
    }
    let participants = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID())
      .filter(\.$site.$id == siteA).filter(\.$isPreview == false).all()
    return SiteLimitFixture(
      owner: owner, lead: lead, leadAPI: APIClient(app: app, token: token), study: study, siteA: siteA,
      siteB: siteB, allSites: allSites, localA: localA, localB: localB,
      participantA: try #require(participants.first { $0.status == .completed }).requireID(),
      sortsA: atA.map(\.sortID), sortsB: export.sorts.filter { $0.site == "Site B" }.map(\.sortID),
      codesA: participants.map(\.code), commentsA: commentsA)
  }

  /// A finished analysis of `sorts` stored as a run stores it.
  static func store(
    _ app: Application, _ study: Study, _ name: String, _ selection: AnalysisSelection, _ options: AnalysisOptions,
    _ sorts: [CompletedSort]
  ) async throws -> (UUID, AnalysisResult) {
    var export = try await StudySorts.export(study, on: app.db)
    export.sorts = sorts
    let result = try QAnalysis.run(try export.qSortData(), options: options)
    let analysis = Analysis(
      studyID: try study.requireID(), name: name,
      parameters: try AnalysisParameters(options: options, selection: selection).json(),
      dataHash: result.dataFingerprint, engineVersion: result.engineVersion)
    analysis.sortIDs = try AnalysisRuns.encodeList(result.sorts)
    try await analysis.save(on: app.db)
    try await StoredResults.write(try result.jsonData(), analysisID: analysis.requireID(), run: "", on: app.db)
    return (try analysis.requireID(), result)
  }

  /// What of Site A's sorts `body` gives away (empty when nothing): a sort id (as a word of its own,
  /// not the start of a UUID),
  /// a participant's code, a comment. ZIP packages (DOCX, XLSX, the CSV bundle) are read part by part.
  func leaks(in body: ByteBuffer) -> [String] {
    let bytes = Data(body.readableBytesView)
    var texts: [String] = []
    if bytes.starts(with: [0x50, 0x4B]), let archive = try? Archive(data: bytes, accessMode: .read) {
      for entry in archive {
        var part = Data()
        _ = try? archive.extract(entry) { part.append($0) }
        // The parts' text, without the markup (a sheet's cell references are "A1", "A2"…).
        texts.append(String(decoding: part, as: UTF8.self).replacing(/<[^>]*>/, with: " "))
      }
    } else {
      texts.append(String(decoding: bytes, as: UTF8.self))
    }
    var found: [String] = []
    for text in texts {
      // Styles and inline images are not text anyone reads (and hold letter-digit runs).
      let plain = text.replacing(/<style>[\s\S]*?<\/style>/, with: "").replacing(/data:[A-Za-z\/+;]+,[^"')]*/, with: "")
        // The Data tab's help names example ids.
        .replacingOccurrences(of: "(A1, B2 …)", with: "")
      for id in sortsA
      where plain.range(of: "(?<![A-Za-z0-9#_-])\(id)(?![A-Za-z0-9_-])", options: .regularExpression) != nil {
        found.append("sort \(id)")
      }
      for code in codesA where plain.contains(code) { found.append("code \(code)") }
      for comment in commentsA where plain.contains(comment) || plain.contains(Self.escaped(comment)) {
        found.append("comment “\(comment.prefix(30))…”")
      }
    }
    return found
  }

  /// `text` as HTML, XML and JSON write it (apostrophes and quotes escaped).
  static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;")
      .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
  }
}
