import Fluent
import Vapor

/// `GET /healthz`: 200 with the database backend when the database answers.
struct HealthController: RouteCollection {
  struct Health: Content {
    var status: String
    var database: String
  }

  func boot(routes: any RoutesBuilder) throws {
    routes.get("healthz", use: show)
  }

  func show(req: Request) async throws -> Health {
    _ = try await User.query(on: req.db).count()
    return Health(status: "ok", database: req.application.poetqConfig.database.name)
  }
}
