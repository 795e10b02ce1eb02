import Fluent
import Vapor

/// The researcher's list of studies. (The study builder arrives with the rest of the server issue.)
struct StudiesController: RouteCollection {
  struct StudyRow: Encodable {
    var title: String
    var slug: String
    var status: String
    var role: String
  }

  struct IndexPage: Encodable {
    var title = "Studies"
    var csrf: String
    var userName: String
    var studies: [StudyRow]
  }

  func boot(routes: any RoutesBuilder) throws {
    let signedIn = routes.grouped(User.redirectMiddleware(path: "/login"))
    signedIn.get("studies", use: index)
  }

  func index(req: Request) async throws -> View {
    let user = try req.auth.require(User.self)
    let memberships = try await StudyMembership.query(on: req.db)
      .filter(\.$user.$id == user.requireID())
      .with(\.$study)
      .all()
    let rows = memberships.map {
      StudyRow(title: $0.study.title, slug: $0.study.slug, status: $0.study.status.rawValue, role: $0.role.rawValue)
    }
    .sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }
    return try await req.view.render(
      "studies/index", IndexPage(csrf: CSRF.token(for: req), userName: user.name, studies: rows))
  }
}
