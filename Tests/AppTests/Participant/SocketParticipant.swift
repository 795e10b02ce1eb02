import Foundation
import Testing
import VaporTesting

@testable import App

/// A participant's browser without JavaScript, over a real socket: sends its `Accept-Language`
/// with every request, follows each post's redirect, and posts every field a form holds (the
/// hidden `lang` and `revision` too), as Chromium does with scripts off.
struct SocketParticipant {
  let port: Int
  let code: String
  var acceptLanguage: String?
  /// The last page, read with ``ParticipantClient``'s readers.
  var reader: ParticipantClient
  var status = 0
  var path: String { "/p/\(code)" }
  var page: String { reader.page }

  init(_ app: Application, baseURL: String, code: String, acceptLanguage: String?) {
    port = SocketSession(baseURL: baseURL).port
    self.code = code
    self.acceptLanguage = acceptLanguage
    reader = ParticipantClient(app, code: code)
  }

  private var headers: [(String, String)] {
    [("Accept", SocketSession.browserAccept)] + (acceptLanguage.map { [("Accept-Language", $0)] } ?? [])
  }

  @discardableResult
  mutating func get(_ target: String) async throws -> SocketHTTP.Response {
    let response = try await SocketHTTP.send(port: port, method: "GET", path: target, headers: headers)
    status = response.status
    reader.page = response.body
    return response
  }

  /// Posts `fields` to `target` (the flow's address unless given) and follows the redirect.
  @discardableResult
  mutating func post(_ fields: [(String, String)], to target: String? = nil) async throws -> SocketHTTP.Response {
    let body = fields.map { "\(SocketSession.encode($0.0))=\(SocketSession.encode($0.1))" }.joined(separator: "&")
    let response = try await SocketHTTP.send(
      port: port, method: "POST", path: target ?? path,
      headers: headers + [("Content-Type", "application/x-www-form-urlencoded")], body: Data(body.utf8))
    status = response.status
    if response.status == 303, let location = response.header("Location") {
      try await get(location)
    } else {
      reader.page = response.body
    }
    return response
  }

  /// The page's `<html lang>` and `dir`.
  var htmlLanguage: (lang: String, dir: String) {
    let found = reader.matches(#"<html lang="([^"]*)" dir="[^"]*">"#).first ?? ""
    return (found, reader.matches(#"<html lang="[^"]*" dir="([^"]*)">"#).first ?? "")
  }

  /// The `lang` every form on the page carries (one value; empty when the page has no form).
  var formLanguages: Set<String> { Set(reader.matches(#"name="lang" value="([^"]*)""#)) }

  /// The hidden fields a no-script browser sends with the page's forms besides the pressed button.
  var carried: [(String, String)] {
    [("revision", String(reader.revision))] + (formLanguages.first.map { [("lang", $0)] } ?? [])
  }

  /// One step forward from whatever page this is, as a participant would take it: consent, answer
  /// the questions, sort (the first 15 agree, 10 neutral), choose the first candidates, confirm the
  /// grid, leave comments empty, submit. False on the thank-you page (nothing left to do).
  mutating func step(sorted: inout Int) async throws -> Bool {
    if page.contains(#"name="version""#), page.contains(#"value="agree""#) {
      let version = try #require(reader.matches(#"name="version" value="(\d+)""#).first)
      try await post(
        [("lang", formLanguages.first ?? ""), ("version", version), ("choice", "agree")], to: path + "/consent")
    } else if page.contains(#"id="proceed" href=""#) {
      let href = try #require(reader.matches(#"id="proceed" href="([^"]+)""#).first)
      try await get(href.replacingOccurrences(of: "&amp;", with: "&"))
    } else if page.contains(#"name="asked""#) {
      try await post(carried + reader.answers() + [("action", "continue")])
    } else if let statement = reader.presortStatement, page.contains(#"name="pile""#) {
      let pile = sorted < 15 ? "agree" : sorted < 25 ? "neutral" : "disagree"
      sorted += 1
      try await post(carried + [("action", "presort"), ("statement", String(statement)), ("pile", pile)])
    } else if let count = reader.chooseCount {
      try await post(carried + reader.candidates.prefix(count).map { ("chosen", String($0)) } + [("action", "choose")])
    } else if page.contains(#"name="action" value="continue""#) {
      try await post(carried + [("action", "continue")])
    } else {
      return false
    }
    #expect([200].contains(status), "each step lands on a page: \(status) \(reader.heading)")
    return true
  }
}
