import Fluent
import Foundation
import QMethod
import Testing
import VaporTesting

@testable import App

/// Every JSON body of the API refuses a field it does not know (one mechanism, ``APIBody``), and a
/// 400 speaks the API's words, never the decoder's.
@Suite("API bodies")
struct APIStrictBodyTests {
  /// The demo (an analysis of it done, for the analysis routes) and a blank draft study of the same
  /// researcher (for the design routes, which a study with responses locks).
  static func studies(_ app: Application) async throws -> (demo: String, draft: String, analysis: UUID, APIClient) {
    let (study, client) = try await AnalysisAPITests.demo(app)
    let draft = try await client.createStudy("Strict bodies", template: "poetq")
    let id = try await AnalysisAPITests.queue(
      client, study.slug, #"{"name": "Two", "extraction": "centroid", "factors": 2, "rotation": "varimax"}"#)
    let done = try await AnalysisAPITests.finished(client, study.slug, id)
    #expect(done.status == .done)
    return (study.slug, draft, id, client)
  }

  /// How many studies, statements, sites, analyses and interpretations there are.
  static func footprint(_ app: Application) async throws -> [Int] {
    [
      try await Study.query(on: app.db).count(), try await StudyStatement.query(on: app.db).count(),
      try await Site.query(on: app.db).count(), try await Analysis.query(on: app.db).count(),
      try await InterpretationRecord.query(on: app.db).count(),
    ]
  }

  /// Routes that take no body (a re-run; a participant's withdrawal, whose reason is the page's alone).
  static let bodiless: Set<String> = ["rerun", "withdraw"]
  /// Routes whose body is files, not JSON (a study from a data file, a translator's CSV): they
  /// refuse JSON with a 415.
  static let multipart: Set<String> = ["from-data", "translations"]

  @Test("every API route with a body refuses an unknown field with a 400 naming it, and changes nothing")
  func unknownFieldsEverywhere() async throws {
    try await withPOETQ { app in
      let (demo, draft, analysisID, client) = try await Self.studies(app)
      let draftStudy = try #require(try await Study.query(on: app.db).filter(\.$slug == draft).first())
      let site = try #require(
        try await Site.query(on: app.db).filter(\.$study.$id == draftStudy.requireID()).first()?.requireID())
      let routes = app.routes.all.filter { route in
        [.POST, .PUT, .PATCH].contains(route.method) && route.path.first?.description == "api"
          && !route.path.contains {
            Self.bodiless.contains($0.description) || Self.multipart.contains($0.description) || $0.description == "**"
          }
      }
      #expect(routes.count >= 11, "the body routes: \(routes.map(\.description))")
      for route in routes {
        let onAnalysis =
          route.path.contains { $0.description == "analyses" } && route.path.contains { $0.description == ":id" }
        let path =
          "/"
          + route.path.map { component -> String in
            switch component.description {
            case ":slug": onAnalysis ? demo : draft
            case ":id": onAnalysis ? analysisID.uuidString : site.uuidString
            case ":number", ":factor": "1"
            default: component.description
            }
          }.joined(separator: "/")
        let before = try await Self.footprint(app)
        for body in [#"{"bogusField": 1}"#, #"[{"bogusField": 1}]"#] {
          let response = try await client.send(route.method, path, json: body)
          // A route that takes only an object (or only a list) says so for the other shape.
          if response.apiError?.reason.hasPrefix("Body: expected a") == true { continue }
          #expect(
            response.status == .badRequest,
            "\(route.method) \(path) \(body): \(response.status) \(response.body.string)")
          #expect(
            response.apiError?.reason.contains("bogusField: there is no such field here") == true,
            "\(route.method) \(path): \(response.body.string)")
        }
        #expect(try await Self.footprint(app) == before, "\(route.method) \(path) changed nothing")
      }
    }
  }

  @Test("the interpretation PUT refuses a misspelt field instead of emptying the text")
  func interpretationRefusesUnknownKeys() async throws {
    try await withPOETQ { app in
      let (demo, _, analysisID, client) = try await Self.studies(app)
      let path = "/api/v1/studies/\(demo)/analyses/\(analysisID)/factors/1"
      let saved = try await client.put(path, #"{"name": "Carers first", "argument": "Families hold it together"}"#)
      #expect(saved.status == .ok, "\(saved.body.string)")
      let typo = try await client.put(path, #"{"name": "Carers first", "argumnet": "Oops", "revision": 1}"#)
      #expect(typo.status == .badRequest)
      #expect(typo.apiError?.reason.hasPrefix("argumnet: there is no such field here") == true, "\(typo.body.string)")
      let quote = try await client.put(path, #"{"quotes": [{"sort": "A1", "statement": 1, "txt": "x"}]}"#)
      #expect(
        quote.apiError?.reason.hasPrefix("quotes[0].txt: there is no such field here") == true, "\(quote.body.string)")
      let stored = try await client.get(path)
      #expect(stored.body.string.contains("Families hold it together"), "the argument is kept")
      // What GET returned can be sent back (its `factor` is accepted and ignored).
      let roundTrip = try await client.put(path, stored.body.string)
      #expect(roundTrip.status == .ok, "\(roundTrip.body.string)")
    }
  }

  @Test("a 400 names the field and its choices in the API's words, never the decoder's")
  func decoderWordsReplaced() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let path = "/api/v1/studies/\(study.slug)/analyses"
      let cases: [(String, String)] = [
        (
          #"{"name": "x", "extraction": "pcaa", "factors": 2, "rotation": "varimax"}"#,
          "extraction: must be one of centroid, pca, horst, not “pcaa”."
        ),
        (
          #"{"name": "x", "extraction": "pca", "factors": 2, "rotation": "quartimax"}"#,
          "rotation: must be one of varimax, "
        ),
        (
          #"{"name": "x", "extraction": "pca", "factors": 2, "rotation": "varimax", "correlation": "kendall"}"#,
          "correlation: must be one of "
        ),
        (#"{"name": "x", "extraction": "pca", "factors": 2.5, "rotation": "varimax"}"#, "Body: a number does not fit"),
        (
          #"{"name": "x", "extraction": "pca", "factors": 1e400, "rotation": "varimax"}"#, "Body: "
        ),
        (#"{"name": "x", "#, "Body: the request body is not valid JSON."),
      ]
      for (body, reason) in cases {
        let response = try await client.post(path, body)
        #expect(response.status == .badRequest, "\(body): \(response.status)")
        let said = response.apiError?.reason ?? ""
        #expect(said.hasPrefix(reason), "\(body): \(said)")
        for decoderWord in [
          "Cannot initialize", "ExtractionMethod", "RotationMethod", "CorrelationMethod", "Swift", "couldn’t",
          "couldn't",
        ] {
          #expect(!said.contains(decoderWord), "\(body): \(said)")
        }
      }
    }
  }

  @Test("rotation angles that are not finite or beyond a full turn are refused naming the step, not run into NaN")
  func absurdAngles() async throws {
    try await withPOETQ { app in
      let (study, client) = try await AnalysisAPITests.demo(app)
      let path = "/api/v1/studies/\(study.slug)/analyses"
      for angle in ["1e308", "-1e308", "361", "-400.5"] {
        let response = try await client.post(
          path,
          #"{"name": "x", "extraction": "centroid", "factors": 3, "rotation": "varimax", "rotate": [[1, 2, 5], [1, 3, \#(angle)]]}"#
        )
        #expect(response.status == .unprocessableEntity, "\(angle): \(response.status) \(response.body.string)")
        #expect(
          response.apiError?.reason.hasPrefix("rotate[1]: turn by -360 to 360 degrees") == true,
          "\(response.body.string)")
      }
      #expect(try await Analysis.query(on: app.db).count() == 0, "nothing queued")
      // The engine itself refuses them too (a stored analysis, the command line).
      let loadings = Matrix([[0.5, 0.2], [0.1, 0.7], [0.3, 0.3]])
      for degrees in [1e308, -1e308, .infinity, .nan, 360.5] {
        #expect(throws: QMethodError.self, "\(degrees)") {
          try JudgmentalRotation.apply([RotationStep(first: 1, second: 2, degrees: degrees)], to: loadings)
        }
      }
      #expect(throws: Never.self) {
        try JudgmentalRotation.apply([RotationStep(first: 1, second: 2, degrees: -360)], to: loadings)
      }
    }
  }
}
