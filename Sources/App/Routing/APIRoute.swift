import Vapor

/// The JSON API's study routes, below `/api/v1` (documented in `docs/openapi.yaml`, which
/// APITests+OpenAPI checks against the registered routes both ways). One value registers a route
/// (`.key` parameters, ``registered``) and makes its `Location` (`.value`s, ``href``).
enum APIRoute: AppRoute {
  /// The caller's studies (GET) and a new study (POST).
  case studies
  /// A new study from a data file (POST).
  case studyFromData
  /// A route of one study.
  case study(Parameter<String>, StudyAPIRoute)

  var segments: [RouteSegment] {
    [.literal("api"), .literal("v1")] + relative
  }

  /// The segments below `/api/v1`.
  private var relative: [RouteSegment] {
    switch self {
    case .studies: [.literal("studies")]
    case .studyFromData: [.literal("studies"), .literal("from-data")]
    case .study(let slug, let route): [.literal("studies"), .parameter("slug", slug)] + route.segments
    }
  }

  /// What the API's group (already below `/api/v1`) registers.
  var registered: [PathComponent] { Array(pathComponents.dropFirst(2)) }

  /// A study's route linked by its slug.
  static func study(_ slug: String, _ route: StudyAPIRoute = .show) -> APIRoute { .study(.value(slug), route) }
}

/// The routes of one study in the API, below `/api/v1/studies/<slug>`.
enum StudyAPIRoute: Hashable, Sendable {
  /// The study (GET, PATCH) and its status (POST).
  case show
  case status
  /// The Q-set (GET, PUT, POST) and one statement by its number (GET, PATCH, DELETE).
  case statements
  case statement(Parameter<Int>)
  /// The grid (GET, PUT) and a suggestion for it (GET).
  case distribution
  case distributionSuggestion
  /// The sites (GET, POST) and one site (GET, PATCH, DELETE).
  case sites
  case site(Parameter<UUID>)
  /// The participants (GET) and one's withdrawal (POST).
  case participants
  case withdrawParticipant(Parameter<UUID>)

  var segments: [RouteSegment] {
    switch self {
    case .show: []
    case .status: [.literal("status")]
    case .statements: [.literal("statements")]
    case .statement(let number): [.literal("statements"), .parameter("number", number)]
    case .distribution: [.literal("distribution")]
    case .distributionSuggestion: [.literal("distribution"), .literal("suggestion")]
    case .sites: [.literal("sites")]
    case .site(let id): [.literal("sites"), .parameter("id", id)]
    case .participants: [.literal("participants")]
    case .withdrawParticipant(let id): [.literal("participants"), .parameter("id", id), .literal("withdraw")]
    }
  }
}
