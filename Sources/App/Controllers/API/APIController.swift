import Vapor

/// The JSON API under `/api/v1` (documented in `docs/openapi.yaml`). Every route needs an API token
/// (`Authorization: Bearer …`, made with `poetq user token`), answers errors as JSON, and reaches a
/// study only through ``StudyAccess`` and changes it only through ``StudyEditor``.
struct APIController: RouteCollection {
  static let methods: [HTTPMethod] = [.GET, .POST, .PUT, .PATCH, .DELETE]

  func boot(routes: any RoutesBuilder) throws {
    let api = routes.grouped("api", "v1")
      .grouped(APIErrorMiddleware(), APITokenAuthenticator(), APITokenGuard())
    try api.register(collection: APIStudiesController())
    try api.register(collection: APIStudyFromDataController())
    try api.register(collection: APIStatementsController())
    try api.register(collection: APIDistributionController())
    try api.register(collection: APISitesController())
    try api.register(collection: APIInterpretationsController())
    try api.register(collection: APIAnalysesController())
    try api.register(collection: APIParticipantsController())
    try api.register(collection: APITranslationsController())
    // Anything else under /api/v1 is a JSON 404, not the site's page.
    for method in Self.methods {
      api.on(method, "**") { req -> Response in
        throw Abort(.notFound, reason: "There is no API route \(req.method.rawValue) \(req.url.path).")
      }
    }
  }
}
