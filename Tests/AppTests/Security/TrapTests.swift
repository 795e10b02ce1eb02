import Fluent
import Foundation
import POETQKit
import QMethod
import Testing
import VaporTesting

@testable import App

/// Input that used to stop the whole server (issue 24): a repeated form field; and the scan that
/// keeps the trapping constructs out of the sources.
@Suite("No trap reachable from input")
struct TrapTests {
  @Test("a repeated `asked` field over a real port: 400 naming it, nothing saved, the server still serving")
  func repeatedAskedField() async throws {
    try await withRunningPOETQ { app, baseURL in
      let (_, _, invited) = try await ParticipantClient.openedTemplate(app)
      let port = SocketSession(baseURL: baseURL).port
      var client = invited
      let path = "/p/\(client.code)"
      client.page = try await SocketHTTP.send(port: port, method: "GET", path: path + "?step=consent").body
      let version = try #require(client.matches(#"name="version" value="(\d+)""#).first)
      let consent = try await SocketFormTests.post(
        port, path + "/consent", [("choice", "agree"), ("version", version)], .whole)
      #expect(consent.status == 303)
      client.page = try await SocketHTTP.send(port: port, method: "GET", path: path).body
      let revision = client.revision
      let before = try #require(try await client.response(on: app.db))

      // The issue's post, then other forms the pages never send.
      let cases: [(fields: [(String, String)], named: String)] = [
        ([("revision", "\(revision)"), ("action", "save"), ("asked", "role"), ("asked", "role")], "asked"),
        ([("revision", "\(revision)"), ("action", "continue"), ("asked", "role"), ("asked", "role")], "asked"),
        ([("revision", "\(revision)"), ("revision", "\(revision)"), ("action", "save")], "revision"),
        ([("revision", "\(revision)"), ("action", "save"), ("action", "continue")], "action"),
        ([("revision", "\(revision)"), ("action", "save"), ("asked", "role"), ("bogus", "1")], "bogus"),
        ([("revision", "\(revision)"), ("action", "save"), ("q.role", "Nurse")], "q.role"),
        ([("revision", "\(revision)"), ("action", "presort"), ("statement", "1"), ("statement", "2")], "statement"),
      ]
      for (fields, named) in cases {
        let refused = try await SocketFormTests.post(port, path, fields, .whole)
        #expect(refused.status == 400, "\(fields): \(refused.status)")
        #expect(refused.body.contains("“\(named)”"), "the page names \(named): \(refused.body.prefix(2000))")
        #expect(refused.body.contains("nothing was saved"))
        let json = try await SocketHTTP.send(
          port: port, method: "POST", path: path,
          headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
          body: Data(
            fields.map { "\(SocketSession.encode($0.0))=\(SocketSession.encode($0.1))" }.joined(separator: "&").utf8))
        #expect(json.status == 400 && json.body.contains(named), "a background save is refused too: \(json.body)")
      }

      let health = try await SocketHTTP.send(port: port, method: "GET", path: "/healthz")
      #expect(health.status == 200, "the server still answers")
      let after = try #require(try await client.response(on: app.db))
      #expect(after.revision == before.revision && after.stage == before.stage, "nothing was saved")
      let page = try await SocketHTTP.send(port: port, method: "GET", path: path)
      #expect(page.status == 200 && page.body.contains(#"name="asked""#), "still on the questionnaire")

      // The same page then saves as the pages send it.
      client.page = page.body
      let saved = try await SocketFormTests.post(
        port, path, client.answers() + [("action", "save"), ("revision", "\(client.revision)")], .whole)
      #expect(saved.status == 303, "a proper save is accepted: \(saved.status)")
    }
  }

  /// The constructs that stop the process whatever the input: none is left in the sources (force
  /// unwraps that remain are each guarded where they stand; the report of issue 24 lists them).
  @Test("no uniqueKeysWithValues, try!, as! or fatalError in App, POETQKit or QMethod")
  func sourcesHoldNoTraps() throws {
    var found: [String] = []
    for target in ["App", "POETQKit", "QMethod"] {
      let root = packageRoot.appendingPathComponent("Sources/\(target)")
      let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
      for case let url as URL in files where url.pathExtension == "swift" {
        let text = try String(contentsOf: url, encoding: .utf8)
        for (number, line) in text.components(separatedBy: "\n").enumerated() {
          let code = line.trimmingCharacters(in: .whitespaces)
          guard !code.hasPrefix("//") else { continue }
          for construct in ["uniqueKeysWithValues", "try!", "as!", "fatalError("] where code.contains(construct) {
            found.append(
              "\(url.path.replacingOccurrences(of: packageRoot.path + "/", with: "")):\(number + 1): \(code)")
          }
        }
      }
    }
    #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
  }
}
