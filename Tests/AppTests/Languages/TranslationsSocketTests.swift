import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The translator's spreadsheet sent to the app served on a real port, whole and chunked: the API's
/// `PUT` with `text/csv` and the Texts tab's multipart form, each stored whole, and a refused one
/// changing nothing.
@Suite("Translations over real sockets")
struct TranslationsSocketTests {
  @Test(
    "PUT text/csv and the Texts tab's upload, whole and chunked: stored and downloaded back equal; a refusal names the row"
  )
  func uploads() async throws {
    try await withRunningPOETQ { app, baseURL in
      var session = try await SocketFormTests.researcher(app, baseURL)
      #expect(try await session.postForm("/studies", [("title", "Languages"), ("template", "poetq")]).status == 303)
      let user = try #require(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first())
      let token = try await APITokens.create(name: "sockets", for: user.requireID(), on: app.db)
      let port = session.port
      func api(_ method: String, _ path: String, _ body: Data? = nil, framing: SocketHTTP.Framing = .whole)
        async throws -> SocketHTTP.Response
      {
        try await SocketHTTP.send(
          port: port, method: method, path: "/api/v1/studies/languages/" + path,
          headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "text/csv; charset=utf-8")], body: body,
          framing: framing)
      }
      let downloaded = try await api("GET", "translations/fr.csv")
      #expect(downloaded.status == 200)
      let filled = try TranslationFixture.filledIn(Data(downloaded.body.utf8))

      for (index, framing) in SocketFormTests.framings.enumerated() {
        let tag = ["fr", "de"][index]
        let stored = try await api("PUT", "translations/\(tag)", filled, framing: framing)
        #expect(stored.status == 200, "PUT (\(framing)): \(stored.status) \(stored.body.prefix(300))")
        #expect(stored.body.contains("\"complete\":true"), "\(stored.body)")
        let again = try await api("GET", "translations/\(tag).csv")
        #expect(Data(again.body.utf8) == filled, "\(tag) (\(framing)) comes back as uploaded")
      }
      let stale = Data(
        String(decoding: filled, as: UTF8.self).replacingOccurrences(
          of: "\r\ntitle,Languages,", with: "\r\ntitle,Older,"
        ).utf8)
      let before = try await TranslationFixture.stored("languages", on: app.db)
      let refused = try await api("PUT", "translations/fr", stale, framing: .chunked(size: 700))
      #expect(refused.status == 422)
      #expect(refused.body.contains("Row 2: the source of “title”"), "\(refused.body)")
      #expect(try await TranslationFixture.stored("languages", on: app.db) == before)

      for (index, framing) in SocketFormTests.framings.enumerated() {
        let tag = ["es", "ar"][index]
        try await session.get("/studies/languages/texts")
        let uploaded = try await session.postMultipart(
          "/studies/languages/texts/translations", fields: [("language", tag)], files: [("file", "\(tag).csv", filled)],
          framing: framing)
        #expect(uploaded.status == 303, "the form (\(framing)): \(uploaded.status) \(uploaded.body.prefix(300))")
        let again = try await session.get("/studies/languages/texts/translations/\(tag).csv", accept: "text/csv")
        #expect(Data(again.body.utf8) == filled, "\(tag) (\(framing)) comes back as uploaded")
      }
      try await session.get("/studies/languages/texts")
      let beforeForm = try await TranslationFixture.stored("languages", on: app.db)
      let form = try await session.postMultipart(
        "/studies/languages/texts/translations", fields: [("language", "fr")], files: [("file", "fr.csv", stale)],
        framing: .chunked(size: 700))
      #expect(form.status == 422)
      #expect(form.body.contains("Row 2: the source of “title”"))
      #expect(try await TranslationFixture.stored("languages", on: app.db) == beforeForm)
    }
  }
}
