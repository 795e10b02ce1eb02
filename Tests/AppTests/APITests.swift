import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The JSON API under /api/v1: tokens, roles, studies and texts. The design routes (statements,
/// distribution, sites, status) are in the `APITests+…` files.
@Suite("JSON API")
struct APITests {
  @Test("no token, a bad token and a revoked token get 401 JSON; a signed-in browser's cookie is not enough")
  func authentication() async throws {
    try await withPOETQ { app in
      let (user, client) = try await APIClient.researcher(app, email: "ada@example.org")

      let anonymous = try await APIClient(app: app, token: nil).get("/api/v1/studies")
      #expect(anonymous.status == .unauthorized)
      #expect(anonymous.headers.contentType == .json)
      #expect(anonymous.apiError?.reason.contains("Authorization: Bearer") == true, "\(anonymous.body.string)")
      #expect(anonymous.headers.first(name: "WWW-Authenticate")?.hasPrefix("Bearer") == true)

      let wrong = try await APIClient(app: app, token: "not-a-token").get("/api/v1/studies")
      #expect(wrong.status == .unauthorized)
      #expect(wrong.apiError?.reason.contains("not valid") == true, "\(wrong.body.string)")

      let allowed = try await client.get("/api/v1/studies")
      #expect(allowed.status == .ok, "\(allowed.body.string)")
      #expect(try allowed.content.decode([StudyListItemDTO].self).isEmpty)
      #expect(allowed.headers.first(name: .setCookie) == nil, "a bearer request never starts a browser session")
      let stored = try #require(try await APIToken.query(on: app.db).filter(\.$user.$id == user.requireID()).first())
      #expect(stored.lastUsedAt != nil)
      #expect(stored.tokenHash == APITokens.hash(try #require(client.token)), "only the hash is stored")
      #expect(stored.tokenHash != client.token)

      try await APITokens.revoke(name: "tests", for: user.requireID(), on: app.db)
      let revoked = try await client.get("/api/v1/studies")
      #expect(revoked.status == .unauthorized)

      // Signed in on the web, but no token: the API does not take the session cookie.
      try await User(
        email: "bo@example.org", name: "Bo", passwordHash: Bcrypt.hash("correct horse battery", cost: 4), isAdmin: false
      ).save(on: app.db)
      var browser = TestBrowser(app)
      try await browser.get("/login")
      #expect(
        try await browser.post("/login", ["email": "bo@example.org", "password": "correct horse battery"]).status
          == .seeOther)
      #expect(try await browser.get("/studies").status == .ok)
      #expect(try await browser.get("/api/v1/studies").status == .unauthorized)
    }
  }

  @Test("tokens: 43 URL-safe characters, names unique per user, unknown names refused")
  func tokens() async throws {
    try await withPOETQ { app in
      let (user, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let token = try #require(client.token)
      #expect(token.count == 43)
      #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
      let userID = try user.requireID()
      await #expect(throws: Refusal.self) { try await APITokens.create(name: "Tests", for: userID, on: app.db) }
      await #expect(throws: Refusal.self) { try await APITokens.create(name: "  ", for: userID, on: app.db) }
      await #expect(throws: Refusal.self) { try await APITokens.revoke(name: "nope", for: userID, on: app.db) }
      let second = try await APITokens.create(name: "export", for: userID, on: app.db)
      #expect(second != token)
      #expect(try await APITokens.list(for: userID, on: app.db).map(\.name).sorted() == ["export", "tests"])
    }
  }

  @Test("a viewer can read but not change (403); a non-member gets 404, never 403")
  func roles() async throws {
    try await withPOETQ { app in
      let (_, owner) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await owner.createStudy("Shared study", template: "poetq")
      let (viewerUser, viewer) = try await APIClient.researcher(app, email: "vi@example.org")
      let (researcherUser, researcher) = try await APIClient.researcher(app, email: "re@example.org")
      let (_, stranger) = try await APIClient.researcher(app, email: "eve@example.org")
      let study = try #require(try await Study.query(on: app.db).filter(\.$slug == slug).first())
      try await StudyMembership(studyID: study.requireID(), userID: viewerUser.requireID(), role: .viewer).save(
        on: app.db)
      try await StudyMembership(studyID: study.requireID(), userID: researcherUser.requireID(), role: .researcher)
        .save(on: app.db)
      let before = try await DesignSnapshot.of(slug, on: app.db)
      let base = "/api/v1/studies/\(slug)"

      let read = try await viewer.get(base)
      #expect(read.status == .ok)
      #expect(try read.content.decode(StudyDTO.self).role == .viewer)
      for path in ["/statements", "/distribution", "/distribution/suggestion", "/sites"] {
        #expect(try await viewer.get(base + path).status == .ok, "viewer GET \(path)")
      }
      let listed = try await viewer.get("/api/v1/studies").content.decode([StudyListItemDTO].self)
      #expect(listed.map(\.slug) == [slug] && listed.first?.role == .viewer)

      let refused = try await viewer.put(base + "/statements", #"[{"text": "Viewers cannot write"}]"#)
      #expect(refused.status == .forbidden)
      #expect(refused.apiError?.reason.contains("viewer") == true, "\(refused.body.string)")
      #expect(try await viewer.patch(base, #"{"title": "Mine now"}"#).status == .forbidden)
      #expect(try await viewer.post(base + "/sites", #"{"name": "Site F"}"#).status == .forbidden)
      #expect(try await viewer.delete(base + "/statements/1").status == .forbidden)
      #expect(try await viewer.post(base + "/status", #"{"status": "open"}"#).status == .forbidden)

      for response in [
        try await stranger.get(base), try await stranger.get(base + "/statements"),
        try await stranger.put(base + "/statements", #"[{"text": "Outsiders cannot write"}]"#),
        try await stranger.patch(base, #"{"title": "Mine now"}"#),
        try await stranger.delete(base + "/statements/1"),
      ] {
        #expect(response.status == .notFound, "\(response.body.string)")
        #expect(response.apiError?.reason.contains("not shared with you") == true)
      }
      #expect(try await stranger.get("/api/v1/studies").content.decode([StudyListItemDTO].self).isEmpty)
      #expect(try await DesignSnapshot.of(slug, on: app.db) == before)

      let renamed = try await researcher.patch(base, #"{"title": "Renamed by a researcher"}"#)
      #expect(renamed.status == .ok, "\(renamed.body.string)")
      #expect(try renamed.content.decode(StudyDTO.self).title == "Renamed by a researcher")
    }
  }

  @Test("a study from the POETQ template: 201, its 40 statements and the 2,3,4,6,10,6,4,3,2 grid")
  func fromTemplate() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let created = try await client.post(
        "/api/v1/studies", #"{"title": "Joint commissioning 2026", "template": "poetq"}"#)
      #expect(created.status == .created)
      #expect(created.headers.first(name: .location) == "/api/v1/studies/joint-commissioning-2026")
      let study = try created.content.decode(StudyDTO.self)
      #expect(study.slug == "joint-commissioning-2026")
      #expect(study.status == .draft && study.role == .owner)
      #expect(study.counts.statements == 40 && study.counts.columns == 9 && study.counts.gridCapacity == 40)
      #expect(study.counts.sites == 5 && study.counts.questions >= 5)
      #expect(study.locked == false)
      #expect(created.body.string.contains(#""lockedReason":null"#), "lockedReason is present, null when unlocked")

      let statements = try await client.get("/api/v1/studies/\(study.slug)/statements")
        .content.decode([StatementDTO].self)
      #expect(statements.count == 40)
      #expect(statements.map(\.number) == Array(1...40))
      #expect(statements.allSatisfy { !$0.text.isEmpty && !$0.codes.isEmpty })

      let grid = try await client.get("/api/v1/studies/\(study.slug)/distribution").content.decode(DistributionDTO.self)
      #expect(grid.kind == .forced)
      #expect(grid.columns.map(\.capacity) == [2, 3, 4, 6, 10, 6, 4, 3, 2])
      #expect(grid.columns.map(\.score) == Array(-4...4))

      let suggestion = try await client.get(
        "/api/v1/studies/\(study.slug)/distribution/suggestion?statements=33&min=-3&max=3")
      #expect(suggestion.status == .ok, "\(suggestion.body.string)")
      let suggested = try suggestion.content.decode(DistributionDTO.self)
      #expect(suggested.columns.map(\.score) == Array(-3...3))
      #expect(suggested.columns.reduce(0) { $0 + $1.capacity } == 33)
      #expect(suggested.columns.map(\.capacity) == suggested.columns.map(\.capacity).reversed(), "symmetric")
      let defaults = try await client.get("/api/v1/studies/\(study.slug)/distribution/suggestion")
        .content.decode(DistributionDTO.self)
      #expect(defaults.columns.reduce(0) { $0 + $1.capacity } == 40 && defaults.columns.count == 9)
      let badQuery = try await client.get("/api/v1/studies/\(study.slug)/distribution/suggestion?statements=many")
      #expect(badQuery.status == .unprocessableEntity)
      #expect(badQuery.apiError?.reason == #"statements: "many" is not a whole number."#)
      let tooFew = try await client.get("/api/v1/studies/\(study.slug)/distribution/suggestion?statements=3")
      #expect(tooFew.status == .unprocessableEntity && tooFew.apiError?.reason.hasPrefix("Score range") == true)

      let unknown = try await client.post("/api/v1/studies", #"{"title": "Other", "template": "kade"}"#)
      #expect(unknown.status == .unprocessableEntity)
      #expect(unknown.apiError?.reason.hasPrefix("template:") == true)
      let blank = try await client.post("/api/v1/studies", #"{"title": "   "}"#)
      #expect(blank.status == .unprocessableEntity)
      #expect(blank.apiError?.reason == "Title: please give the study a title.")
      #expect(try await Study.query(on: app.db).count() == 1)
    }
  }

  @Test("PATCH changes only the fields sent; read-only fields sent back are ignored, typos refused")
  func patchTexts() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Texts", template: "poetq")
      let path = "/api/v1/studies/\(slug)"
      let original = try await client.get(path).content.decode(StudyDTO.self)

      let first = try await client.patch(
        path, #"{"texts": {"consentText": "I agree."}, "settings": {"sortMode": "grid"}}"#)
      #expect(first.status == .ok, "\(first.body.string)")
      let patched = try first.content.decode(StudyDTO.self)
      #expect(patched.texts.consentText == "I agree." && patched.texts.consentVersion == 1)
      #expect(patched.settings.sortMode == .grid)
      #expect(patched.title == original.title && patched.texts.instruction == original.texts.instruction)
      #expect(patched.settings.commentScores == original.settings.commentScores)
      let second = try await client.patch(path, #"{"texts": {"consentText": "I agree, again."}}"#)
      #expect(try second.content.decode(StudyDTO.self).texts.consentVersion == 2, "changed consent, new version")

      // What GET returned can be sent back unchanged.
      let roundTrip = try await client.patch(path, try await client.get(path).body.string)
      #expect(roundTrip.status == .ok, "\(roundTrip.body.string)")

      let typo = try await client.patch(path, #"{"texts": {"consent_text": "Typo"}}"#)
      #expect(typo.status == .badRequest)
      #expect(
        typo.apiError?.reason.hasPrefix("texts.consent_text: there is no such field") == true, "\(typo.body.string)")
      let emptyTitle = try await client.patch(path, #"{"title": " "}"#)
      #expect(
        emptyTitle.status == .unprocessableEntity && emptyTitle.apiError?.reason == "Title: this cannot be empty.")
      let badColumns = try await client.patch(path, #"{"settings": {"commentScores": [-4, 9]}}"#)
      #expect(badColumns.status == .unprocessableEntity)
      #expect(badColumns.apiError?.reason.hasPrefix("Comment columns:") == true, "\(badColumns.body.string)")
      let status = try await client.patch(path, #"{"status": "open"}"#)
      #expect(status.status == .unprocessableEntity && status.apiError?.reason.contains("/status") == true)
      let kind = try await client.patch(path, #"{"settings": {"distributionKind": "free"}}"#)
      #expect(kind.status == .unprocessableEntity && kind.apiError?.reason.contains("/distribution") == true)
      let mode = try await client.patch(path, #"{"settings": {"sortMode": "swipe"}}"#)
      #expect(mode.status == .unprocessableEntity && mode.apiError?.reason.hasPrefix("settings.sortMode") == true)

      let after = try await client.get(path).content.decode(StudyDTO.self)
      #expect(after.texts.consentText == "I agree, again." && after.title == original.title)
      #expect(after.settings.sortMode == .grid && after.settings.distributionKind == .forced)
      #expect(after.status == .draft)
    }
  }

  @Test("malformed JSON is a 400 naming the problem; wrong media type 415; unknown routes a JSON 404")
  func badRequests() async throws {
    try await withPOETQ { app in
      let (_, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let slug = try await client.createStudy("Bad input", template: "poetq")

      let truncated = try await client.post("/api/v1/studies", #"{"title": "#)
      #expect(truncated.status == .badRequest)
      #expect(truncated.headers.contentType == .json)
      #expect(truncated.apiError?.reason.hasPrefix("Body: the request body is not valid JSON") == true)
      let wrongType = try await client.post("/api/v1/studies", #"{"title": 5}"#)
      #expect(wrongType.status == .badRequest && wrongType.apiError?.reason == "title: expected a string.")
      let missing = try await client.post("/api/v1/studies", #"{"template": "blank"}"#)
      #expect(missing.status == .badRequest && missing.apiError?.reason == "title: this field is required.")
      let nested = try await client.put(
        "/api/v1/studies/\(slug)/distribution",
        #"{"columns": [{"score": -1, "capacity": 1}, {"score": 0, "capacity": "two"}]}"#)
      #expect(nested.status == .badRequest)
      #expect(nested.apiError?.reason == "columns[1].capacity: expected a whole number.", "\(nested.body.string)")
      let noBody = try await client.send(.PUT, "/api/v1/studies/\(slug)/statements")
      #expect(noBody.status == .badRequest && noBody.apiError?.reason == "Body: this request needs a JSON body.")
      var form = HTTPHeaders()
      form.contentType = .urlEncodedForm
      let formPost = try await client.send(.POST, "/api/v1/studies", json: "title=Form", headers: form)
      #expect(formPost.status == .unsupportedMediaType && formPost.apiError != nil)

      let nowhere = try await client.get("/api/v1/studies/\(slug)/participants/everyone")
      #expect(nowhere.status == .notFound)
      #expect(nowhere.apiError?.reason.hasPrefix("There is no API route GET") == true, "\(nowhere.body.string)")
      #expect(try await client.send(.DELETE, "/api/v1/studies").status == .notFound)
      #expect(try await Study.query(on: app.db).count() == 1, "nothing was created by the refused posts")
    }
  }
}
