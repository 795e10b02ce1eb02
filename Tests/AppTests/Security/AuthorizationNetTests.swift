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

  /// A path for a route with every parameter but `:slug` set to `id` (`:factor` to 1, `:format` to csv).
  static func path(_ route: Route, slug: String, id: UUID) -> String {
    "/"
      + route.path.map { component -> String in
        switch component {
        case .constant(let text): text
        case .parameter("slug"): slug
        case .parameter("factor"): "1"
        case .parameter("format"): "csv"
        case .parameter: id.uuidString
        case .anything, .catchall: "x"
        }
      }
      .joined(separator: "/")
  }

  /// Whether the route names something besides the study (an analysis, a participant, a site…).
  static func hasIDs(_ route: Route) -> Bool {
    route.path.contains {
      if case .parameter(let name) = $0 { !["slug", "factor", "format"].contains(name) } else { false }
    }
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

  /// Issue 24: a site lead must get nothing of another site's sorts on any route.
  @Test(
    "every study route, as a researcher limited to Site B against Site A's data, is refused (403/404) or gives nothing of Site A away"
  )
  func siteLimitedNet() async throws {
    try await withPOETQ { app in
      var f = try await SiteLimitFixture.make(app)
      let slug = SiteLimitFixture.slug
      let routes = app.routes.all.filter { Self.hasSlug($0) }
      let studyRoutes = routes.filter { Self.isUnder($0, "studies") }
      let apiRoutes = routes.filter { Self.isUnder($0, "api") }
      let targets: [(String, UUID)] = [
        ("Site A's analysis", f.localA), ("the all-sites analysis", f.allSites),
        ("a Site A participant", f.participantA), ("Site A", f.siteA),
      ]
      let statusesBefore = try await Participant.query(on: app.db).filter(\.$site.$id == f.siteA).filter(
        \.$isPreview == false
      ).all()
        .map { "\($0.code) \($0.status.rawValue)" }.sorted()
      let sitesBefore = try await DesignSnapshot.of(slug, on: app.db).sites
      try await f.lead.get("/studies/\(slug)/analyses/new")
      var checked = 0
      var refused = 0
      for route in studyRoutes + apiRoutes {
        let isAPI = Self.isUnder(route, "api")
        for (target, id) in Self.hasIDs(route) ? targets : [("the study", UUID())] {
          let path = Self.path(route, slug: slug, id: id)
          let response: TestingHTTPResponse
          if isAPI {
            let body: String? = [.GET, .DELETE].contains(route.method) ? nil : "{}"
            response = try await f.leadAPI.send(route.method, path, json: body)
          } else if route.method == .GET {
            response = try await f.lead.get(path)
          } else {
            response = try await f.lead.post(path, [:])
          }
          checked += 1
          let what = "\(route.method) \(path) (\(target)): \(response.status)"
          if [.forbidden, .notFound].contains(response.status) {
            refused += 1
          } else {
            let leaks = f.leaks(in: response.body)
            #expect(leaks.isEmpty, "\(what) gives away \(leaks.prefix(5))")
          }
          #expect(response.status.code < 500, "\(what)")
          // Site management is for members who see every site.
          if route.method != .GET,
            route.path.contains(where: { if case .constant("sites") = $0 { true } else { false } })
          {
            #expect(response.status == .forbidden, "\(what): site management")
          }
        }
      }
      // Nothing of Site A's changed, and nothing the lead ran holds a Site A sort.
      let statusesAfter = try await Participant.query(on: app.db).filter(\.$site.$id == f.siteA).filter(
        \.$isPreview == false
      ).all()
        .map { "\($0.code) \($0.status.rawValue)" }.sorted()
      #expect(statusesAfter == statusesBefore, "Site A's participants unchanged")
      #expect(try await DesignSnapshot.of(slug, on: app.db).sites == sitesBefore, "the sites unchanged")
      let cy = try #require(try await User.query(on: app.db).filter(\.$email == "cy@example.org").first())
      for analysis in try await Analysis.query(on: app.db).filter(\.$createdBy.$id == cy.requireID()).all() {
        #expect(Set(analysis.usedSortIDs ?? []).isDisjoint(with: f.sortsA), "the lead's “\(analysis.name)”")
      }
      print(
        "Authorization net (site limits): \(checked) requests (\(refused) refused) over \(studyRoutes.count) /studies and \(apiRoutes.count) /api/v1 study routes, as a Site B lead (browser and token) against Site A's data"
      )
      #expect(studyRoutes.count > 40 && apiRoutes.count > 20)
    }
  }
}
