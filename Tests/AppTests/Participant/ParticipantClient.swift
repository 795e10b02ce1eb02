import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A participant in miniature: opens `/p/<code>`, reads the revision and the choices off the page,
/// posts forms as the pages do (no session, no CSRF: the code is the credential).
struct ParticipantClient {
  let app: Application
  let code: String
  /// The last page fetched.
  var page = ""
  var path: String { "/p/\(code)" }

  init(_ app: Application, code: String) {
    self.app = app
    self.code = code
  }

  /// The POETQ template study, texts written, opened, with one invited participant at Site A.
  static func openTemplateStudy(_ app: Application, configure: (Study) -> Void = { _ in }) async throws -> (
    Study, ParticipantClient
  ) {
    let (_, study, client) = try await openedTemplate(app, configure: configure)
    return (study, client)
  }

  /// As ``openTemplateStudy(_:configure:)``, with the owner's signed-in browser.
  static func openedTemplate(_ app: Application, configure: (Study) -> Void = { _ in }) async throws -> (
    TestBrowser, Study, ParticipantClient
  ) {
    var (browser, study) = try await StudyEditingTests.templateStudy(app)
    study.consentText = "I agree to take part."
    study.informationSheet = "What the study is about."
    study.contactDetails = "ada@example.org"
    configure(study)
    try await study.save(on: app.db)
    let opened = try await browser.post("/studies/\(study.slug)/status", ["status": "open"])
    #expect(opened.status == .seeOther, "the study opens")
    return (browser, study, try await invite(app, to: study))
  }

  /// A new invited participant of `study` at its first site.
  static func invite(_ app: Application, to study: Study, preview: Bool = false) async throws -> ParticipantClient {
    let site = try #require(
      try await Site.query(on: app.db).filter(\.$study.$id == study.requireID()).sort(\.$position).first())
    let participant = Participant(
      studyID: try study.requireID(), siteID: try site.requireID(), code: ParticipantCode.make(), isPreview: preview)
    try await participant.save(on: app.db)
    return ParticipantClient(app, code: participant.code)
  }

  @discardableResult
  mutating func get(_ query: String = "", acceptLanguage: String? = nil) async throws -> TestingHTTPResponse {
    let response = try await send(.GET, path + query, body: nil, accept: nil, acceptLanguage: acceptLanguage)
    page = response.body.string
    return response
  }

  /// Posts `pairs` (plus the page's revision unless given) and, on a redirect, fetches the page.
  @discardableResult
  mutating func post(_ pairs: [(String, String)], to suffix: String = "", revision: Int? = nil, json: Bool = false)
    async throws -> TestingHTTPResponse
  {
    var pairs = pairs
    if suffix.isEmpty { pairs.append(("revision", String(revision ?? self.revision))) }
    let response = try await send(
      .POST, path + suffix, body: Self.encode(pairs), accept: json ? "application/json" : nil)
    if response.status == .seeOther {
      let location = try #require(response.headers.first(name: .location))
      let next = try await send(.GET, location, body: nil, accept: nil)
      page = next.body.string
    } else if !json {
      page = response.body.string
    }
    return response
  }

  static func encode(_ pairs: [(String, String)]) -> String {
    pairs.map { name, value in
      let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
      return "\(encode(name))=\(encode(value))"
    }.joined(separator: "&")
  }

  /// Sends one request to any address (a form body when `body` is given), as the browser does.
  func send(_ method: HTTPMethod, _ path: String, body: String? = nil, acceptLanguage: String?) async throws
    -> TestingHTTPResponse
  {
    try await send(method, path, body: body, accept: nil, acceptLanguage: acceptLanguage)
  }

  private func send(
    _ method: HTTPMethod, _ path: String, body: String?, accept: String?, acceptLanguage: String? = nil
  ) async throws -> TestingHTTPResponse {
    var headers = HTTPHeaders()
    if body != nil { headers.contentType = .urlEncodedForm }
    if let accept { headers.add(name: .accept, value: accept) }
    if let acceptLanguage { headers.add(name: .acceptLanguage, value: acceptLanguage) }
    var captured: TestingHTTPResponse?
    try await app.testing().test(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
      captured = $0
    }
    return try #require(captured)
  }

  // MARK: - Reading the page

  /// Every capture of `pattern`'s first group on the page.
  func matches(_ pattern: String) -> [String] { pageMatches(page, pattern) }

  /// Every capture of `pattern`'s first group in `page`.
  func pageMatches(_ page: String, _ pattern: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern)
    return regex.matches(in: page, range: NSRange(page.startIndex..., in: page)).compactMap {
      Range($0.range(at: 1), in: page).map { String(page[$0]) }
    }
  }

  var revision: Int { matches(#"name="revision" value="(\d+)""#).first.flatMap { Int($0) } ?? 0 }
  /// The statement the presort asks about.
  var presortStatement: Int? { matches(#"name="statement" value="(\d+)""#).first.flatMap { Int($0) } }
  /// The ranking's candidates and how many to choose.
  var candidates: [Int] { matches(#"name="chosen" value="(\d+)""#).compactMap { Int($0) } }
  var chooseCount: Int? { matches(#"data-count="(\d+)""#).first.flatMap { Int($0) } }
  var heading: String { matches(#"<h1[^>]*>([^<]*)</h1>"#).first ?? "" }

  func response(on db: any Database) async throws -> SortResponse? {
    let participant = try #require(try await Participant.query(on: db).filter(\.$code == code).first())
    return try await SortResponse.query(on: db).filter(\.$participant.$id == participant.requireID()).first()
  }

  func participant(on db: any Database) async throws -> Participant {
    try #require(try await Participant.query(on: db).filter(\.$code == code).first())
  }
}
