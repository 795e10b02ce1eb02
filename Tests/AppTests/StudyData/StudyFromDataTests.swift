import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// "New study from data": LIPSET as a PQMethod .DAT + .STA, as a CSV and as a KADE workbook each
/// becomes a closed study owned by its creator, with 33 statements, the −4…+4 grid, one site and
/// 9 sorts, whose analysis equals the engine's on the file; lying files create nothing.
@Suite("New study from data")
struct StudyFromDataTests {
  static let lipsetGrid = "-4…+4, forced: 2 3 4 5 5 5 4 3 2 statements per column"

  /// Uploads `files`, checks the preview, confirms it, and returns the study made.
  static func create(
    _ browser: inout TestBrowser, _ app: Application, files: [(field: String, name: String, data: Data)],
    title: String, site: String, encoding: String = "UTF-8"
  ) async throws -> Study {
    _ = try await browser.get("/studies/from-data")
    let preview = try await browser.upload("/studies/from-data", files: files)
    let html = preview.body.string
    #expect(preview.status == .ok, "\(html.prefix(400))")
    #expect(html.contains("<dd id=\"preview-title\">\(title)</dd>"))
    #expect(html.contains("<dd id=\"preview-statements\">33</dd>"))
    #expect(html.contains("<dd id=\"preview-grid\">\(lipsetGrid)</dd>"))
    #expect(html.contains("<dd id=\"preview-sorts\">9 in the file, 9 to import</dd>"))
    #expect(html.contains("<dd id=\"preview-site\">\(site)</dd>"))
    #expect(html.contains("id=\"preview-encoding\">\(encoding)"))
    #expect(!html.contains("left-out-title"), "no sort is left out")
    #expect(try await Study.query(on: app.db).filter(\.$title == title).count() == 0, "the preview creates nothing")
    let confirmed = try await browser.post("/studies/from-data/confirm", pairs: TestBrowser.hiddenFields(html))
    #expect(confirmed.status == .seeOther)
    let study = try #require(try await Study.query(on: app.db).filter(\.$title == title).first())
    #expect(confirmed.headers.first(name: .location) == "/studies/\(study.slug)")
    return study
  }

  @Test(
    "LIPSET .DAT + .STA, CSV and KADE workbook: each a closed study of 33 statements and 9 sorts at one site, owned and audited; PCA 3 equals the engine's on the file"
  )
  func lipsetThreeWays() async throws {
    try StudyFromDataFixture.requireReference()
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      let owner = try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first())
      #expect(try await browser.get("/studies").body.string.contains("href=\"/studies/from-data\""))
      let title = "lipset: Lipset (1963) value patterns, cf. Brown 1980"
      let uploads: [(files: [(field: String, name: String, data: Data)], title: String, site: String)] = [
        (
          [
            ("dat", "LIPSET.DAT", try StudyFromDataFixture.file("LIPSET.DAT")),
            ("sta", "LIPSET.STA", try StudyFromDataFixture.file("LIPSET.STA")),
          ], title, "LIPSET"
        ),
        ([("file", "lipset.csv", try StudyFromDataFixture.file("lipset.csv"))], "lipset", "lipset"),
        ([("file", "lipset-kade.xlsx", try StudyFromDataFixture.kadeWorkbook())], "Lipset from KADE", "lipset-kade"),
      ]
      let texts = try StudyFromDataFixture.lipset().statements.map(\.text)
      for (index, upload) in uploads.enumerated() {
        let study = try await Self.create(
          &browser, app, files: upload.files, title: upload.title, site: upload.site,
          encoding: index == 2 ? "UTF-8 (an Excel workbook)" : "UTF-8")
        let studyID = try study.requireID()
        #expect(study.status == .closed, "sorts collected elsewhere: closed to participants")
        #expect(study.distributionKind == .forced)
        let design = try await StudyDesign.load(study, on: app.db)
        #expect(design.statements.map(\.number) == Array(1...33))
        if index != 1 { #expect(design.statements.map(\.text) == texts) }  // the CSV names them sta_1 …
        #expect(design.columns.map(\.capacity) == [2, 3, 4, 5, 5, 5, 4, 3, 2])
        #expect(design.sites == [upload.site])
        let membership = try #require(
          try await StudyMembership.query(on: app.db).filter(\.$study.$id == studyID).first())
        #expect(membership.$user.id == owner.id && membership.role == .owner)
        let participants = try await Participant.query(on: app.db).filter(\.$study.$id == studyID)
          .sort(\.$sortNumber).all()
        #expect(participants.map(\.sortID) == ["US1", "US2", "US3", "US4", "JP5", "CA6", "UK7", "US8", "FR9"])
        #expect(participants.allSatisfy { $0.status == .completed })
        let actions = try await AuditEvent.query(on: app.db).filter(\.$study.$id == studyID).all().map(\.action)
        #expect(actions.sorted() == ["sorts.imported", "study.create"])

        let page = try await browser.get("/studies/\(study.slug)")
        #expect(page.body.string.contains("9 sorts imported at \(upload.site)"))
        _ = try await browser.get("/studies/\(study.slug)/analyses/new")
        let run = try await browser.post(
          "/studies/\(study.slug)/analyses",
          pairs: StudyFromDataFixture.pcaFields(sites: try await StudyFromDataFixture.sites(study, on: app.db)))
        #expect(run.status == .seeOther, "\(run.body.string.prefix(300))")
        try await StudyFromDataFixture.expectEngineResult(app, study: study)
      }
      // The CLI's figures on the same file (`poetq analyze LIPSET.DAT --extraction pca --factors 3`).
      let engine = try StudyFromDataFixture.engineResult()
      for (a, b) in zip(engine.screeEigenvalues, [2.3838, 2.0153, 1.3408]) { #expect(abs(a - b) < 5e-5) }
    }
  }

  @Test("the preview names each sort left out and why, and the text encoding guessed; the rest are imported")
  func leftOutAndEncoding() async throws {
    try StudyFromDataFixture.requireReference()
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      let lipset = try StudyFromDataFixture.lipset()
      // KADE's sorts CSV (sorts as rows, no header) with a tenth sort one score short.
      var rows = (0..<lipset.sortCount).map { index in
        ([lipset.sortIDs[index]] + lipset.sort(index).map(String.init)).joined(separator: ",")
      }
      rows.append((["XX"] + lipset.sort(0).dropLast().map(String.init)).joined(separator: ","))
      _ = try await browser.get("/studies/from-data")
      let preview = try await browser.upload(
        "/studies/from-data", files: [("file", "sorts.csv", Data(rows.joined(separator: "\n").utf8))])
      let html = preview.body.string
      #expect(preview.status == .ok)
      #expect(html.contains("<dd id=\"preview-sorts\">10 in the file, 9 to import</dd>"))
      #expect(html.contains("<th scope=\"row\">XX</th><td>line 10: has 32 scores where the other sorts have 33"))
      let created = try await browser.post("/studies/from-data/confirm", pairs: TestBrowser.hiddenFields(html))
      #expect(created.status == .seeOther)
      let study = try #require(try await Study.query(on: app.db).filter(\.$title == "sorts").first())
      #expect(try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID()).count() == 9)
      #expect(try await browser.get("/studies/\(study.slug)").body.string.contains("(1 left out)"))

      // A .STA saved by an old Windows editor: Windows-1252, not UTF-8.
      var texts = lipset.statements.map(\.text)
      texts[0] = "Café society: " + texts[0]
      let sta = try #require(texts.joined(separator: "\r\n").data(using: .windowsCP1252))
      _ = try await browser.get("/studies/from-data")
      let encoded = try await browser.upload(
        "/studies/from-data",
        files: [("dat", "LIPSET.DAT", try StudyFromDataFixture.file("LIPSET.DAT")), ("sta", "OLD.STA", sta)])
      #expect(encoded.status == .ok)
      let encoding = try #require(encoded.body.string.components(separatedBy: "id=\"preview-encoding\">").last)
      #expect(encoding.prefix(300).contains("Windows-1252"), "\(encoding.prefix(300))")
      #expect(encoding.prefix(300).contains("OLD.STA"))
      let confirmed = try await browser.post(
        "/studies/from-data/confirm", pairs: TestBrowser.hiddenFields(encoded.body.string))
      #expect(confirmed.status == .seeOther)
      let second = try #require(
        try await Study.query(on: app.db).filter(\.$title == "lipset: Lipset (1963) value patterns, cf. Brown 1980")
          .first())
      let design = try await StudyDesign.load(second, on: app.db)
      #expect(design.statements.first?.text == texts[0])
    }
  }

  @Test("lying files are refused naming the file and line or field; nothing is created")
  func lyingFiles() async throws {
    try StudyFromDataFixture.requireReference()
    try await withPOETQ { app in
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      _ = try await browser.get("/studies/from-data")
      for lie in try StudyFromDataFixture.lyingUploads() {
        let response = try await browser.upload("/studies/from-data", files: lie.files)
        #expect(response.status == .unprocessableEntity, "\(lie.what): \(response.status)")
        let html = response.body.string
        #expect(html.contains("id=\"from-data-error\""), "\(lie.what): the form says why")
        for name in lie.names { #expect(html.contains(name), "\(lie.what): the message names \(name)") }
      }
      // A workbook packed far tighter than any real one (the engine's XLSX bomb guard), read as the Data tab reads.
      let bomb = try StudyFromDataFixture.workbook(sheets: [("sorts", [[String(repeating: "A", count: 24 << 20)]])])
      let unpacked = try await browser.upload("/studies/from-data", files: [("file", "bomb.xlsx", bomb)])
      #expect(unpacked.status == .unprocessableEntity)
      #expect(unpacked.body.string.contains("bomb.xlsx"))
      #expect(unpacked.body.string.contains("200 times its packed size"), "\(unpacked.body.string.suffix(600))")
      let none = try await browser.upload("/studies/from-data", files: [])
      #expect(none.status == .unprocessableEntity)
      #expect(none.body.string.contains("File: choose a PQMethod .DAT"))
      // A confirmation whose file came back as something else is read again and refused too.
      let forged = try await browser.post(
        "/studies/from-data/confirm",
        pairs: [("fileName", "LIAR.DAT"), ("payload", Data("not a pqmethod file\n".utf8).base64EncodedString())])
      #expect(forged.status == .unprocessableEntity)
      #expect(forged.body.string.contains("LIAR.DAT"))
      #expect(try await Study.query(on: app.db).count() == 0)
      #expect(try await Participant.query(on: app.db).count() == 0)
      #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "study.create").count() == 0)
    }
  }

  @Test("one transaction: when storing the sorts fails, no study, site or statement is left behind")
  func allOrNothing() async throws {
    try StudyFromDataFixture.requireReference()
    try await withPOETQ { app in
      _ = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      let owner = try #require(try await User.query(on: app.db).first())
      let upload = SortImport.Upload(fileName: "LIPSET.DAT", data: try StudyFromDataFixture.file("LIPSET.DAT"))
      var plan = try await StudyFromData.plan(upload, logger: app.logger)
      // Every sort invalid: the import refuses, after the study, its grid and its site were written.
      for index in plan.screen.sorts.indices { plan.screen.sorts[index].problems = ["made invalid by the test"] }
      await #expect(throws: (any Error).self) {
        _ = try await StudyFromData.create(plan, fileName: upload.fileName, owner: owner, on: app.db)
      }
      #expect(try await Study.query(on: app.db).count() == 0)
      #expect(try await Site.query(on: app.db).count() == 0)
      #expect(try await StudyStatement.query(on: app.db).count() == 0)
      #expect(try await StudyMembership.query(on: app.db).count() == 0)
      #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "study.create").count() == 0)
    }
  }

  @Test("the form checks its CSRF token, asks to sign in, and 'from-data' is never a study's slug")
  func guards() async throws {
    try StudyFromDataFixture.requireReference()
    try await withPOETQ { app in
      var anonymous = TestBrowser(app)
      let page = try await anonymous.get("/studies/from-data")
      #expect(page.status == .seeOther && page.headers.first(name: .location) == "/login")
      var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      _ = try await browser.get("/studies/from-data")
      browser.csrf = "forged"
      let forged = try await browser.upload(
        "/studies/from-data", files: [("file", "lipset.csv", try StudyFromDataFixture.file("lipset.csv"))])
      #expect(forged.status == .forbidden)
      _ = try await browser.get("/studies")
      #expect(try await browser.post("/studies", ["title": "From data", "template": "blank"]).status == .seeOther)
      let study = try #require(try await Study.query(on: app.db).filter(\.$title == "From data").first())
      #expect(study.slug == "from-data-2", "the page's path is not given to a study")
    }
  }
}
