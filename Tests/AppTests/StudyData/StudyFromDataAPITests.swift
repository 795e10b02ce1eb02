import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// `POST /api/v1/studies/from-data`: the page's study for scripts, multipart in, a 201 with the
/// study out; JSON, a lying file and no token are refused and create nothing.
@Suite("API: new study from data")
struct StudyFromDataAPITests {
  /// Posts `files` as multipart/form-data with the client's token.
  static func upload(_ client: APIClient, files: [(field: String, name: String, data: Data)]) async throws
    -> TestingHTTPResponse
  {
    let boundary = "poetq-api-boundary"
    var body = Data()
    for file in files {
      body.append(
        Data(
          ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n").utf8))
      body.append(file.data)
      body.append(Data("\r\n".utf8))
    }
    body.append(Data("--\(boundary)--\r\n".utf8))
    var headers = HTTPHeaders()
    if let token = client.token { headers.bearerAuthorization = BearerAuthorization(token: token) }
    headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    return try await client.app.testing().sendRequest(
      .POST, "/api/v1/studies/from-data", headers: headers, body: ByteBuffer(bytes: Array(body)))
  }

  @Test(
    "LIPSET .DAT + .STA makes a closed study owned by the caller (201); JSON, a short .STA and no token create nothing")
  func fromData() async throws {
    try StudyFromDataFixture.requireReference()
    try await withPOETQ { app in
      let (user, client) = try await APIClient.researcher(app, email: "ada@example.org")
      let json = try await client.post("/api/v1/studies/from-data", #"{"title": "Lipset"}"#)
      #expect(json.status == .unsupportedMediaType, "\(json.body.string)")
      let lie = try #require(try StudyFromDataFixture.lyingUploads().last)
      let refused = try await Self.upload(client, files: lie.files)
      #expect(refused.status == .unprocessableEntity)
      for name in lie.names { #expect(refused.apiError?.reason.contains(name) == true, "\(refused.body.string)") }
      var anonymous = client
      anonymous.token = nil
      let files: [(field: String, name: String, data: Data)] = [
        ("dat", "LIPSET.DAT", try StudyFromDataFixture.file("LIPSET.DAT")),
        ("sta", "LIPSET.STA", try StudyFromDataFixture.file("LIPSET.STA")),
      ]
      #expect(try await Self.upload(anonymous, files: files).status == .unauthorized)
      #expect(try await Study.query(on: app.db).count() == 0, "nothing was created")

      let created = try await Self.upload(client, files: files)
      #expect(created.status == .created, "\(created.body.string)")
      let study = try #require(try await Study.query(on: app.db).first())
      #expect(created.headers.first(name: .location) == "/api/v1/studies/\(study.slug)")
      #expect(created.body.string.contains("\"status\":\"closed\""))
      #expect(study.title == "lipset: Lipset (1963) value patterns, cf. Brown 1980")
      #expect(try await Participant.query(on: app.db).filter(\.$study.$id == study.requireID()).count() == 9)
      let membership = try #require(try await StudyMembership.query(on: app.db).first())
      #expect(membership.$user.id == user.id && membership.role == .owner)
    }
  }
}
