import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// The spreadsheet's address, `…/translations/<tag>.csv`: one route value registers `:tag.csv` and
/// links to `fr.csv`, and the handler reads the tag back without the extension.
@Suite("Translation routes")
struct TranslationRoutesTests {
  @Test("a file parameter registers :tag.csv, links to fr.csv and reads back fr; another extension is not it")
  func fileParameter() async throws {
    let registered = APIRoute.study(.key, .translationsCSV(.key))
    #expect(registered.registered.map(\.description) == ["studies", ":slug", "translations", ":tag.csv"])
    #expect(APIRoute.study("pilot", .translationsCSV(.value("fr"))).href == "/api/v1/studies/pilot/translations/fr.csv")
    #expect(APIRoute.study("pilot", .translations(.value("fr"))).href == "/api/v1/studies/pilot/translations/fr")
    #expect(
      StudyRoute.texts(.translation(.value("ar"))).href(slug: "pilot") == "/studies/pilot/texts/translations/ar.csv")
    let app = try await Application.make(.testing)
    do {
      app.get(SiteRoute.study(.key, .texts(.translation(.key))).pathComponents) { req in
        req.fileParameter("tag", extension: "csv") ?? "-"
      }
      for (path, tag) in [("fr.csv", "fr"), ("fr.txt", "-"), ("fr", "-")] {
        try await app.testing().test(.GET, "/studies/pilot/texts/translations/\(path)") { response in
          #expect(response.body.string == tag, "\(path)")
        }
      }
    } catch {
      try await app.asyncShutdown()
      throw error
    }
    try await app.asyncShutdown()
  }
}
