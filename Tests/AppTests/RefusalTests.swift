import Foundation
import POETQKit
import Testing
import VaporTesting

@testable import App

/// Services refuse in their own terms (``Refusal``, or an error of their own that is ``Refusing``)
/// and never in HTTP's; `Middleware/Refusal+HTTP.swift` is the one place that gives a refusal its
/// status, for the pages, the builder's forms and the API alike (issue 27).
@Suite("Refusals")
struct RefusalTests {
  @Test("each kind of refusal is answered with its status and its reason; a busy one says when to retry")
  func statuses() {
    let cases: [(Refusal, HTTPResponseStatus)] = [
      (.invalid("Title: keep it under 200 characters."), .unprocessableEntity),
      (.forbidden("Sites: you work with some only."), .forbidden),
      (.notFound("Site: that site is not in this study."), .notFound),
      (.conflict("This analysis is running."), .conflict),
      (.busy("Too many sign-ins at once.", retryAfter: 7), .serviceUnavailable),
    ]
    for (refusal, status) in cases {
      let answered: any AbortError = refusal
      #expect(answered.status == status, "\(refusal.kind)")
      #expect(answered.reason == refusal.message)
    }
    #expect(Refusal.busy("Busy.", retryAfter: 7).headers.first(name: "Retry-After") == "7")
    #expect(Refusal.invalid("Title: x.").headers.first(name: "Retry-After") == nil)
    let fault: any AbortError = ServerFault("Responses need an SQL database.")
    #expect(fault.status == .internalServerError)
  }

  @Test("a service's own errors are answered as their refusal: a list's problems, a stale save, a design rule")
  func ownErrors() {
    let list = ParticipantListError(["Line 2, email: X@example.org is already a participant of this study."])
    #expect(list.status == .unprocessableEntity)
    #expect(
      list.reason
        == "Nothing imported: 1 problem in the list. Line 2, email: X@example.org is already a participant of this study."
    )
    let stale = InterpretationStore.Stale(current: .init(interpretation: FactorInterpretation(), revision: 4))
    #expect(stale.status == .conflict)
    #expect(stale.reason == "revision: this factor was saved elsewhere since (now revision 4); reload to see it.")
    let design = DesignError(field: "Text", line: 4, "a statement needs some text.")
    #expect(design.status == .unprocessableEntity)
    #expect(design.reason == "Line 4, Text: a statement needs some text.")
  }

  @Test("a refusal is the same status and reason as an error page and as an API answer")
  func pageAndAPI() async throws {
    try await withPOETQ { app in
      let refusal = Refusal.conflict("Sites: Site A has 3 participants, so it cannot be removed. Rename it instead.")
      let page = await ErrorPageMiddleware.response(
        for: refusal, to: Request(application: app, on: app.eventLoopGroup.any()))
      #expect(page.status == .conflict)
      let html = page.body.string ?? ""
      #expect(html.contains("so it cannot be removed. Rename it instead."), "\(html.prefix(500))")

      let request = Request(application: app, on: app.eventLoopGroup.any())
      request.headers.replaceOrAdd(name: .accept, value: "application/json")
      let api = APIErrorMiddleware.response(for: refusal, to: request)
      #expect(api.status == .conflict)
      let body = try JSONDecoder().decode(APIErrorDTO.self, from: Data((api.body.string ?? "").utf8))
      #expect(body == APIErrorDTO(error: true, reason: refusal.message))

      let busy = APIErrorMiddleware.response(for: Refusal.busy("Try again.", retryAfter: 10), to: request)
      #expect(busy.status == .serviceUnavailable && busy.headers.first(name: "Retry-After") == "10")
    }
  }

  /// What HTTP a service may not speak: statuses, `Abort`, responses. Comments aside.
  static let httpTerms = [
    "Abort(", "AbortError", "HTTPResponseStatus", "HTTPStatus", "-> Response {", "Response(status", "Response.download",
  ]

  @Test("no service throws an HTTP error or builds a response")
  func servicesSpeakNoHTTP() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let services = root.appendingPathComponent("Sources/App/Services")
    let files = try #require(FileManager.default.enumerator(at: services, includingPropertiesForKeys: nil))
    var found: [String] = []
    var read = 0
    for case let file as URL in files where file.pathExtension == "swift" {
      read += 1
      let text = try String(contentsOf: file, encoding: .utf8)
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let code = line.trimmingCharacters(in: .whitespaces)
        if code.hasPrefix("//") { continue }
        let beforeComment = code.components(separatedBy: " // ").first ?? code
        for term in Self.httpTerms where beforeComment.contains(term) {
          found.append("\(file.lastPathComponent):\(number + 1): \(code)")
        }
      }
    }
    #expect(read > 50, "the services were read from \(services.path)")
    #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
  }
}
