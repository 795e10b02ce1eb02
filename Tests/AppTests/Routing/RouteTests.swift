import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// One route value registers a path and renders its links (issue 27): what is linked is what is
/// served, with parameter values kept whole as one path segment.
@Suite("Typed routes")
struct RouteTests {
  static let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF") ?? UUID()

  @Test("a key route registers `:name` components; a value route links to the same shape")
  func shapes() {
    let key = SiteRoute.study(.key, .statements(.up(.key)))
    #expect(key.pathComponents.map(\.description) == ["studies", ":slug", "statements", ":id", "up"])
    #expect(
      StudyRoute.statements(.up(.value(Self.id))).href(slug: "pilot") == "/studies/pilot/statements/\(Self.id)/up")
    #expect(SiteRoute.study("pilot").href == "/studies/pilot")
    #expect(SiteRoute.home.href == "/")
    #expect(StudySection.overview.path(slug: "pilot") == "/studies/pilot")
    #expect(StudySection.compare.path(slug: "pilot") == "/studies/pilot/compare")
  }

  @Test("every tab links to the page its area registers first")
  func tabs() {
    for section in StudySection.allCases where section != .overview {
      let path = section.path(slug: "s")
      #expect(path.hasPrefix("/studies/s/"), "\(section)")
      #expect(!path.dropFirst("/studies/s/".count).contains("/"), "\(section): a tab is one segment below the study")
    }
  }

  @Test("values with a slash, a space, ? or # or non-ASCII letters stay one segment and come back whole")
  func roundTrip() async throws {
    let app = try await Application.make(.testing)
    do {
      let registered = SiteRoute.study(.key, .statements(.delete(.key)))
      app.get(registered.pathComponents) { req in
        "\(req.parameters.get("slug") ?? "-")|\(req.parameters.get("id") ?? "-")"
      }
      for slug in ["plain", "a/b", "with space", "what?#now", "Zürich-東京", "%41"] {
        let href = SiteRoute.study(.value(slug), .statements(.delete(.value(Self.id)))).href
        #expect(href.split(separator: "/").count == 5, "\(slug) → \(href)")
        try await app.testing().test(.GET, href) { response in
          #expect(response.status == .ok, "\(href)")
          #expect(response.body.string == "\(slug)|\(Self.id)", "\(href)")
        }
      }
    } catch {
      try await app.asyncShutdown()
      throw error
    }
    try await app.asyncShutdown()
  }
}
