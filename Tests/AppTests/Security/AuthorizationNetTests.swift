import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A net over every route the app registers: whatever is added later is covered without a new test.
@Suite("Authorization net")
struct AuthorizationNetTests {
  /// A concrete path for a route: `:slug` is the study's, any other parameter a fresh UUID.
  static func path(_ route: Route, slug: String) -> String {
    "/"
      + route.path.map { component -> String in
        switch component {
        case .constant(let text): text
        case .parameter(let name): name == "slug" ? slug : UUID().uuidString
        case .anything, .catchall: "x"
        }
      }
      .joined(separator: "/")
  }

  static func isUnder(_ route: Route, _ first: String) -> Bool {
    if case .constant(first) = route.path.first { return true }
    return false
  }

  static func hasSlug(_ route: Route) -> Bool {
    route.path.contains { if case .parameter("slug") = $0 { true } else { false } }
  }

  @Test("every /studies route refuses the anonymous (sign-in) and non-members (404); every /api/v1 route wants a token")
  func net() async throws {
    try await withPOETQ { app in
      var owner = try await StudyBuilderTests.signedIn(app, email: "ada@example.org", name: "Ada")
      try await owner.post("/studies", ["title": "Private", "template": "poetq"])
      var outsider = try await StudyBuilderTests.signedIn(app, email: "eve@example.org", name: "Eve")
      var anonymous = TestBrowser(app)
      try await anonymous.get("/login")

      let routes = app.routes.all
      let studyRoutes = routes.filter { Self.isUnder($0, "studies") }
      let apiRoutes = routes.filter {
        Self.isUnder($0, "api") && $0.path.count > 2
      }
      var checked = 0
      for route in studyRoutes {
        let path = Self.path(route, slug: "private")
        let response: TestingHTTPResponse
        if route.method == .GET {
          response = try await anonymous.get(path)
        } else {
          response = try await anonymous.post(path, [:])
        }
        #expect(
          response.status == .seeOther && response.headers.first(name: .location) == "/login",
          "\(route.method) \(path) sends the anonymous to sign in (got \(response.status))")
        checked += 1
        guard Self.hasSlug(route) else { continue }
        let refused =
          route.method == .GET ? try await outsider.get(path) : try await outsider.post(path, [:])
        #expect(refused.status == .notFound, "\(route.method) \(path) is 404 for a non-member (got \(refused.status))")
        #expect(!refused.body.string.contains("Private"), "a non-member learns nothing of the study at \(path)")
      }
      for route in apiRoutes {
        let path = Self.path(route, slug: "private")
        var headers = HTTPHeaders()
        headers.contentType = .json
        var status: HTTPResponseStatus?
        try await app.testing().test(route.method, path, headers: headers, body: ByteBuffer(string: "{}")) {
          status = $0.status
        }
        #expect(status == .unauthorized, "\(route.method) \(path) wants a token (got \(String(describing: status)))")
        checked += 1
      }
      let total = studyRoutes.count + apiRoutes.count
      print(
        "Authorization net: \(checked) of \(total) /studies and /api/v1 routes checked (\(routes.count) routes in all)")
      #expect(checked == total)
      #expect(studyRoutes.count > 40)
      _ = owner
    }
  }
}
