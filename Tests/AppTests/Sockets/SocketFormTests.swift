import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// Forms and participant posts sent to the app served on a real port, with realistic sizes, once
/// whole and once with `Transfer-Encoding: chunked` in small pieces: every one must be accepted.
/// (The in-process client hands bodies over whole, which hid a CSRF check that read the form before
/// its body had arrived: a 3,000-character information sheet was refused as "expired".)
@Suite("Forms over real sockets")
struct SocketFormTests {
  static let framings: [SocketHTTP.Framing] = [.whole, .chunked(size: 700)]

  /// A researcher signed in over the socket, with the POETQ template study "Sockets".
  static func researcher(_ app: Application, _ baseURL: String, email: String = "ada@example.org") async throws
    -> SocketSession
  {
    try await User(
      email: email, name: "Ada", passwordHash: Bcrypt.hash("correct horse battery", cost: 4), isAdmin: false
    ).save(on: app.db)
    var session = SocketSession(baseURL: baseURL)
    try await session.get("/login")
    let signedIn = try await session.postForm("/login", [("email", email), ("password", "correct horse battery")])
    #expect(signedIn.status == 303, "signed in")
    try await session.get("/studies")
    return session
  }

  @Test("texts of 40 KB, 200 pasted statements, a 5,000-line list and data files: accepted whole and chunked")
  func researcherForms() async throws {
    try await withRunningPOETQ { app, baseURL in
      var session = try await Self.researcher(app, baseURL)
      let created = try await session.postForm("/studies", [("title", "Sockets"), ("template", "poetq")])
      #expect(created.status == 303)
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == "sockets").first())

      for (round, framing) in Self.framings.enumerated() {
        // An information sheet of 40 KB (a long, real one is 3–10 KB).
        try await session.get("/studies/sockets/texts")
        let sheet = String(
          repeating: "Round \(round): what taking part involves, and how your data are kept. ", count: 630)
        #expect(sheet.utf8.count > 40_000)
        var texts = StudyTexts(study)
        texts.informationSheet = sheet
        let saved = try await session.postForm("/studies/sockets/texts", Self.fields(texts), framing: framing)
        #expect(saved.status == 303, "the texts form (\(framing)) is accepted: \(saved.status)")
        let stored = try #require(try await Study.find(study.id, on: app.db))
        #expect(
          stored.informationSheet == sheet.trimmingCharacters(in: .whitespaces),
          "the 40 KB sheet (\(framing)) is stored whole")

        // A participant list of 5,000 lines.
        try await session.get("/studies/sockets/participants")
        let list =
          "email,name,site\n"
          + (1...5_000).map { "p\(round)-\($0)@example.org,Person \($0),Site \(["A", "B", "C", "D", "E"][$0 % 5])" }
          .joined(separator: "\n")
        let imported = try await session.postForm(
          "/studies/sockets/participants/import", [("list", list)], framing: framing)
        #expect(imported.status == 303, "the 5,000-line list (\(framing)) is accepted: \(imported.status)")
        let count = try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID()).count()
        #expect(count == 5_000 * (round + 1))
      }

      // 200 statements pasted into a blank study.
      try await session.postForm("/studies", [("title", "Blank sockets"), ("template", "blank")])
      for framing in Self.framings {
        try await session.get("/studies/blank-sockets/statements")
        let list = (1...200).map {
          "Statement \($0): partners agree on what good care looks like and who pays for which part of it"
        }
        .joined(separator: "\n")
        let pasted = try await session.postForm(
          "/studies/blank-sockets/statements/import", [("list", list), ("mode", "replace")], framing: framing)
        #expect(pasted.status == 303, "200 pasted statements (\(framing)) are accepted: \(pasted.status)")
        let blank = try #require(try await Study.query(on: app.db).filter(\.$slug == "blank-sockets").first())
        #expect(try await StudyStatement.query(on: app.db).filter(\.$study.$id == blank.requireID()).count() == 200)
      }

      // Data files: a PQMethod .DAT of 999 sorts, and a 2 MB CSV of sorts, as multipart uploads.
      let dat = try Self.sortsFile(.pqmethodDAT, sorts: 999)
      // Sorts as rows: ~100 bytes a sort, so 2 MB is about 20,000 sorts.
      let csv = try Self.sortsFile(.csvSortsAsRows, sorts: 21_000)
      #expect(csv.count >= 2 << 20)
      for framing in Self.framings {
        try await session.get("/studies/sockets/data")
        let datPreview = try await session.postMultipart(
          "/studies/sockets/data/import", fields: [], files: [("file", "SOCKETS.DAT", dat)], framing: framing)
        #expect(datPreview.status == 200, "the .DAT upload (\(framing)) is read: \(datPreview.status)")
        #expect(datPreview.body.contains("999 valid"))
        try await session.get("/studies/sockets/data")
        let csvPreview = try await session.postMultipart(
          "/studies/sockets/data/import", fields: [], files: [("file", "sorts.csv", csv)], framing: framing)
        #expect(csvPreview.status == 200, "the 2 MB CSV upload (\(framing)) is read: \(csvPreview.status)")
        #expect(csvPreview.body.contains(" valid</strong>"))
      }
    }
  }

  @Test("a participant's consent, answers and presort posts: accepted whole and chunked, by a no-script browser")
  func participantPosts() async throws {
    try await withRunningPOETQ { app, baseURL in
      let (_, _, invited) = try await ParticipantClient.openedTemplate(app)
      let port = SocketSession(baseURL: baseURL).port
      var client = invited
      for (index, framing) in Self.framings.enumerated() {
        if index == 1 { client = try await ParticipantClient.invite(app, to: try await Self.study(app)) }
        let path = "/p/\(client.code)"
        var page = try await SocketHTTP.send(port: port, method: "GET", path: path + "?step=consent").body
        client.page = page
        let version = try #require(client.matches(#"name="version" value="(\d+)""#).first)
        let consent = try await Self.post(
          port, path + "/consent", [("choice", "agree"), ("version", version)], framing)
        #expect(consent.status == 303, "consent (\(framing)): \(consent.status)")

        page = try await SocketHTTP.send(port: port, method: "GET", path: path).body
        client.page = page
        var answers = client.answers().map { pair in
          pair.0 == "q.role" ? (pair.0, String(repeating: "Commissioning manager for older people. ", count: 4)) : pair
        }
        answers += [("action", "continue"), ("revision", String(client.revision))]
        let answered = try await Self.post(port, path, answers, framing)
        #expect(answered.status == 303, "answers (\(framing)): \(answered.status) \(answered.body.prefix(300))")

        for _ in 0..<5 {
          page = try await SocketHTTP.send(port: port, method: "GET", path: path).body
          client.page = page
          let statement = try #require(client.presortStatement, "the presort asks about a statement")
          let sorted = try await Self.post(
            port, path,
            [
              ("action", "presort"), ("statement", String(statement)), ("pile", "agree"),
              ("revision", String(client.revision)),
            ], framing)
          #expect(sorted.status == 303, "a presort post (\(framing)) lands as a page redirect, not JSON")
          #expect(sorted.header("Content-Type")?.contains("json") != true)
        }
        let response = try #require(try await client.response(on: app.db))
        #expect(response.stage == "presort")
        #expect(try ResponseStore.value([String: String].self, response.presort, field: "presort").count == 5)
      }
    }
  }

  // MARK: - Helpers

  static func study(_ app: Application) async throws -> Study {
    try #require(try await Study.query(on: app.db).filter(\.$slug == "poetq").first())
  }

  /// A participant's post as Chromium sends a form without JavaScript.
  static func post(_ port: Int, _ path: String, _ fields: [(String, String)], _ framing: SocketHTTP.Framing)
    async throws -> SocketHTTP.Response
  {
    let body = fields.map { "\(SocketSession.encode($0.0))=\(SocketSession.encode($0.1))" }.joined(separator: "&")
    return try await SocketHTTP.send(
      port: port, method: "POST", path: path,
      headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", SocketSession.browserAccept)],
      body: Data(body.utf8), framing: framing)
  }

  /// The texts form's fields as the page posts them.
  static func fields(_ texts: StudyTexts) -> [(String, String)] {
    var fields: [(String, String)] = [
      ("title", texts.title), ("description", texts.description), ("informationSheet", texts.informationSheet),
      ("consentText", texts.consentText), ("instruction", texts.instruction), ("disagreeLabel", texts.disagreeLabel),
      ("agreeLabel", texts.agreeLabel), ("thankYouText", texts.thankYouText),
      ("contactDetails", texts.contactDetails), ("sortMode", texts.sortMode.rawValue),
      ("commentScores", texts.commentScores),
    ]
    if texts.commentsRequired { fields.append(("commentsRequired", "on")) }
    if texts.openAccess { fields.append(("openAccess", "on")) }
    return fields
  }

  /// The template's grid as scores, one valid sort (a rotation of the grid's scores per sort).
  static func gridScores(shift: Int) -> [Int] {
    let capacities = [2, 3, 4, 6, 10, 6, 4, 3, 2]
    let scores = capacities.enumerated().flatMap { Array(repeating: $0.offset - 4, count: $0.element) }
    return (0..<40).map { scores[($0 + shift) % 40] }
  }

  /// `sorts` valid sorts of the template's 40 statements in `format`, written by the engine's own
  /// writer (the same bytes `poetq convert` writes).
  static func sortsFile(_ format: QDataFormat, sorts: Int) throws -> Data {
    let distribution = try Distribution(minScore: -4, maxScore: 4, capacities: [2, 3, 4, 6, 10, 6, 4, 3, 2])
    let data = try QSortData(
      title: "SOCKETS", statements: (1...40).map { Statement(number: $0) },
      sortIDs: (1...sorts).map { "S\($0)" }, distribution: distribution,
      scores: (0..<sorts).flatMap { gridScores(shift: $0) })
    return try QDataWriter.encode(data, format: format)
  }
}
