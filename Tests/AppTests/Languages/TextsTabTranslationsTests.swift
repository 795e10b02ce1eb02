import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The Texts tab's languages: the spreadsheet downloaded and uploaded as a form, a refused upload
/// shown on the page with its row and nothing changed, a text changed on the tab marking its
/// translation out of date, "add a language", the study's language saved with the texts.
@Suite("Translations on the Texts tab")
struct TextsTabTranslationsTests {
  /// A signed-in researcher with the POETQ template study "Languages" (`languages`).
  static func researcher(_ app: Application) async throws -> TestBrowser {
    var browser = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
    #expect(try await browser.post("/studies", ["title": "Languages", "template": "poetq"]).status == .seeOther)
    return browser
  }

  @Test(
    "download the CSV, upload it filled in as a form: the table says complete and offered; a refused upload names the row"
  )
  func formUpload() async throws {
    try await withPOETQ { app in
      var browser = try await Self.researcher(app)
      let page = try await browser.get("/studies/languages/texts")
      #expect(
        page.body.string.contains(
          "<select id=\"new-language\" name=\"language\"><option value=\"fr\">French (Français)</option>"),
        "French can be added")
      let added = try await browser.get("/studies/languages/texts/translations/new?language=fr")
      #expect(added.status == .seeOther)
      #expect(added.headers.first(name: .location) == "/studies/languages/texts/translations/fr.csv")
      let download = try await browser.get("/studies/languages/texts/translations/fr.csv")
      #expect(download.status == .ok)
      #expect(download.headers.first(name: .contentType) == "text/csv; charset=utf-8")
      let own = try await browser.get("/studies/languages/texts/translations/new?language=en")
      #expect(own.status == .unprocessableEntity)
      #expect(own.body.string.contains("Language: English is the study"), "the page says why")
      #expect(try await browser.get("/studies/languages/texts/translations/xx.csv").status == .unprocessableEntity)
      let filled = try TranslationFixture.filledIn(TranslationFixture.bytes(download))

      // A stale row first: refused on the page, naming the row, nothing stored.
      var lines = String(decoding: filled, as: UTF8.self).components(separatedBy: "\r\n")
      lines[1] = "title,An older title,Un titre,current"
      let refused = try await browser.upload(
        "/studies/languages/texts/translations",
        files: [("file", "fr.csv", Data(lines.joined(separator: "\r\n").utf8))],
        fields: [("language", "fr")])
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("Row 2: the source of “title” is not the study"), "the page names the row")
      #expect(try await TranslationFixture.stored("languages", on: app.db).isEmpty, "nothing was stored")

      let uploaded = try await browser.upload(
        "/studies/languages/texts/translations", files: [("file", "fr.csv", filled)], fields: [("language", "fr")])
      #expect(uploaded.status == .seeOther, "\(uploaded.body.string)")
      let after = try await browser.get("/studies/languages/texts")
      let html = after.body.string
      #expect(html.contains("French: complete."), "the flash says so")
      #expect(html.contains("<tr id=\"language-fr\">"))
      let row = try #require(
        html.components(separatedBy: "<tr id=\"language-fr\">").last?.components(separatedBy: "</tr>").first)
      #expect(row.contains("<td>complete</td>"))
      #expect(row.contains("<td>yes</td>"), "offered to participants")
      let addable = try #require(
        html.components(separatedBy: "<select id=\"new-language\"").last?.components(separatedBy: "</select>").first)
      #expect(!addable.contains("value=\"fr\""), "French is no longer to add")
      #expect(addable.contains("<option value=\"de\">German (Deutsch)</option>"))
      let again = try await browser.get("/studies/languages/texts/translations/fr.csv")
      #expect(TranslationFixture.bytes(again) == filled)
    }
  }

  @Test(
    "a text changed on the Texts tab marks its translation out of date on the tab (key listed) and in the CSV; not offered"
  )
  func changedOnTheTab() async throws {
    try await withPOETQ { app in
      var browser = try await Self.researcher(app)
      try await browser.get("/studies/languages/texts")
      let download = try await browser.get("/studies/languages/texts/translations/fr.csv")
      let filled = try TranslationFixture.filledIn(TranslationFixture.bytes(download))
      #expect(
        try await browser.upload(
          "/studies/languages/texts/translations", files: [("file", "fr.csv", filled)], fields: [("language", "fr")]
        ).status == .seeOther)
      try await browser.get("/studies/languages/texts")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "languages").first())
      var texts = StudyTexts(study)
      texts.title = "Languages, retitled"
      let saved = try await browser.post("/studies/languages/texts", pairs: SocketFormTests.fields(texts))
      #expect(saved.status == .seeOther, "\(saved.body.string.prefix(300))")
      let html = try await browser.get("/studies/languages/texts").body.string
      let row = try #require(
        html.components(separatedBy: "<tr id=\"language-fr\">").last?.components(separatedBy: "</tr>").first)
      #expect(row.contains("<strong>1 out of date</strong>"), "\(row)")
      #expect(row.contains("<code>title</code>"))
      #expect(row.contains("<td>no</td>"), "not offered")
      let csv = String(
        decoding: TranslationFixture.bytes(try await browser.get("/studies/languages/texts/translations/fr.csv")),
        as: UTF8.self)
      #expect(
        csv.contains("\r\ntitle,\"Languages, retitled\",\"FR, « \"\"traduit\"\" »\nLanguages\",out of date\r\n"),
        "\(csv.prefix(300))")
      #expect(csv.contains(",out of date\r\n"))
    }
  }

  @Test("a statement edited on its tab marks statement.<n> out of date")
  func changedStatement() async throws {
    try await withPOETQ { app in
      var browser = try await Self.researcher(app)
      try await browser.get("/studies/languages/texts")
      let download = try await browser.get("/studies/languages/texts/translations/de.csv")
      let filled = try TranslationFixture.filledIn(TranslationFixture.bytes(download))
      #expect(
        try await browser.upload(
          "/studies/languages/texts/translations", files: [("file", "de.csv", filled)], fields: [("language", "de")]
        ).status == .seeOther)
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "languages").first())
      let statement = try #require(
        try await StudyStatement.query(on: app.db).filter(\.$study.$id == study.requireID()).filter(\.$number == 3)
          .first())
      try await browser.get("/studies/languages/statements")
      let edited = try await browser.post(
        "/studies/languages/statements/\(statement.requireID())",
        ["number": "3", "text": "A new third statement.", "codes": ""])
      #expect(edited.status == .seeOther, "\(edited.body.string.prefix(300))")
      let html = try await browser.get("/studies/languages/texts").body.string
      let row = try #require(
        html.components(separatedBy: "<tr id=\"language-de\">").last?.components(separatedBy: "</tr>").first)
      #expect(row.contains("<code>statement.3</code>"), "\(row)")
    }
  }

  @Test("the study's language is saved with the texts; a viewer sees the table but no upload and is refused one (403)")
  func languageAndViewer() async throws {
    try await withPOETQ { app in
      var browser = try await Self.researcher(app)
      try await browser.get("/studies/languages/texts")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "languages").first())
      var texts = StudyTexts(study)
      texts.language = "es"
      #expect(
        try await browser.post("/studies/languages/texts", pairs: SocketFormTests.fields(texts) + [("language", "es")])
          .status == .seeOther)
      #expect(try await Study.find(study.id, on: app.db)?.language == "es")
      let page = try await browser.get("/studies/languages/texts").body.string
      #expect(page.contains("<option value=\"es\" selected>Spanish (Español)</option>"))
      let wrong = try await browser.post(
        "/studies/languages/texts", pairs: SocketFormTests.fields(texts) + [("language", "tlh")])
      #expect(wrong.status == .unprocessableEntity)
      #expect(wrong.body.string.contains("Language: “tlh” is not a language POETQ offers"))

      var viewer = try await StudyBuilderTests.signedIn(app, email: "vi@example.org", name: "Vi")
      let viewerUser = try #require(try await User.query(on: app.db).filter(\.$email == "vi@example.org").first())
      try await StudyMembership(studyID: study.requireID(), userID: viewerUser.requireID(), role: .viewer).save(
        on: app.db)
      let seen = try await viewer.get("/studies/languages/texts")
      #expect(seen.status == .ok)
      #expect(!seen.body.string.contains("enctype=\"multipart/form-data\""), "no upload form for a viewer")
      let download = try await viewer.get("/studies/languages/texts/translations/fr.csv")
      #expect(download.status == .ok, "a viewer may download")
      let refused = try await viewer.upload(
        "/studies/languages/texts/translations",
        files: [("file", "fr.csv", try TranslationFixture.filledIn(TranslationFixture.bytes(download)))],
        fields: [("language", "fr")])
      #expect(refused.status == .forbidden)
      #expect(try await TranslationFixture.stored("languages", on: app.db).isEmpty)
    }
  }
}
