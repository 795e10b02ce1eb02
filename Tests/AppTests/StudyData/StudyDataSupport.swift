import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

extension ParticipantClient {
  /// Takes part from consent to the thank-you page: `role` as the answer to the role question,
  /// `comment` on every statement the comments page asks about.
  mutating func completeSort(role: String = "Practice nurse", comment: String = "Because.") async throws {
    try await consent()
    let before = answers().map { ($0.0, $0.0 == "q.role" ? role : $0.1) }
    #expect(try await post(before + [("action", "continue")]).status == .seeOther)
    try await presortAll(agree: 15, neutral: 10)
    try await post([("action", "continue")])
    try await rankAll()
    try await post([("action", "continue")])  // the grid is confirmed
    let commented = matches(#"name="(c\.\d+)""#)
    #expect(!commented.isEmpty, "the comments page asks about the extreme columns")
    try await post(commented.map { ($0, comment) } + [("action", "continue")])
    try await post([("action", "continue")])  // questions after: submit
    #expect(page.contains("Thank you"), "the sort is submitted")
  }
}

extension TestBrowser {
  /// Posts a multipart form (a file upload) with the session cookie and the CSRF token.
  func upload(_ path: String, files: [(field: String, name: String, data: Data)], fields: [(String, String)] = [])
    async throws -> TestingHTTPResponse
  {
    let boundary = "poetq-test-boundary"
    var body = Data()
    func part(_ header: String, _ content: Data) {
      body.append(Data("--\(boundary)\r\n\(header)\r\n\r\n".utf8))
      body.append(content)
      body.append(Data("\r\n".utf8))
    }
    for (name, value) in fields + [("csrf", csrf ?? "")] {
      part("Content-Disposition: form-data; name=\"\(name)\"", Data(value.utf8))
    }
    for file in files {
      part(
        "Content-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream",
        file.data)
    }
    body.append(Data("--\(boundary)--\r\n".utf8))
    var headers = HTTPHeaders()
    if let cookie { headers.add(name: .cookie, value: cookie) }
    headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    var captured: TestingHTTPResponse?
    try await app.testing().test(.POST, path, headers: headers, body: ByteBuffer(bytes: Array(body))) { captured = $0 }
    return try #require(captured)
  }

  /// Copies the study at `slug` as "POETQ again", uploads `dat` with `sta` to the copy's import, and
  /// confirms the preview for the copy's site `siteName`, each step checked to succeed.
  /// - Returns: the copy, the site the sorts went to, and the preview page's HTML.
  mutating func importIntoCopy(of slug: String, dat: String, sta: String, site siteName: String) async throws -> (
    copy: Study, site: Site, preview: String
  ) {
    #expect(try await post("/studies/\(slug)/copy", ["title": "POETQ again"]).status == .seeOther)
    let copy = try #require(try await Study.query(on: app.db).filter(\.$title == "POETQ again").first())
    _ = try await get("/studies/\(copy.slug)/data")
    let preview = try await upload(
      "/studies/\(copy.slug)/data/import",
      files: [("file", "POETQ.DAT", Data(dat.utf8)), ("texts", "POETQ.STA", Data(sta.utf8))])
    #expect(preview.status == .ok)
    let site = try #require(
      try await Site.query(on: app.db).filter(\.$study.$id == copy.requireID()).filter(\.$name == siteName).first())
    let confirmed = try await post(
      "/studies/\(copy.slug)/data/import/confirm",
      pairs: Self.hiddenFields(preview.body.string) + [("site", try site.requireID().uuidString)])
    #expect(confirmed.status == .seeOther)
    return (copy, site, preview.body.string)
  }

  /// The hidden fields of the import preview's confirm form, to post back as the page would.
  static func hiddenFields(_ html: String) -> [(String, String)] {
    let regex = try! NSRegularExpression(pattern: #"<input type="hidden" name="([^"]+)" value="([^"]*)">"#)
    return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
      guard let name = Range(match.range(at: 1), in: html), let value = Range(match.range(at: 2), in: html) else {
        return nil
      }
      let text = String(html[value]).replacingOccurrences(of: "&#43;", with: "+")
        .replacingOccurrences(of: "&#x2B;", with: "+").replacingOccurrences(of: "&amp;", with: "&")
        .replacingOccurrences(of: "&quot;", with: "\"")
      return (String(html[name]), text)
    }.filter { $0.0 != "csrf" }
  }
}

/// Two completed sorts in the opened POETQ template study, the first at Site A with a role that a
/// spreadsheet would run as a formula and comments that start with "=".
enum StudyDataFixture {
  static func twoSorts(_ app: Application) async throws -> (TestBrowser, Study, [ParticipantClient]) {
    var (browser, study, first) = try await ParticipantClient.openedTemplate(app)
    try await first.completeSort(role: "=2+3", comment: "=HYPERLINK(\"http://evil\")")
    var second = try await ParticipantClient.invite(app, to: study)
    try await second.completeSort()
    _ = try await browser.get("/studies/\(study.slug)/data")
    return (browser, study, [first, second])
  }

  static func participant(_ app: Application, _ client: ParticipantClient) async throws -> Participant {
    try await client.participant(on: app.db)
  }
}
