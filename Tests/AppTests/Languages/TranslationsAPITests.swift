import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// `GET …/translations/{tag}.csv` and `PUT …/translations/{tag}`: the translator's round trip
/// through the API, each refusal naming the row and changing nothing, a changed text marking its
/// translation out of date, and who may do what (issue 29).
@Suite("Translations through the API")
struct TranslationsAPITests {
  @Test("download, fill in (commas, quotes, line breaks), upload, download again: the same bytes; complete and offered")
  func roundTrip() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Languages", template: "poetq")
      let empty = try await client.get("/api/v1/studies/\(slug)/translations/fr.csv")
      #expect(empty.status == .ok)
      #expect(empty.headers.first(name: .contentType) == "text/csv; charset=utf-8")
      #expect(
        empty.headers.first(name: .contentDisposition) == "attachment; filename=\"\(slug)-translation-fr.csv\"")
      let bytes = TranslationFixture.bytes(empty)
      #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 with a byte-order mark")
      let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
      #expect(text.hasPrefix("key,source,translation,status\r\n"))
      #expect(text.contains("\r\nstatement.1,"))
      #expect(text.contains("\r\nmail.invitation.body,"))
      let rows = try TranslationCSV.read(bytes)
      #expect(rows.count > 40, "every text of the template: \(rows.count)")
      #expect(text.components(separatedBy: ",missing\r\n").count - 1 == rows.count, "nothing translated yet")

      let version = try await TranslationFixture.designVersion(slug, on: app.db)
      let filled = try TranslationFixture.filledIn(bytes)
      let stored = try await TranslationFixture.upload(client, slug, "fr", filled)
      #expect(stored.status == .ok, "\(stored.body.string)")
      let state = try stored.content.decode(LanguageDTO.self)
      #expect(state.tag == "fr" && state.complete && state.translated == rows.count && state.total == rows.count)
      #expect(try await TranslationFixture.designVersion(slug, on: app.db) > version, "the design version is raised")
      let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "study.translations").all()
      #expect(audit.map(\.detail) == ["French: \(rows.count) translations saved, 0 removed"])

      let again = try await client.get("/api/v1/studies/\(slug)/translations/fr.csv")
      #expect(TranslationFixture.bytes(again) == filled, "the file comes back as it was uploaded")
      // Uploading the same file twice changes nothing more.
      #expect(try await TranslationFixture.upload(client, slug, "fr", filled).status == .ok)
      #expect(TranslationFixture.bytes(try await client.get("/api/v1/studies/\(slug)/translations/fr.csv")) == filled)

      let study = try await client.get("/api/v1/studies/\(slug)").content.decode(StudyDTO.self)
      #expect(study.language == "en")
      #expect(study.languages.map(\.tag) == ["en", "fr"])
      #expect(study.languages.map(\.complete) == [true, true])
      #expect(study.languages.first?.source == true)

      // An LF file without the mark or the status column, a cell emptied: that text is untranslated again.
      var plain = "key,source,translation\n"
      for row in rows {
        let translation = row.key == "title" ? "" : TranslationFixture.french(row.source)
        plain += [row.key, row.source, translation].map(SpreadsheetCSVCell.quoted).joined(separator: ",") + "\n"
      }
      let partial = try await TranslationFixture.upload(client, slug, "fr", Data(plain.utf8))
      #expect(partial.status == .ok, "\(partial.body.string)")
      let after = try partial.content.decode(LanguageDTO.self)
      #expect(!after.complete && after.translated == rows.count - 1)
      #expect(try await TranslationFixture.stored(slug, on: app.db).count == rows.count - 1)
    }
  }

  @Test(
    "unknown, repeated or stale keys, a bad header, a short row, an open quote, a dropped {{link}}, the source language, an unknown tag: 422 naming it, nothing changed"
  )
  func refusals() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Languages", template: "poetq")
      let downloaded = TranslationFixture.bytes(try await client.get("/api/v1/studies/\(slug)/translations/fr.csv"))
      let filled = try TranslationFixture.filledIn(downloaded)
      #expect(try await TranslationFixture.upload(client, slug, "fr", filled).status == .ok)
      let before = try await TranslationFixture.stored(slug, on: app.db)
      let version = try await TranslationFixture.designVersion(slug, on: app.db)
      let rows = try TranslationCSV.read(filled)
      let link = try #require(rows.firstIndex { $0.key == "mail.invitation.body" })

      /// The filled-in file with row `index` (0 is the first below the header, row 2) replaced.
      func changed(_ index: Int, _ line: String) -> Data {
        var lines = try! TranslationCSV.records(in: String(decoding: filled.dropFirst(3), as: UTF8.self))
          .map { $0.cells.map(SpreadsheetCSVCell.quoted).joined(separator: ",") }
        lines[index + 1] = line
        return Data(lines.joined(separator: "\r\n").utf8)
      }
      let cases: [(String, Data, String)] = [
        (
          "an unknown key", changed(2, "statement.999,Nothing,Rien,current"),
          "Row 4: the study has no text “statement.999”"
        ),
        (
          "a repeated key", changed(3, "title,\(SpreadsheetCSVCell.quoted(rows[0].source)),Encore,current"),
          "Row 5: “title” is on row 2 already"
        ),
        (
          "a stale source", changed(0, "title,An older title,Un titre,current"),
          "Row 2: the source of “title” is not the study's current text"
        ),
        ("no header", Data("title,Care,Soins\r\n".utf8), "Row 1: the header must be key,source,translation"),
        ("a short row", changed(1, "\(rows[1].key),only two"), "Row 3: 2 cells, but the header has 4"),
        (
          "an open quote", changed(rows.count - 1, "\(rows[rows.count - 1].key),\"never closed"),
          "Row \(rows.count + 1): the quoted cell in column 2 is never closed"
        ),
        (
          "a dropped link",
          changed(
            link,
            "mail.invitation.body,\(SpreadsheetCSVCell.quoted(rows[link].source)),"
              + SpreadsheetCSVCell.quoted(rows[link].source.replacingOccurrences(of: "{{link}}", with: "")) + ",current"
          ),
          "Row \(link + 2): the translation of “mail.invitation.body” drops {{link}}"
        ),
      ]
      for (what, csv, reason) in cases {
        let refused = try await TranslationFixture.upload(client, slug, "fr", csv)
        #expect(refused.status == .unprocessableEntity, "\(what): \(refused.status)")
        #expect(refused.apiError?.reason.hasPrefix(reason) == true, "\(what): \(refused.body.string)")
        #expect(try await TranslationFixture.stored(slug, on: app.db) == before, "\(what) changed nothing")
      }
      for (tag, reason) in [("en", "tag: English is the study's own language"), ("xx", "tag: “xx” is not a language")] {
        let refused = try await TranslationFixture.upload(client, slug, tag, filled)
        #expect(refused.status == .unprocessableEntity, "\(tag): \(refused.status)")
        #expect(refused.apiError?.reason.hasPrefix(reason) == true, "\(tag): \(refused.body.string)")
        let download = try await client.get("/api/v1/studies/\(slug)/translations/\(tag).csv")
        #expect(download.status == .unprocessableEntity, "GET \(tag).csv: \(download.status)")
      }
      let json = try await client.send(.PUT, "/api/v1/studies/\(slug)/translations/fr", json: "{}")
      #expect(json.status == .unsupportedMediaType)
      #expect(try await TranslationFixture.stored(slug, on: app.db) == before)
      #expect(try await TranslationFixture.designVersion(slug, on: app.db) == version, "no refusal raised the version")
    }
  }

  @Test(
    "a text changed after translation (API PATCH) is out of date in the study, the CSV and the offer; the language is no longer complete"
  )
  func changedSourceOutOfDate() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Languages", template: "poetq")
      let downloaded = TranslationFixture.bytes(try await client.get("/api/v1/studies/\(slug)/translations/fr.csv"))
      #expect(
        try await TranslationFixture.upload(client, slug, "fr", TranslationFixture.filledIn(downloaded)).status == .ok)
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
      func offered() async throws -> [StudyLanguage] {
        let fresh = try #require(try await Study.find(study.id, on: app.db))
        let texts = try await StudyEditor.translatableTexts(of: fresh, on: app.db)
        return try await StudyTranslations.load(studyID: fresh.requireID(), on: app.db).offered(
          source: .en, texts: texts)
      }
      #expect(try await offered() == [.en, .fr])

      let patched = try await client.patch(
        "/api/v1/studies/\(slug)", #"{"texts": {"instruction": "Sort them all again."}}"#)
      #expect(patched.status == .ok, "\(patched.body.string)")
      let french = try #require(try patched.content.decode(StudyDTO.self).languages.first { $0.tag == "fr" })
      #expect(!french.complete && french.outOfDate == 1 && french.outOfDateKeys == ["instruction"])
      let csv = String(
        decoding: TranslationFixture.bytes(try await client.get("/api/v1/studies/\(slug)/translations/fr.csv")),
        as: UTF8.self)
      #expect(csv.contains("\r\ninstruction,Sort them all again.,"))
      #expect(csv.components(separatedBy: ",out of date\r\n").count - 1 == 1, "one row is out of date")
      #expect(try await offered() == [.en], "French is no longer offered")

      // Sent back unchanged, the old translation stays out of date; translated again, it is current.
      let resent = try await TranslationFixture.upload(
        client, slug, "fr",
        TranslationFixture.bytes(try await client.get("/api/v1/studies/\(slug)/translations/fr.csv")))
      #expect(try resent.content.decode(LanguageDTO.self).outOfDateKeys == ["instruction"])
      // Looked at and still right: its status set to current, the same translation is confirmed.
      let confirming = try TranslationCSV.read(
        TranslationFixture.bytes(try await client.get("/api/v1/studies/\(slug)/translations/fr.csv"))
      ).map { TranslationCSV.Row(key: $0.key, source: $0.source, translation: $0.translation, status: .current) }
      let confirmed = try await TranslationFixture.upload(client, slug, "fr", TranslationCSV.write(confirming))
      #expect(try confirmed.content.decode(LanguageDTO.self).complete, "confirmed unchanged")
      #expect(try await offered() == [.en, .fr])
      let fresh = TranslationFixture.bytes(try await client.get("/api/v1/studies/\(slug)/translations/fr.csv"))
      let redone = try TranslationCSV.read(fresh).map {
        TranslationCSV.Row(
          key: $0.key, source: $0.source, translation: $0.key == "instruction" ? "Triez-les encore." : $0.translation,
          status: .current)
      }
      let done = try await TranslationFixture.upload(client, slug, "fr", TranslationCSV.write(redone))
      #expect(try done.content.decode(LanguageDTO.self).complete)
      #expect(try await offered() == [.en, .fr])
    }
  }

  @Test("a viewer downloads but cannot upload (403); another study's member can do neither (404)")
  func permissions() async throws {
    try await withPOETQ { app in
      let (_, owner) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await owner.createStudy("Languages", template: "poetq")
      let (viewerUser, viewer) = try await APIClient.researcher(app, email: "vi@example.org")
      let (_, stranger) = try await APIClient.researcher(app, email: "eve@example.org")
      _ = try await stranger.createStudy("Their own", template: "poetq")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
      try await StudyMembership(studyID: study.requireID(), userID: viewerUser.requireID(), role: .viewer).save(
        on: app.db)

      let path = "/api/v1/studies/\(slug)/translations/fr.csv"
      let download = try await viewer.get(path)
      #expect(download.status == .ok)
      let filled = try TranslationFixture.filledIn(TranslationFixture.bytes(download))
      #expect(try await TranslationFixture.upload(viewer, slug, "fr", filled).status == .forbidden)
      #expect(try await stranger.get(path).status == .notFound)
      #expect(try await TranslationFixture.upload(stranger, slug, "fr", filled).status == .notFound)
      #expect(try await TranslationFixture.stored(slug, on: app.db).isEmpty)
      #expect(try await TranslationFixture.upload(owner, slug, "fr", filled).status == .ok)
    }
  }

  @Test(
    "the study's language: set with PATCH, refused for an unknown tag, a language it is translated into, and once sorts exist"
  )
  func studyLanguage() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "bo@example.org")
      let slug = try await client.createStudy("Languages", template: "poetq")
      let german = try await client.patch("/api/v1/studies/\(slug)", #"{"language": "de"}"#)
      #expect(try german.content.decode(StudyDTO.self).language == "de", "\(german.body.string)")
      #expect(try await client.get("/api/v1/studies/\(slug)/translations/de.csv").status == .unprocessableEntity)
      let unknown = try await client.patch("/api/v1/studies/\(slug)", #"{"language": "klingon"}"#)
      #expect(unknown.status == .unprocessableEntity)
      #expect(unknown.apiError?.reason.hasPrefix("Language: “klingon” is not a language POETQ offers") == true)

      let downloaded = TranslationFixture.bytes(try await client.get("/api/v1/studies/\(slug)/translations/fr.csv"))
      #expect(
        try await TranslationFixture.upload(client, slug, "fr", TranslationFixture.filledIn(downloaded)).status == .ok)
      let translated = try await client.patch("/api/v1/studies/\(slug)", #"{"language": "fr"}"#)
      #expect(translated.status == .unprocessableEntity)
      #expect(translated.apiError?.reason.hasPrefix("Language: the study has") == true, "\(translated.body.string)")
      #expect(try await client.get("/api/v1/studies/\(slug)").content.decode(StudyDTO.self).language == "de")

      let (demo, demoClient) = try await AnalysisAPITests.demo(app)
      let locked = try await demoClient.patch("/api/v1/studies/\(demo.slug)", #"{"language": "fr"}"#)
      #expect(locked.status == .conflict, "\(locked.body.string)")
      #expect(locked.apiError?.reason.hasPrefix("Language: ") == true)
    }
  }
}

/// RFC 4180 quoting for the tests' own hand-made files (the app's writer also neutralises formulas).
enum SpreadsheetCSVCell {
  static func quoted(_ text: String) -> String {
    text.contains { $0 == "," || $0 == "\"" || $0.isNewline }
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }
}
